namespace ExprGrad;

/// <summary>
/// Backward kernels of elementwise primitives with a scalar parameter, declared by their partials
/// (<see cref="ParametricPartial"/>): g∘p(y, x, s), and its tangent with respect to y, x and s, for vectors and
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

    /// <summary>g∘(∂p/∂y∘ẏ + ∂p/∂x∘ẋ + ∂p/∂s·ṡ): the part of the backward kernel's tangent that comes from y, x and s.</summary>
    public static double[] ParametricBackwardTangent(double[] g, double[] y, double[] x, double s, double[] dy, double[] dx, double ds,
        ParametricPartial p)
    {
        RequireSameShape(p.Name, g, x);
        RequireSameShape(p.Name, dy, dx);
        var result = new double[g.Length];
        ParametricBackwardTangent(g, y, x, s, dy, dx, ds, result, p);
        return result;
    }

    public static double[,] ParametricBackwardTangent(double[,] g, double[,] y, double[,] x, double s, double[,] dy, double[,] dx, double ds,
        ParametricPartial p)
    {
        RequireSameShape(p.Name, g, x);
        RequireSameShape(p.Name, dy, dx);
        var result = NewLike(g);
        ParametricBackwardTangent(Flat(g), Flat(y), Flat(x), s, Flat(dy), Flat(dx), ds, Flat(result), p);
        return result;
    }

    private static void ParametricBackward(ReadOnlySpan<double> g, ReadOnlySpan<double> y, ReadOnlySpan<double> x, double s,
        Span<double> result, ParametricPartial p)
    {
        for (int i = 0; i < result.Length; i++)
        {
            var d = p.Value(y[i], x[i], s);
            // 0·∞ would be NaN where the function is smooth; a NaN partial is kept.
            result[i] = p.Unbounded && g[i] == 0 && double.IsInfinity(d) ? 0 : g[i] * d;
        }
    }

    private static void ParametricBackwardTangent(ReadOnlySpan<double> g, ReadOnlySpan<double> y, ReadOnlySpan<double> x, double s,
        ReadOnlySpan<double> dy, ReadOnlySpan<double> dx, double ds, Span<double> result, ParametricPartial p)
    {
        for (int i = 0; i < result.Length; i++)
        {
            // An exactly zero tangent (a constant exponent, an inactive value) contributes nothing, even where the
            // partial's own derivative is 0·∞ = NaN (∂(2x)/∂p of x² at x = 0 goes through 0·log 0).
            var t = Term(p.ByY(y[i], x[i], s), dy[i]) + Term(p.ByX(y[i], x[i], s), dx[i]) + Term(p.ByS(y[i], x[i], s), ds);
            result[i] = g[i] == 0 && double.IsInfinity(t) ? 0 : g[i] * t;
        }

        static double Term(double partial, double tangent) => tangent == 0 ? 0 : partial * tangent;
    }
}
