namespace ExprGrad.Training;

/// <summary>
/// Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", 2015, Algorithm 1): with t the step
/// number, m ← β₁·m + (1 − β₁)·g, v ← β₂·v + (1 − β₂)·g², m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ),
/// x ← x − α·m̂ / (√v̂ + ε). The first step therefore moves each coordinate by α·g / (|g| + ε).
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly AdamMoments moments;

    /// <param name="learningRate">The step size α.</param>
    /// <param name="beta1">β₁, the decay of the first moment, in [0, 1).</param>
    /// <param name="beta2">β₂, the decay of the second moment, in [0, 1).</param>
    /// <param name="epsilon">ε, added to √v̂; non-negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of its range.</exception>
    public Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8) : base(learningRate, 2) =>
        moments = new AdamMoments(beta1, beta2, epsilon);

    /// <summary>β₁.</summary>
    public double Beta1 => moments.Beta1;

    /// <summary>β₂.</summary>
    public double Beta2 => moments.Beta2;

    /// <summary>ε.</summary>
    public double Epsilon => moments.Epsilon;

    private protected override void BeginStep(long t) => moments.Begin(t);

    private protected override void Update(Span<double> x, ReadOnlySpan<double> g, Span<double> state) =>
        moments.Update(x, g, state, LearningRate, 0);
}
