namespace ExprGrad;

/// <summary>The argument check of a vector-Jacobian product's seed, run once the outputs are known.</summary>
internal static class SeedCheck
{
    /// <summary>Returns <paramref name="seed"/> when it has one entry per output.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double[] Matching(double[] seed, double[] outputs) =>
        seed.Length == outputs.Length ? seed
        : throw new ArgumentException($"The seed has {seed.Length} elements but the function has {outputs.Length} outputs.", nameof(seed));
}
