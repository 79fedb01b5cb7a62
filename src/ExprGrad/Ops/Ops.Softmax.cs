namespace ExprGrad;

public static partial class Ops
{
    /// <summary>log Σᵢ exp(aᵢ), computed stably as m + log Σᵢ exp(aᵢ − m) with m the maximum, so large elements do
    /// not overflow (LogSumExp([1000, 1000]) is 1000 + log 2); −∞ for an empty vector. Its gradient is Softmax(a).</summary>
    /// <param name="a">A vector.</param>
    public static double LogSumExp(double[] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        Span<double> scratch = a.Length <= 256 ? stackalloc double[a.Length] : new double[a.Length];
        return Kernels.LogSumExp(a, scratch);
    }

    /// <summary>The stable log-sum-exp of each row (see <see cref="LogSumExp(double[])"/>): element i is
    /// log Σⱼ exp(m[i, j]).</summary>
    /// <param name="m">An r×c matrix.</param>
    /// <returns>A new vector of length r.</returns>
    public static double[] LogSumExp(double[,] m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var result = new double[m.GetLength(0)];
        Span<double> scratch = m.GetLength(1) <= 256 ? stackalloc double[m.GetLength(1)] : new double[m.GetLength(1)];
        for (int i = 0; i < result.Length; i++) result[i] = Kernels.LogSumExp(Kernels.Row(m, i), scratch);
        return result;
    }

    /// <summary>exp(aᵢ) / Σⱼ exp(aⱼ), computed stably with the maximum subtracted first (elements of ±1000 are
    /// fine; an infinite or NaN element makes every element NaN).</summary>
    /// <param name="a">A vector.</param>
    public static double[] Softmax(double[] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var y = new double[a.Length];
        Kernels.Softmax(a, y);
        return y;
    }

    /// <summary>The softmax of each row (see <see cref="Softmax(double[])"/>): every row of the result sums to 1.</summary>
    /// <param name="m">An r×c matrix.</param>
    public static double[,] Softmax(double[,] m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var y = Kernels.NewLike(m);
        for (int i = 0; i < m.GetLength(0); i++) Kernels.Softmax(Kernels.Row(m, i), Kernels.Row(y, i));
        return y;
    }

    /// <summary>aᵢ − log Σⱼ exp(aⱼ), the log of the softmax computed without forming it (stable: no log of an
    /// underflowed 0 for elements far below the maximum).</summary>
    /// <param name="a">A vector.</param>
    public static double[] LogSoftmax(double[] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var y = new double[a.Length];
        Kernels.LogSoftmax(a, y);
        return y;
    }

    /// <summary>The log-softmax of each row (see <see cref="LogSoftmax(double[])"/>).</summary>
    /// <param name="m">An r×c matrix.</param>
    public static double[,] LogSoftmax(double[,] m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var y = Kernels.NewLike(m);
        for (int i = 0; i < m.GetLength(0); i++) Kernels.LogSoftmax(Kernels.Row(m, i), Kernels.Row(y, i));
        return y;
    }
}
