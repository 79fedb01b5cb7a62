namespace ExprGrad.Training;

/// <summary>
/// AdamW: Adam with decoupled weight decay (Loshchilov and Hutter, "Decoupled Weight Decay Regularization",
/// 2019, Algorithm 2): the moments are Adam's, computed from the gradient alone, and the decay is applied to
/// the parameters directly, x ← x − α·(m̂ / (√v̂ + ε) + λ·x), with x the value before the step. As in PyTorch's
/// and Optax's AdamW, λ (<see cref="WeightDecay"/>) is scaled by the learning rate α; in the paper's notation,
/// with the schedule multiplier η = 1, its λ is α·λ.
/// </summary>
public sealed class AdamW : Optimizer
{
    private readonly AdamMoments moments;

    /// <param name="learningRate">The step size α.</param>
    /// <param name="beta1">β₁, in [0, 1).</param>
    /// <param name="beta2">β₂, in [0, 1).</param>
    /// <param name="epsilon">ε, non-negative.</param>
    /// <param name="weightDecay">λ, non-negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of its range.</exception>
    public AdamW(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.01)
        : base(learningRate, 2)
    {
        moments = new AdamMoments(beta1, beta2, epsilon);
        WeightDecay = Hyperparameters.NonNegative(weightDecay, nameof(weightDecay));
    }

    /// <summary>β₁.</summary>
    public double Beta1 => moments.Beta1;

    /// <summary>β₂.</summary>
    public double Beta2 => moments.Beta2;

    /// <summary>ε.</summary>
    public double Epsilon => moments.Epsilon;

    /// <summary>λ, the decoupled weight decay (multiplied by the learning rate at each step).</summary>
    public double WeightDecay { get; }

    private protected override void BeginStep(long t) => moments.Begin(t);

    private protected override void Update(Span<double> x, ReadOnlySpan<double> g, Span<double> state) =>
        moments.Update(x, g, state, LearningRate, WeightDecay);
}
