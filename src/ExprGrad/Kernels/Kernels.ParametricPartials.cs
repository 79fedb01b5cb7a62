namespace ExprGrad;

/// <summary>
/// Backward kernels of elementwise primitives with a scalar parameter, declared by their partials
/// (<see cref="ParametricPartial"/>): g∘p(y, x, s), for vectors and
/// matrices alike (row-major storage). The parameter's adjoint is the sum of the same kernel over its partial.
/// </summary>
internal static partial class Kernels
{
    public static double[] ParametricBackward(double[] g, double[] y, double[] x, double s, ParametricPartial p)
    {
        RequireSameShape(p.Name, g, x);
        RequireSameShape(p.Name, y, x);
        var result = new double[g.Length];
        ParametricBackward(g, y, x, s, result, p);
        return result;
    }

    public static double[,] ParametricBackward(double[,] g, double[,] y, double[,] x, double s, ParametricPartial p)
    {
        RequireSameShape(p.Name, g, x);
        RequireSameShape(p.Name, y, x);
        var result = NewLike(g);
        ParametricBackward(Flat(g), Flat(y), Flat(x), s, Flat(result), p);
        return result;
    }

    private static void ParametricBackward(ReadOnlySpan<double> g, ReadOnlySpan<double> y, ReadOnlySpan<double> x, double s,
        Span<double> result, ParametricPartial p)
    {
        for (int i = 0; i < result.Length; i++)
        {
            if (g[i] == 0 && p.ZeroMultiplierWins)
            {
                result[i] = 0;
                continue;
            }
            var d = p.Value(y[i], x[i], s);
            // 0·∞ would be NaN where the function is smooth; a NaN partial is kept.
            result[i] = p.Unbounded && g[i] == 0 && double.IsInfinity(d) ? 0 : g[i] * d;
        }
    }
}
