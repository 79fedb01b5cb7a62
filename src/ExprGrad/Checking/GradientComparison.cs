namespace ExprGrad;

/// <summary>One comparison of the analytic (ExprGrad) and numeric (central difference) derivative.</summary>
/// <param name="Name">What was compared: a coordinate such as <c>x</c>, <c>w[2]</c>, <c>W[1,0]</c>, or a direction <c>d1</c>.</param>
/// <param name="Analytic">ExprGrad's derivative.</param>
/// <param name="Numeric">The central-difference estimate.</param>
/// <param name="RelativeError">|a − n| / max(|a|, |n|), taken as 0 when both are 0 (or both the same infinity, or both NaN)
/// and as +∞ when exactly one is NaN.</param>
/// <param name="Passed">Whether the relative or the absolute error is within tolerance.</param>
public sealed record GradientComparison(string Name, double Analytic, double Numeric, double RelativeError, bool Passed)
{
    /// <summary>|a − n|.</summary>
    public double AbsoluteError => Math.Abs(Analytic - Numeric);

    /// <summary>The relative error as this API defines it.</summary>
    /// <param name="analytic">The analytic derivative.</param>
    /// <param name="numeric">The numeric derivative.</param>
    public static double Relative(double analytic, double numeric)
    {
        if (double.IsNaN(analytic) || double.IsNaN(numeric)) return double.IsNaN(analytic) && double.IsNaN(numeric) ? 0 : double.PositiveInfinity;
        if (analytic == numeric) return 0;   // covers 0/0 and equal infinities
        var scale = Math.Max(Math.Abs(analytic), Math.Abs(numeric));
        return double.IsInfinity(scale) ? double.PositiveInfinity : Math.Abs(analytic - numeric) / scale;
    }

    internal static GradientComparison Of(string name, double analytic, double numeric, GradientCheckOptions options)
    {
        var relative = Relative(analytic, numeric);
        var passed = relative <= options.Tolerance || Math.Abs(analytic - numeric) <= options.AbsoluteTolerance;
        return new GradientComparison(name, analytic, numeric, relative, passed);
    }
}
