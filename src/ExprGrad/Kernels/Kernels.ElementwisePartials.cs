namespace ExprGrad;

/// <summary>
/// Backward kernels of elementwise primitives declared by their partial (<see cref="ElementwisePartial"/>):
/// g∘p(y, x), for vectors and matrices alike (row-major storage).
/// </summary>
internal static partial class Kernels
{
    public static double[] PartialBackward(double[] g, double[] y, double[] x, ElementwisePartial p)
    {
        var result = new double[g.Length];
        PartialBackward(g, y, x, result, p);
        return result;
    }

    public static double[,] PartialBackward(double[,] g, double[,] y, double[,] x, ElementwisePartial p)
    {
        var result = NewLike(g);
        PartialBackward(Flat(g), Flat(y), Flat(x), Flat(result), p);
        return result;
    }

    private static void PartialBackward(ReadOnlySpan<double> g, ReadOnlySpan<double> y, ReadOnlySpan<double> x, Span<double> result,
        ElementwisePartial p)
    {
        for (int i = 0; i < result.Length; i++)
        {
            if (g[i] == 0 && p.ZeroMultiplierWins)
            {
                result[i] = 0;
                continue;
            }
            var d = p.Value(y[i], x[i]);
            // 0·∞ would be NaN where the function is smooth; a NaN partial is kept.
            result[i] = p.Unbounded && g[i] == 0 && double.IsInfinity(d) ? 0 : g[i] * d;
        }
    }
}
