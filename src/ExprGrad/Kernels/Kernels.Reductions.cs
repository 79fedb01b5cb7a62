namespace ExprGrad.Runtime;

/// <summary>The adjoints of the reductions: a per-row or per-column adjoint spread back over the matrix, and the
/// tie-splitting adjoints of Max, Min and MaxRows.</summary>
public static partial class Kernels
{
    /// <summary>A matrix shaped like <paramref name="like"/> whose row i is filled with g[i]: the adjoint of
    /// <see cref="Ops.SumRows"/>.</summary>
    public static double[,] RepeatColumn(double[] g, double[,] like)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(like);
        if (g.Length != like.GetLength(0))
            throw new ArgumentException($"RepeatColumn: {g.Length} values for the {like.GetLength(0)} rows of a {ShapeOf(like)} matrix.", nameof(g));
        var result = NewLike(like);
        for (int i = 0; i < g.Length; i++) Row(result, i).Fill(g[i]);
        return result;
    }

    /// <summary>A matrix shaped like <paramref name="like"/> whose every row is <paramref name="g"/>: the adjoint
    /// of <see cref="Ops.SumColumns"/>.</summary>
    public static double[,] RepeatRow(double[] g, double[,] like)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(like);
        if (g.Length != like.GetLength(1))
            throw new ArgumentException($"RepeatRow: {g.Length} values for the {like.GetLength(1)} columns of a {ShapeOf(like)} matrix.", nameof(g));
        var result = NewLike(like);
        for (int i = 0; i < like.GetLength(0); i++) g.CopyTo(Row(result, i));
        return result;
    }

    /// <summary>The adjoint of <see cref="Ops.Max(double[])"/>: g split evenly among the elements equal to the maximum.</summary>
    public static double[] MaxBackward(double g, double[] a) => TieBackward(g, a, Ops.Max(a));

    /// <summary>The adjoint of <see cref="Ops.Max(double[,])"/>: g split evenly among the elements equal to the maximum.</summary>
    public static double[,] MaxBackward(double g, double[,] a) => TieBackward(g, a, Ops.Max(a));

    /// <summary>The adjoint of <see cref="Ops.Min(double[])"/>: g split evenly among the elements equal to the minimum.</summary>
    public static double[] MinBackward(double g, double[] a) => TieBackward(g, a, Ops.Min(a));

    /// <summary>The adjoint of <see cref="Ops.Min(double[,])"/>: g split evenly among the elements equal to the minimum.</summary>
    public static double[,] MinBackward(double g, double[,] a) => TieBackward(g, a, Ops.Min(a));

    /// <summary>The adjoint of <see cref="Ops.MaxRows"/>: g[i] split evenly among the elements of row i equal to its maximum.</summary>
    public static double[,] MaxRowsBackward(double[] g, double[,] m)
    {
        ArgumentNullException.ThrowIfNull(g);
        var maxima = Ops.MaxRows(m);
        if (g.Length != maxima.Length)
            throw new ArgumentException($"MaxRowsBackward: {g.Length} adjoints for the {maxima.Length} rows of a {ShapeOf(m)} matrix.", nameof(g));
        var result = NewLike(m);
        for (int i = 0; i < g.Length; i++) TieBackward(g[i], Row(m, i), maxima[i], Row(result, i));
        return result;
    }

    // The extremum is recomputed from the argument rather than passed in: the adjoint is then a function of the
    // argument alone, piecewise constant in it, which is what its tangent (linear in g) says.
    private static double[] TieBackward(double g, double[] a, double extremum)
    {
        var result = new double[a.Length];
        TieBackward(g, a, extremum, result);
        return result;
    }

    private static double[,] TieBackward(double g, double[,] a, double extremum)
    {
        var result = NewLike(a);
        TieBackward(g, Flat(a), extremum, Flat(result));
        return result;
    }

    /// <summary>g/k to each of the k elements equal to <paramref name="extremum"/>; NaN everywhere when it is NaN
    /// (an element was NaN), as Math.Max gives NaN to both sides.</summary>
    private static void TieBackward(double g, ReadOnlySpan<double> a, double extremum, Span<double> result)
    {
        if (double.IsNaN(extremum))
        {
            result.Fill(double.NaN);
            return;
        }
        int ties = 0;
        foreach (var x in a) if (x == extremum) ties++;
        double share = g / ties;
        for (int i = 0; i < a.Length; i++) result[i] = a[i] == extremum ? share : 0.0;
    }
}
