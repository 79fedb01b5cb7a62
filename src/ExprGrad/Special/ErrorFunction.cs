namespace ExprGrad;

/// <summary>
/// erf, erfc, the scaled erfcx(x) = e^(x²) erfc(x) and the normal distribution's CDF and log-CDF, without a
/// dependency. Small |x|: erf's series of positive terms, (2/√π) x e^(−x²) Σₙ (2x²)ⁿ / (1·3⋯(2n + 1)), which
/// cannot cancel. Large x: erfcx's continued fraction (2x/√π) / (2x² + 1 − 1·2/(2x² + 5 − 3·4/(2x² + 9 − …))),
/// which converges fast there. e^(−x²) is taken of x² split exactly into a double and its rounding error, so
/// the tails keep their relative accuracy. The log-CDF far in the lower tail is −x²/2 + log(erfcx(−x/√2)/2):
/// finite down to x = −1e154 (probit at −40 is −804.6…, not −∞).
/// </summary>
internal static class ErrorFunction
{
    private const double TwoOverSqrtPi = 1.12837916709551257390;
    private const double InvSqrt2 = 0.70710678118654752440;
    private const double InvSqrt2Low = -4.8336466567264567e-17; // 1/√2 − InvSqrt2
    private const double InvSqrt2Pi = 0.39894228040143267794;
    private const double Ln2 = 0.69314718055994530942;

    /// <summary>Where erfc switches from 1 − erf (at most 12 times erf's error) to the continued fraction.</summary>
    private const double Split = 1.25;

    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return x;
        double a = Math.Abs(x);
        double value = a < 2 ? ErfSeries(a) : 1 - ErfcLarge(a);
        return x < 0 ? -value : value;
    }

    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x < -Split) return 2 - Erfc(-x);
        if (x < Split) return 1 - (x < 0 ? -ErfSeries(-x) : ErfSeries(x));
        return ErfcLarge(x);
    }

    /// <summary>e^(x²) erfc(x); +∞ once e^(x²) overflows below x ≈ −26.6.</summary>
    public static double Erfcx(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x >= Split) return ErfcxFraction(x);
        if (x < -26.7) return double.PositiveInfinity;
        return ExpSquare(x) * Erfc(x);
    }

    /// <summary>Φ(x) = erfc(−x/√2)/2. The rounding δ of t = −x/√2 would cost a relative 2tδ (1e-13 at x = −32),
    /// so it is recovered exactly (FMA, and 1/√2's own rounding) and applied to first order: erfc(t + δ) ≈ erfc(t)(1 − 2tδ)
    /// in the lower tail, where only the relative error matters.</summary>
    public static double NormalCdf(double x)
    {
        double t = -x * InvSqrt2;
        if (t < Split || double.IsPositiveInfinity(t)) return 0.5 * Erfc(t);
        double delta = Math.FusedMultiplyAdd(-x, InvSqrt2, -t) - x * InvSqrt2Low;
        return 0.5 * Erfc(t) * (1 - 2 * t * delta);
    }

    /// <summary>log Φ(x): log1p(−Φ(−x)) in the upper tail, −x²/2 + log(erfcx(−x/√2)/2) in the lower.</summary>
    public static double LogNormalCdf(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x > 0) return Elementary.Log1p(-0.5 * Erfc(x * InvSqrt2));
        if (x > -Split) return Math.Log(NormalCdf(x));
        if (double.IsNegativeInfinity(x)) return x;
        double t = -x * InvSqrt2;
        return -0.5 * x * x + Math.Log(ErfcxFraction(t)) - Ln2;
    }

    /// <summary>d/dx log Φ(x) = φ(x)/Φ(x): φ/Φ directly where Φ ≥ ½, √(2/π)/erfcx(−x/√2) below, where both
    /// φ and Φ underflow but their ratio (≈ −x) does not.</summary>
    public static double LogNormalCdfDerivative(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x >= 0) return InvSqrt2Pi * Math.Exp(-0.5 * x * x) / NormalCdf(x);
        if (double.IsNegativeInfinity(x)) return double.PositiveInfinity;
        return 2 * InvSqrt2Pi / Erfcx(-x * InvSqrt2);
    }

    /// <summary>erf(a) for 0 ≤ a &lt; 2 by the series of positive terms.</summary>
    private static double ErfSeries(double a)
    {
        double square = a * a, twice = 2 * square, term = 1, sum = 1;
        for (int n = 1; n < 200 && term > 1e-17 * sum; n++)
        {
            term *= twice / (2 * n + 1);
            sum += term;
        }
        return TwoOverSqrtPi * a * ExpMinusSquare(a) * sum;
    }

    /// <summary>erfc(a) for a ≥ 1.25.</summary>
    private static double ErfcLarge(double a) => a > 27.3 ? 0 : ExpMinusSquare(a) * ErfcxFraction(a);

    /// <summary>erfcx(a) for a ≥ 1.25, the continued fraction evaluated from its tail (stable, no early stop).</summary>
    private static double ErfcxFraction(double a)
    {
        if (a > 1e8) return 1 / (a * Math.Sqrt(Math.PI)); // erfcx(a) = (1 − 1/(2a²) + …)/(a√π)
        double b = 2 * a * a + 1;
        // The fraction's n-th approximant is exact to ~e^(−4a√n); 60/a² + 12 terms reach 1e-17 from a = 1.25.
        int terms = (int)(120 / (a * a)) + 20;
        double f = b + 4 * terms;
        for (int k = terms; k >= 1; k--) f = b + 4 * (k - 1) - (2.0 * k - 1) * (2.0 * k) / f;
        return 2 * a / (Math.Sqrt(Math.PI) * f);
    }

    /// <summary>e^(−a²) with a² split exactly (a² = s + e, both doubles), so the tail does not inherit a²'s rounding.</summary>
    private static double ExpMinusSquare(double a)
    {
        double s = a * a, e = Math.FusedMultiplyAdd(a, a, -s);
        return Math.Exp(-s) * (1 - e);
    }

    private static double ExpSquare(double a)
    {
        double s = a * a, e = Math.FusedMultiplyAdd(a, a, -s);
        return Math.Exp(s) * (1 + e);
    }
}
