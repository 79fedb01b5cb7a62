namespace ExprGrad;

/// <summary>Settings of a <see cref="GradientCheck"/>.</summary>
/// <param name="Tolerance">A comparison passes when its relative error is at most this.</param>
/// <param name="AbsoluteTolerance">A comparison also passes when |analytic − numeric| is at most this, so that
/// values that should be zero but carry rounding noise do not fail.</param>
/// <param name="Step">The finite-difference step is <c>Step · max(1, |x_i|)</c>.</param>
/// <param name="Directions">How many random directions to check besides the coordinates.</param>
/// <param name="Seed">The seed of the random directions (and of the sampled coordinates), so that a check is repeatable.</param>
public sealed record GradientCheckOptions(double Tolerance = 1e-6, double AbsoluteTolerance = 1e-8, double Step = 1e-3,
    int Directions = 3, int Seed = 12345)
{
    /// <summary>The most coordinates checked one by one (default 100). A function of more coordinates has this many
    /// of them, drawn with <see cref="Seed"/>, checked besides the random directions, and its report says so: each
    /// coordinate costs four evaluations of the function, so checking all of a large model's would take minutes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxCoordinates
    {
        get => maxCoordinates;
        init => maxCoordinates = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxCoordinates), value, "MaxCoordinates cannot be negative.");
    }

    private readonly int maxCoordinates = 100;

    /// <summary>The defaults: relative 1e-6, absolute 1e-8, step 1e-3, three directions, seed 12345.</summary>
    public static GradientCheckOptions Default { get; } = new();
}
