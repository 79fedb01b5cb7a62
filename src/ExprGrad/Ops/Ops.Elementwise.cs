namespace ExprGrad;

public static partial class Ops
{
    /// <summary>x² of every element.</summary>
    /// <param name="a">A vector.</param>
    public static double[] Square(double[] a) => Each(a, static x => x * x);

    /// <summary>x² of every element.</summary>
    /// <param name="a">A matrix.</param>
    public static double[,] Square(double[,] a) => Each(a, static x => x * x);

    /// <summary>√x of every element (NaN below 0; its derivative is +∞ at 0).</summary>
    /// <param name="a">A vector.</param>
    public static double[] Sqrt(double[] a) => Each(a, Math.Sqrt);

    /// <summary>√x of every element (NaN below 0; its derivative is +∞ at 0).</summary>
    /// <param name="a">A matrix.</param>
    public static double[,] Sqrt(double[,] a) => Each(a, Math.Sqrt);

    /// <summary>|x| of every element; its derivative at 0 is 0, as for <see cref="Math.Abs(double)"/>.</summary>
    /// <param name="a">A vector.</param>
    public static double[] Abs(double[] a) => Each(a, Math.Abs);

    /// <summary>|x| of every element; its derivative at 0 is 0, as for <see cref="Math.Abs(double)"/>.</summary>
    /// <param name="a">A matrix.</param>
    public static double[,] Abs(double[,] a) => Each(a, Math.Abs);

    /// <summary>log(1 + eˣ) of every element, computed stably as max(x, 0) + log(1 + e^−|x|); its derivative is the sigmoid.</summary>
    /// <param name="a">A vector.</param>
    public static double[] Softplus(double[] a) => Each(a, SoftplusOf);

    /// <summary>log(1 + eˣ) of every element, computed stably as max(x, 0) + log(1 + e^−|x|); its derivative is the sigmoid.</summary>
    /// <param name="a">A matrix.</param>
    public static double[,] Softplus(double[,] a) => Each(a, SoftplusOf);

    /// <summary>GELU of every element in its tanh approximation (Hendrycks &amp; Gimpel):
    /// ½x(1 + tanh(√(2/π)(x + 0.044715x³))), not the exact x·Φ(x).</summary>
    /// <param name="a">A vector.</param>
    public static double[] Gelu(double[] a) => Each(a, GeluOf);

    /// <summary>GELU of every element in its tanh approximation (Hendrycks &amp; Gimpel):
    /// ½x(1 + tanh(√(2/π)(x + 0.044715x³))), not the exact x·Φ(x).</summary>
    /// <param name="a">A matrix.</param>
    public static double[,] Gelu(double[,] a) => Each(a, GeluOf);

    internal const double GeluScale = 0.7978845608028654; // √(2/π)
    internal const double GeluCubic = 0.044715;

    private static double SoftplusOf(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    private static double GeluOf(double x) => 0.5 * x * (1 + Math.Tanh(GeluScale * (x + GeluCubic * x * x * x)));

    private static double[] Each(double[] a, Func<double, double> f)
    {
        ArgumentNullException.ThrowIfNull(a);
        var c = new double[a.Length];
        for (int i = 0; i < c.Length; i++) c[i] = f(a[i]);
        return c;
    }

    private static double[,] Each(double[,] a, Func<double, double> f)
    {
        ArgumentNullException.ThrowIfNull(a);
        var c = Kernels.NewLike(a);
        var source = Kernels.Flat(a);
        var target = Kernels.Flat(c);
        for (int i = 0; i < target.Length; i++) target[i] = f(source[i]);
        return c;
    }
}
