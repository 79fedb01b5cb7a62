namespace ExprGrad;

/// <summary>Settings of a <see cref="GradientCheck"/>.</summary>
/// <param name="Tolerance">A comparison passes when its relative error is at most this.</param>
/// <param name="AbsoluteTolerance">A comparison also passes when |analytic − numeric| is at most this, so that
/// values that should be zero but carry rounding noise do not fail.</param>
/// <param name="Step">The finite-difference step is <c>Step · max(1, |x_i|)</c>.</param>
/// <param name="Directions">How many random directions to check besides the coordinates.</param>
/// <param name="Seed">The seed of the random directions, so that a check is repeatable.</param>
public sealed record GradientCheckOptions(double Tolerance = 1e-6, double AbsoluteTolerance = 1e-8, double Step = 1e-3,
    int Directions = 3, int Seed = 12345)
{
    /// <summary>The defaults: relative 1e-6, absolute 1e-8, step 1e-3, three directions, seed 12345.</summary>
    public static GradientCheckOptions Default { get; } = new();
}
