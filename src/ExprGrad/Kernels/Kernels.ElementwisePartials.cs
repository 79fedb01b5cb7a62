namespace ExprGrad;

/// <summary>
/// Backward kernels of elementwise primitives declared by their partial (<see cref="ElementwisePartial"/>):
/// g∘p(y, x), and its tangent with respect to y and x, for vectors and matrices alike (row-major storage).
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

    /// <summary>g∘(∂p/∂y∘ẏ + ∂p/∂x∘ẋ): the part of the backward kernel's tangent that comes from y and x.</summary>
    public static double[] PartialBackwardTangent(double[] g, double[] y, double[] x, double[] dy, double[] dx, ElementwisePartial p)
    {
        var result = new double[g.Length];
        PartialBackwardTangent(g, y, x, dy, dx, result, p);
        return result;
    }

    public static double[,] PartialBackwardTangent(double[,] g, double[,] y, double[,] x, double[,] dy, double[,] dx, ElementwisePartial p)
    {
        var result = NewLike(g);
        PartialBackwardTangent(Flat(g), Flat(y), Flat(x), Flat(dy), Flat(dx), Flat(result), p);
        return result;
    }

    private static void PartialBackward(ReadOnlySpan<double> g, ReadOnlySpan<double> y, ReadOnlySpan<double> x, Span<double> result,
        ElementwisePartial p)
    {
        for (int i = 0; i < result.Length; i++)
        {
            var d = p.Value(y[i], x[i]);
            // 0·∞ would be NaN where the function is smooth; a NaN partial is kept.
            result[i] = p.Unbounded && g[i] == 0 && double.IsInfinity(d) ? 0 : g[i] * d;
        }
    }

    private static void PartialBackwardTangent(ReadOnlySpan<double> g, ReadOnlySpan<double> y, ReadOnlySpan<double> x,
        ReadOnlySpan<double> dy, ReadOnlySpan<double> dx, Span<double> result, ElementwisePartial p)
    {
        for (int i = 0; i < result.Length; i++)
        {
            var s = p.ByY(y[i], x[i]) * dy[i] + p.ByX(y[i], x[i]) * dx[i];
            result[i] = g[i] == 0 && double.IsInfinity(s) ? 0 : g[i] * s;
        }
    }
}
