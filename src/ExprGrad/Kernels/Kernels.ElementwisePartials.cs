namespace ExprGrad.Runtime;

/// <summary>
/// Backward kernels of elementwise primitives declared by their partial (<see cref="ElementwisePartial"/>):
/// g∘p(y, x), for vectors and matrices alike (row-major storage).
/// </summary>
public static partial class Kernels
{
    internal static double[] PartialBackward(double[] g, double[] y, double[] x, ElementwisePartial p) =>
        PartialBackward(g, y, x, p.Value, p.Unbounded, p.ZeroMultiplierWins);

    internal static double[,] PartialBackward(double[,] g, double[,] y, double[,] x, ElementwisePartial p) =>
        PartialBackward(g, y, x, p.Value, p.Unbounded, p.ZeroMultiplierWins);

    /// <summary>The backward pass of an elementwise primitive y = f(x): <c>g[i]·partial(y[i], x[i])</c> for every element.</summary>
    /// <param name="g">The adjoint of y.</param>
    /// <param name="y">The primitive's output.</param>
    /// <param name="x">The primitive's input.</param>
    /// <param name="partial">∂y/∂x as a function of (y, x).</param>
    /// <param name="unbounded">Whether the partial can be ±∞ at finite inputs: a zero adjoint then stays 0 (no 0·∞ = NaN).</param>
    /// <param name="zeroMultiplierWins">Whether a zero adjoint gives 0 whatever the partial, NaN included.</param>
    /// <returns>A new vector, the adjoint of x.</returns>
    public static double[] PartialBackward(double[] g, double[] y, double[] x, Func<double, double, double> partial, bool unbounded,
        bool zeroMultiplierWins)
    {
        var result = new double[g.Length];
        PartialBackward(g, y, x, result, partial, unbounded, zeroMultiplierWins);
        return result;
    }

    /// <summary>The backward pass of an elementwise primitive y = f(x) on matrices (see the vector overload).</summary>
    /// <param name="g">The adjoint of y.</param>
    /// <param name="y">The primitive's output.</param>
    /// <param name="x">The primitive's input.</param>
    /// <param name="partial">∂y/∂x as a function of (y, x).</param>
    /// <param name="unbounded">Whether the partial can be ±∞ at finite inputs.</param>
    /// <param name="zeroMultiplierWins">Whether a zero adjoint gives 0 whatever the partial.</param>
    /// <returns>A new matrix, the adjoint of x.</returns>
    public static double[,] PartialBackward(double[,] g, double[,] y, double[,] x, Func<double, double, double> partial, bool unbounded,
        bool zeroMultiplierWins)
    {
        var result = NewLike(g);
        PartialBackward(Flat(g), Flat(y), Flat(x), Flat(result), partial, unbounded, zeroMultiplierWins);
        return result;
    }

    private static void PartialBackward(ReadOnlySpan<double> g, ReadOnlySpan<double> y, ReadOnlySpan<double> x, Span<double> result,
        Func<double, double, double> partial, bool unbounded, bool zeroMultiplierWins)
    {
        for (int i = 0; i < result.Length; i++)
        {
            if (g[i] == 0 && zeroMultiplierWins)
            {
                result[i] = 0;
                continue;
            }
            var d = partial(y[i], x[i]);
            // 0·∞ would be NaN where the function is smooth; a NaN partial is kept.
            result[i] = unbounded && g[i] == 0 && double.IsInfinity(d) ? 0 : g[i] * d;
        }
    }
}
