using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>The argument check of a vector-Jacobian product's seed ȳ, run once the forward pass knows
/// the output's length: a shorter seed would fail deep in the sweep, a longer one be silently cut.</summary>
internal static class SeedCheck
{
    public static double[] Checked(double[]? seed, double[] output) => Checked(seed, output.Length);

    /// <summary>The check against an output whose length the program knows (<c>new[] { … }</c>), so the output
    /// array itself need not be built.</summary>
    public static double[] Checked(double[]? seed, int outputLength)
    {
        ArgumentNullException.ThrowIfNull(seed);
        if (seed.Length != outputLength)
            throw new ArgumentException(
                $"The seed has {seed.Length} elements but the function's output has {outputLength}.", nameof(seed));
        return seed;
    }

    /// <summary><c>SeedCheck.Checked(seed, output)</c>, against the number of elements when the program builds its
    /// output as <c>new[] { … }</c> at the top level: the seed check is then the output array's only reader, and the
    /// array need not be built.</summary>
    public static Expression Call(ParameterExpression seed, LinearProgram program) =>
        program.ResultElements is { } elements
            ? Expression.Call(typeof(SeedCheck), nameof(Checked), null, seed, Expression.Constant(elements.Count))
            : Expression.Call(typeof(SeedCheck), nameof(Checked), null, seed, program.Result);
}
