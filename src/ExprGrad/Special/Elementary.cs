namespace ExprGrad;

/// <summary>
/// log(1 + x), eˣ − 1 and the logistic family, accurate where the naive formulas cancel: .NET's
/// <c>double.LogP1</c> and <c>double.ExpM1</c> compute log(x + 1) and exp(x) − 1 directly, which lose every digit
/// for |x| below 1e-16. The corrections are Kahan's: log(u)·x/(u − 1) with u = 1 + x recovers the rounding of u.
/// </summary>
internal static class Elementary
{
    private const double Ln2 = 0.69314718055994530942;

    public static double Log1p(double x)
    {
        double u = 1 + x;
        if (u == 1) return x;
        if (double.IsInfinity(u)) return Math.Log(u);
        return Math.Log(u) * (x / (u - 1));
    }

    public static double Expm1(double x)
    {
        if (Math.Abs(x) > 0.5) return Math.Exp(x) - 1;
        double u = Math.Exp(x);
        if (u == 1) return x;
        return (u - 1) * (x / Math.Log(u));
    }

    /// <summary>log(1 + eˣ): x + log(1 + e⁻ˣ) above 0, so large x neither overflows nor rounds away its tail.</summary>
    public static double Log1pExp(double x) => x > 0 ? x + Log1p(Math.Exp(-x)) : Log1p(Math.Exp(x));

    /// <summary>log(1 − eˣ) for x ≤ 0 (Mächler's split at −log 2: log(−expm1 x) near 0, log1p(−eˣ) below).</summary>
    public static double Log1mExp(double x) =>
        x > 0 ? double.NaN : x > -Ln2 ? Math.Log(-Expm1(x)) : Log1p(-Math.Exp(x));

    /// <summary>log(p / (1 − p)), as log p − log1p(−p) so that p near 0 and near 1 both keep their digits.</summary>
    public static double Logit(double p) => Math.Log(p) - Log1p(-p);

    /// <summary>1 / (1 + e⁻ˣ), written for each sign so that neither side overflows or cancels.</summary>
    public static double InvLogit(double x)
    {
        if (x >= 0) return 1 / (1 + Math.Exp(-x));
        double e = Math.Exp(x);
        return e / (1 + e);
    }

    /// <summary>log(eᵃ + eᵇ) = max + log1p(e^(min − max)); −∞ when both are −∞, +∞ when either is +∞.</summary>
    public static double LogSumExp(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.NaN;
        double max = Math.Max(a, b), min = Math.Min(a, b);
        if (double.IsInfinity(max)) return max;
        return max + Log1p(Math.Exp(min - max));
    }
}
