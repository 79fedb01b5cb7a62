namespace ExprGrad.Runtime;

/// <summary>
/// Backward kernels of elementwise primitives with a scalar parameter, declared by their partials
/// (<see cref="ParametricPartial"/>): g∘p(y, x, s), for vectors and
/// matrices alike (row-major storage). The parameter's adjoint is the sum of the same kernel over its partial.
/// </summary>
public static partial class Kernels
{
    internal static double[] ParametricBackward(double[] g, double[] y, double[] x, double s, ParametricPartial p) =>
        ParametricBackward(g, y, x, s, p.Name, p.Value, p.Unbounded, p.ZeroMultiplierWins);

    internal static double[,] ParametricBackward(double[,] g, double[,] y, double[,] x, double s, ParametricPartial p) =>
        ParametricBackward(g, y, x, s, p.Name, p.Value, p.Unbounded, p.ZeroMultiplierWins);

    /// <summary>The backward pass of an elementwise primitive y = f(x; s) with a scalar parameter (LeakyRelu's slope,
    /// Pow's exponent): <c>g[i]·partial(y[i], x[i], s)</c> for every element.</summary>
    /// <param name="g">The adjoint of y.</param>
    /// <param name="y">The primitive's output.</param>
    /// <param name="x">The primitive's input.</param>
    /// <param name="s">The parameter.</param>
    /// <param name="name">The primitive's name, for the message when the shapes differ.</param>
    /// <param name="partial">∂y/∂x or ∂y/∂s as a function of (y, x, s).</param>
    /// <param name="unbounded">Whether the partial can be ±∞ at finite inputs: a zero adjoint then stays 0 (no 0·∞ = NaN).</param>
    /// <param name="zeroMultiplierWins">Whether a zero adjoint gives 0 whatever the partial, NaN included.</param>
    /// <returns>A new vector: the adjoint of x, or the terms whose sum is the adjoint of s.</returns>
    /// <exception cref="ArgumentException">g, y and x differ in length.</exception>
    public static double[] ParametricBackward(double[] g, double[] y, double[] x, double s, string name,
        Func<double, double, double, double> partial, bool unbounded, bool zeroMultiplierWins)
    {
        RequireSameShape(name, g, x);
        RequireSameShape(name, y, x);
        var result = new double[g.Length];
        ParametricBackward(g, y, x, s, result, partial, unbounded, zeroMultiplierWins);
        return result;
    }

    /// <summary>The backward pass of an elementwise primitive with a scalar parameter on matrices (see the vector overload).</summary>
    /// <param name="g">The adjoint of y.</param>
    /// <param name="y">The primitive's output.</param>
    /// <param name="x">The primitive's input.</param>
    /// <param name="s">The parameter.</param>
    /// <param name="name">The primitive's name, for the message when the shapes differ.</param>
    /// <param name="partial">∂y/∂x or ∂y/∂s as a function of (y, x, s).</param>
    /// <param name="unbounded">Whether the partial can be ±∞ at finite inputs.</param>
    /// <param name="zeroMultiplierWins">Whether a zero adjoint gives 0 whatever the partial.</param>
    /// <returns>A new matrix.</returns>
    /// <exception cref="ArgumentException">g, y and x differ in shape.</exception>
    public static double[,] ParametricBackward(double[,] g, double[,] y, double[,] x, double s, string name,
        Func<double, double, double, double> partial, bool unbounded, bool zeroMultiplierWins)
    {
        RequireSameShape(name, g, x);
        RequireSameShape(name, y, x);
        var result = NewLike(g);
        ParametricBackward(Flat(g), Flat(y), Flat(x), s, Flat(result), partial, unbounded, zeroMultiplierWins);
        return result;
    }

    private static void ParametricBackward(ReadOnlySpan<double> g, ReadOnlySpan<double> y, ReadOnlySpan<double> x, double s,
        Span<double> result, Func<double, double, double, double> partial, bool unbounded, bool zeroMultiplierWins)
    {
        for (int i = 0; i < result.Length; i++)
        {
            if (g[i] == 0 && zeroMultiplierWins)
            {
                result[i] = 0;
                continue;
            }
            var d = partial(y[i], x[i], s);
            // 0·∞ would be NaN where the function is smooth; a NaN partial is kept.
            result[i] = unbounded && g[i] == 0 && double.IsInfinity(d) ? 0 : g[i] * d;
        }
    }
}
