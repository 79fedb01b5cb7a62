namespace ExprGrad.Training;

/// <summary>The moment estimates and the update shared by <see cref="Adam"/> and <see cref="AdamW"/>.</summary>
internal sealed class AdamMoments
{
    private double correction1, correction2;

    public AdamMoments(double beta1, double beta2, double epsilon)
    {
        Beta1 = Hyperparameters.Fraction(beta1, nameof(beta1));
        Beta2 = Hyperparameters.Fraction(beta2, nameof(beta2));
        Epsilon = Hyperparameters.NonNegative(epsilon, nameof(epsilon));
    }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Epsilon { get; }

    /// <summary>The bias corrections 1 − βᵗ of step t.</summary>
    public void Begin(long t)
    {
        correction1 = 1 - Math.Pow(Beta1, t);
        correction2 = 1 - Math.Pow(Beta2, t);
    }

    /// <summary>One step of <paramref name="x"/>; <paramref name="state"/> holds m, then v. With a decay λ the
    /// step also subtracts α·λ·x, x being the value before the step (decoupled weight decay).</summary>
    public void Update(Span<double> x, ReadOnlySpan<double> g, Span<double> state, double rate, double decay)
    {
        var m = state[..x.Length];
        var v = state[x.Length..];
        double b1 = Beta1, b2 = Beta2, eps = Epsilon, c1 = correction1, c2 = correction2;
        for (int i = 0; i < x.Length; i++)
        {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * (g[i] * g[i]);
            double mHat = m[i] / c1, vHat = v[i] / c2;
            x[i] -= rate * (mHat / (Math.Sqrt(vHat) + eps) + decay * x[i]);
        }
    }
}
