namespace ExprGrad;

/// <summary>The argument check of a vector-Jacobian product's seed ȳ, run once the forward pass knows
/// the output's length: a shorter seed would fail deep in the sweep, a longer one be silently cut.</summary>
internal static class SeedCheck
{
    public static double[] Checked(double[]? seed, double[] output)
    {
        ArgumentNullException.ThrowIfNull(seed);
        if (seed.Length != output.Length)
            throw new ArgumentException(
                $"The seed has {seed.Length} elements but the function's output has {output.Length}.", nameof(seed));
        return seed;
    }
}
