namespace ExprGrad;

/// <summary>
/// log B(a, b). With p = min(a, b) and q = max(a, b): when q is large, log Γ(q) − log Γ(p + q) would cancel to
/// nothing, so the Stirling forms are subtracted analytically (as R's lbeta does) and only their small
/// corrections are differenced.
/// </summary>
internal static class BetaFunction
{
    private const double HalfLog2Pi = 0.91893853320467274178;

    public static double LogBeta(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.NaN;
        double p = Math.Min(a, b), q = Math.Max(a, b);
        if (p < 0) return double.NaN;
        if (p == 0) return double.PositiveInfinity;
        if (double.IsPositiveInfinity(q)) return double.NegativeInfinity;
        double ratio = p / (p + q);
        if (p >= 10)
        {
            double correction = GammaFunctions.StirlingCorrection(p) + GammaFunctions.StirlingCorrection(q)
                - GammaFunctions.StirlingCorrection(p + q);
            return -0.5 * Math.Log(q) + HalfLog2Pi + correction + (p - 0.5) * Math.Log(ratio) + q * Elementary.Log1p(-ratio);
        }
        if (q >= 10)
        {
            double correction = GammaFunctions.StirlingCorrection(q) - GammaFunctions.StirlingCorrection(p + q);
            return GammaFunctions.LogGamma(p) + correction + p - p * Math.Log(p + q) + (q - 0.5) * Elementary.Log1p(-ratio);
        }
        return GammaFunctions.LogGamma(p) + GammaFunctions.LogGamma(q) - GammaFunctions.LogGamma(p + q);
    }
}
