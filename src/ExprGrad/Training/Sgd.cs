namespace ExprGrad.Training;

/// <summary>
/// Stochastic gradient descent, with optional momentum in the form PyTorch's <c>SGD</c> uses (no dampening):
/// v ← μ·v + g, x ← x − α·v; with μ = 0, x ← x − α·g. (Polyak's heavy ball, v ← μ·v − α·g, x ← x + v, takes
/// the same steps while α is constant.)
/// </summary>
public sealed class Sgd : Optimizer
{
    /// <param name="learningRate">The step size α.</param>
    /// <param name="momentum">μ, in [0, 1); 0 is plain gradient descent.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of its range.</exception>
    public Sgd(double learningRate, double momentum = 0) : base(learningRate, momentum > 0 ? 1 : 0)
    {
        Momentum = Hyperparameters.Fraction(momentum, nameof(momentum));
    }

    /// <summary>μ, the fraction of the previous velocity kept.</summary>
    public double Momentum { get; }

    private protected override void Update(Span<double> x, ReadOnlySpan<double> g, Span<double> velocity)
    {
        double rate = LearningRate, mu = Momentum;
        if (velocity.IsEmpty)
        {
            for (int i = 0; i < x.Length; i++) x[i] -= rate * g[i];
            return;
        }
        for (int i = 0; i < x.Length; i++)
        {
            velocity[i] = mu * velocity[i] + g[i];
            x[i] -= rate * velocity[i];
        }
    }
}
