using System.Globalization;

namespace ExprGrad;

/// <summary>How circuit diagrams write numbers: at most three decimals, as the notes do, scientific when tiny.</summary>
internal static class CircuitNumbers
{
    public static string Format(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "∞" : "-∞";
        if (value == 0) return "0";
        var abs = Math.Abs(value);
        if (abs < 1e-3 || abs >= 1e7) return value.ToString("0.##E+0", CultureInfo.InvariantCulture);
        return value.ToString("0.###", CultureInfo.InvariantCulture);
    }

    /// <summary>The exact value, for machine-readable attributes.</summary>
    public static string Exact(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
