namespace ExprGrad.Tests.Oracles;

/// <summary>
/// Dual numbers through the special functions, each by its textbook derivative. The values of Γ-family, error and
/// normal functions come from ExprGrad's implementations (checked on their own against hundreds-of-bits references in
/// <c>SpecialFunctionAccuracyTests</c>); what these duals check is the derivative rules and their plumbing, which they
/// share nothing with. Each derivative is written where it stays accurate: φ/Φ as exp(log φ − log Φ) (finite deep in
/// the lower tail, where φ and Φ underflow), σ(x)σ(−x) for the logistic's.
/// </summary>
public static class SpecialDuals
{
    private const double LogSqrt2Pi = 0.91893853320467274178;

    /// <summary>log Γ′ = ψ.</summary>
    public static Dual LogGamma(Dual x) => Chain(x, Ops.LogGamma(x.Value), Ops.Digamma(x.Value));

    /// <summary>ψ′ = ψ⁽¹⁾.</summary>
    public static Dual Digamma(Dual x) => Chain(x, Ops.Digamma(x.Value), Ops.Polygamma(1, x.Value));

    /// <summary>ψ⁽¹⁾′ = ψ⁽²⁾.</summary>
    public static Dual Trigamma(Dual x) => Chain(x, Ops.Trigamma(x.Value), Ops.Polygamma(2, x.Value));

    /// <summary>erf′ = (2/√π)e^(−x²).</summary>
    public static Dual Erf(Dual x) => Chain(x, Ops.Erf(x.Value), 2 / Math.Sqrt(Math.PI) * Math.Exp(-x.Value * x.Value));

    /// <summary>erfc′ = −(2/√π)e^(−x²).</summary>
    public static Dual Erfc(Dual x) => Chain(x, Ops.Erfc(x.Value), -2 / Math.Sqrt(Math.PI) * Math.Exp(-x.Value * x.Value));

    /// <summary>Φ′ = φ.</summary>
    public static Dual NormalCdf(Dual x) => Chain(x, Ops.NormalCdf(x.Value), Math.Exp(-0.5 * x.Value * x.Value - LogSqrt2Pi));

    /// <summary>(log Φ)′ = φ/Φ = exp(−x²/2 − log √(2π) − log Φ).</summary>
    public static Dual LogNormalCdf(Dual x)
    {
        double y = Ops.LogNormalCdf(x.Value);
        return Chain(x, y, Math.Exp(-0.5 * x.Value * x.Value - LogSqrt2Pi - y));
    }

    /// <summary>log(1 + eˣ)′ = σ(x).</summary>
    public static Dual Log1pExp(Dual x) => Chain(x, Ops.Log1pExp(x.Value), Logistic(x.Value));

    /// <summary>log(1 − eˣ)′ = −eˣ/(1 − eˣ) = −1/(e^(−x) − 1).</summary>
    public static Dual Log1mExp(Dual x) => Chain(x, Ops.Log1mExp(x.Value), -1 / (Math.Exp(-x.Value) - 1));

    /// <summary>log(p/(1 − p))′ = 1/(p(1 − p)).</summary>
    public static Dual Logit(Dual x) => Chain(x, Ops.Logit(x.Value), 1 / (x.Value * (1 - x.Value)));

    /// <summary>σ′ = σ(x)σ(−x).</summary>
    public static Dual InvLogit(Dual x) => Chain(x, Logistic(x.Value), Logistic(x.Value) * Logistic(-x.Value));

    /// <summary>∂ log B(a, b)/∂a = ψ(a) − ψ(a + b), and symmetrically in b. That difference cancels when one argument is
    /// large beside the other, so the generators keep both within [0.5, 10.5] (at most two digits lost).</summary>
    public static Dual LogBeta(Dual a, Dual b)
    {
        double both = Ops.Digamma(a.Value + b.Value);
        return new(Ops.LogBeta(a.Value, b.Value),
            (Ops.Digamma(a.Value) - both) * a.Tangent + (Ops.Digamma(b.Value) - both) * b.Tangent);
    }

    /// <summary>∂ log(eᵃ + eᵇ)/∂a = σ(a − b), ∂/∂b = σ(b − a).</summary>
    public static Dual LogSumExp(Dual a, Dual b) =>
        new(Ops.LogSumExp(a.Value, b.Value), Logistic(a.Value - b.Value) * a.Tangent + Logistic(b.Value - a.Value) * b.Tangent);

    /// <summary>1/(1 + e⁻ˣ), from the side where the exponential cannot overflow.</summary>
    private static double Logistic(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    private static Dual Chain(Dual x, double value, double derivative) => new(value, derivative * x.Tangent);
}
