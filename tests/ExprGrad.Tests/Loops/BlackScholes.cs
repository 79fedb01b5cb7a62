namespace ExprGrad.Tests.Loops;

/// <summary>
/// The closed forms for a European call under geometric Brownian motion, the independent reference for the
/// Monte-Carlo Greeks: C = S0·Φ(d1) − K·e^{−rT}·Φ(d2), d1 = (ln(S0/K) + (r + σ²/2)T)/(σ√T), d2 = d1 − σ√T;
/// ∂C/∂S0 = Φ(d1), ∂C/∂σ = S0·φ(d1)·√T, ∂C/∂r = K·T·e^{−rT}·Φ(d2).
/// </summary>
internal static class BlackScholes
{
    public static (double Price, double Delta, double Vega, double Rho) Call(double s0, double strike, double sigma, double r, double maturity)
    {
        double root = Math.Sqrt(maturity), d1 = (Math.Log(s0 / strike) + (r + sigma * sigma / 2) * maturity) / (sigma * root);
        double d2 = d1 - sigma * root, discountedStrike = strike * Math.Exp(-r * maturity);
        return (s0 * Cdf(d1) - discountedStrike * Cdf(d2), Cdf(d1), s0 * Density(d1) * root, discountedStrike * maturity * Cdf(d2));
    }

    public static double Density(double x) => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);

    /// <summary>Φ(x) = ½ + φ(x)·(x + x³/3 + x⁵/(3·5) + …) (Marsaglia 2004, "Evaluating the normal
    /// distribution"): every term is positive for x &gt; 0, so the sum stops when a term no longer changes it;
    /// accurate to rounding for the |x| &lt; 3 used here.</summary>
    public static double Cdf(double x)
    {
        if (!(Math.Abs(x) < 3)) throw new ArgumentOutOfRangeException(nameof(x), x, "the series is used only for |x| < 3");
        double term = x, sum = x;
        for (int k = 3; ; k += 2)
        {
            term *= x * x / k;
            if (sum + term == sum) break;
            sum += term;
        }
        return 0.5 + Density(x) * sum;
    }
}
