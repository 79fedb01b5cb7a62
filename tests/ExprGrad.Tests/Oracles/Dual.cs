namespace ExprGrad.Tests.Oracles;

/// <summary>
/// A forward-mode dual number: a value and one tangent (the derivative along one seed direction).
/// It is the reference the engine is checked against, so every rule is written out from the textbook
/// derivative and shares no code with ExprGrad. Conventions follow DESIGN.md §1: Max/Min split the tangent
/// evenly on a tie, a NaN input gives a NaN tangent, Abs'(0) = Relu'(0) = 0, rounding carries no tangent.
/// </summary>
public readonly struct Dual
{
    private const double Ln2 = 0.6931471805599453;
    private const double Ln10 = 2.302585092994046;

    /// <summary>Creates a dual number.</summary>
    public Dual(double value, double tangent)
    {
        Value = value;
        Tangent = tangent;
    }

    /// <summary>The primal value.</summary>
    public double Value { get; }

    /// <summary>The derivative of <see cref="Value"/> along the seed direction.</summary>
    public double Tangent { get; }

    /// <summary>A constant: its tangent is zero.</summary>
    public static Dual Constant(double value) => new(value, 0);

    /// <summary>An input seeded with tangent 1, i.e. the variable being differentiated by.</summary>
    public static Dual Variable(double value) => new(value, 1);

    /// <summary>A constant.</summary>
    public static implicit operator Dual(double value) => Constant(value);

    /// <summary>Sum.</summary>
    public static Dual operator +(Dual a, Dual b) => new(a.Value + b.Value, a.Tangent + b.Tangent);

    /// <summary>Difference.</summary>
    public static Dual operator -(Dual a, Dual b) => new(a.Value - b.Value, a.Tangent - b.Tangent);

    /// <summary>Product rule.</summary>
    public static Dual operator *(Dual a, Dual b) => new(a.Value * b.Value, a.Tangent * b.Value + a.Value * b.Tangent);

    /// <summary>Quotient rule, written with the quotient itself: (a/b)' = a'/b − (a/b)·b'/b.</summary>
    public static Dual operator /(Dual a, Dual b)
    {
        double y = a.Value / b.Value;
        return new(y, a.Tangent / b.Value - y * b.Tangent / b.Value);
    }

    /// <summary>C#'s truncated remainder a − b·trunc(a/b); trunc is piecewise constant.</summary>
    public static Dual operator %(Dual a, Dual b) =>
        new(a.Value % b.Value, a.Tangent - b.Tangent * Math.Truncate(a.Value / b.Value));

    /// <summary>Negation.</summary>
    public static Dual operator -(Dual a) => new(-a.Value, -a.Tangent);

    /// <summary>Compares values only: comparisons carry no tangent.</summary>
    public static bool operator <(Dual a, Dual b) => a.Value < b.Value;

    /// <summary>Compares values only.</summary>
    public static bool operator >(Dual a, Dual b) => a.Value > b.Value;

    /// <summary>Compares values only.</summary>
    public static bool operator <=(Dual a, Dual b) => a.Value <= b.Value;

    /// <summary>Compares values only.</summary>
    public static bool operator >=(Dual a, Dual b) => a.Value >= b.Value;

    /// <summary>A conditional: only the branch that was taken contributes its tangent.</summary>
    public static Dual If(bool condition, Dual whenTrue, Dual whenFalse) => condition ? whenTrue : whenFalse;

    /// <summary>e^x.</summary>
    public static Dual Exp(Dual x)
    {
        double y = Math.Exp(x.Value);
        return new(y, y * x.Tangent);
    }

    /// <summary>Natural logarithm.</summary>
    public static Dual Log(Dual x) => new(Math.Log(x.Value), x.Tangent / x.Value);

    /// <summary>log_b(a) = ln a / ln b, differentiated in both arguments.</summary>
    public static Dual Log(Dual a, Dual b)
    {
        double y = Math.Log(a.Value, b.Value);
        double lnB = Math.Log(b.Value);
        return new(y, a.Tangent / (a.Value * lnB) - y * b.Tangent / (b.Value * lnB));
    }

    /// <summary>Base-10 logarithm.</summary>
    public static Dual Log10(Dual x) => new(Math.Log10(x.Value), x.Tangent / (x.Value * Ln10));

    /// <summary>Base-2 logarithm.</summary>
    public static Dual Log2(Dual x) => new(Math.Log2(x.Value), x.Tangent / (x.Value * Ln2));

    /// <summary>Square root.</summary>
    public static Dual Sqrt(Dual x)
    {
        double y = Math.Sqrt(x.Value);
        return new(y, x.Tangent / (2 * y));
    }

    /// <summary>Cube root.</summary>
    public static Dual Cbrt(Dual x)
    {
        double y = Math.Cbrt(x.Value);
        return new(y, x.Tangent / (3 * y * y));
    }

    /// <summary>a^b. The exponent's term b'·a^b·ln a exists only for a positive base, as in the engine.</summary>
    public static Dual Pow(Dual a, Dual b)
    {
        double y = Math.Pow(a.Value, b.Value);
        // d/da a⁰ = 0 everywhere, 0 included (a⁰ ≡ 1); b·a^(b−1) would be 0·∞ there.
        double viaBase = b.Value == 0 ? 0.0 : a.Tangent * b.Value * Math.Pow(a.Value, b.Value - 1);
        double viaExponent = a.Value > 0 ? b.Tangent * y * Math.Log(a.Value) : a.Value <= 0 ? 0.0 : double.NaN;
        return new(y, viaBase + viaExponent);
    }

    /// <summary>Sine.</summary>
    public static Dual Sin(Dual x) => new(Math.Sin(x.Value), Math.Cos(x.Value) * x.Tangent);

    /// <summary>Cosine.</summary>
    public static Dual Cos(Dual x) => new(Math.Cos(x.Value), -Math.Sin(x.Value) * x.Tangent);

    /// <summary>Tangent, with tan' = 1/cos² (the engine uses 1 + tan², so the two are not one formula).</summary>
    public static Dual Tan(Dual x)
    {
        double c = Math.Cos(x.Value);
        return new(Math.Tan(x.Value), x.Tangent / (c * c));
    }

    /// <summary>Arc sine.</summary>
    public static Dual Asin(Dual x) => new(Math.Asin(x.Value), x.Tangent / Math.Sqrt(1 - x.Value * x.Value));

    /// <summary>Arc cosine.</summary>
    public static Dual Acos(Dual x) => new(Math.Acos(x.Value), -x.Tangent / Math.Sqrt(1 - x.Value * x.Value));

    /// <summary>Arc tangent.</summary>
    public static Dual Atan(Dual x) => new(Math.Atan(x.Value), x.Tangent / (1 + x.Value * x.Value));

    /// <summary>atan2(a, b), the angle of the point (b, a).</summary>
    public static Dual Atan2(Dual a, Dual b)
    {
        double r2 = a.Value * a.Value + b.Value * b.Value;
        return new(Math.Atan2(a.Value, b.Value), (b.Value * a.Tangent - a.Value * b.Tangent) / r2);
    }

    /// <summary>Hyperbolic sine.</summary>
    public static Dual Sinh(Dual x) => new(Math.Sinh(x.Value), Math.Cosh(x.Value) * x.Tangent);

    /// <summary>Hyperbolic cosine.</summary>
    public static Dual Cosh(Dual x) => new(Math.Cosh(x.Value), Math.Sinh(x.Value) * x.Tangent);

    /// <summary>Hyperbolic tangent, with tanh' = 1/cosh².</summary>
    public static Dual Tanh(Dual x)
    {
        double c = Math.Cosh(x.Value);
        return new(Math.Tanh(x.Value), x.Tangent / (c * c));
    }

    /// <summary>Inverse hyperbolic sine.</summary>
    public static Dual Asinh(Dual x) => new(Math.Asinh(x.Value), x.Tangent / Math.Sqrt(x.Value * x.Value + 1));

    /// <summary>Inverse hyperbolic cosine.</summary>
    public static Dual Acosh(Dual x) => new(Math.Acosh(x.Value), x.Tangent / Math.Sqrt(x.Value * x.Value - 1));

    /// <summary>Inverse hyperbolic tangent.</summary>
    public static Dual Atanh(Dual x) => new(Math.Atanh(x.Value), x.Tangent / (1 - x.Value * x.Value));

    /// <summary>|x|, with Abs'(0) = 0; a NaN input gives a NaN tangent.</summary>
    public static Dual Abs(Dual x) =>
        new(Math.Abs(x.Value), x.Value > 0 ? x.Tangent : x.Value < 0 ? -x.Tangent : x.Value == 0 ? 0.0 : double.NaN);

    /// <summary>Maximum; on a tie the mean of both tangents, with a NaN argument a NaN tangent.</summary>
    public static Dual Max(Dual a, Dual b) => new(Math.Max(a.Value, b.Value), Select(a.Value, b.Value, a.Tangent, b.Tangent));

    /// <summary>Minimum; on a tie the mean of both tangents, with a NaN argument a NaN tangent.</summary>
    public static Dual Min(Dual a, Dual b) => new(Math.Min(a.Value, b.Value), Select(b.Value, a.Value, a.Tangent, b.Tangent));

    /// <summary>The first tangent where <paramref name="x"/> &gt; <paramref name="y"/>, the second where below, their mean on a tie.</summary>
    private static double Select(double x, double y, double first, double second) =>
        x > y ? first : x < y ? second : x == y ? (first + second) / 2 : double.NaN;

    /// <summary>Clamp: the tangent of whichever of v, lo, hi is the result; v wins on the boundary; any NaN
    /// argument gives a NaN tangent.</summary>
    public static Dual Clamp(Dual v, Dual lo, Dual hi) =>
        new(Math.Clamp(v.Value, lo.Value, hi.Value),
            double.IsNaN(v.Value) || double.IsNaN(lo.Value) || double.IsNaN(hi.Value) ? double.NaN
            : v.Value < lo.Value ? lo.Tangent : v.Value > hi.Value ? hi.Tangent : v.Tangent);

    /// <summary>a·b + c with one rounding.</summary>
    public static Dual FusedMultiplyAdd(Dual a, Dual b, Dual c) =>
        new(Math.FusedMultiplyAdd(a.Value, b.Value, c.Value), a.Tangent * b.Value + a.Value * b.Tangent + c.Tangent);

    /// <summary>Floor: piecewise constant, so zero tangent.</summary>
    public static Dual Floor(Dual x) => Constant(Math.Floor(x.Value));

    /// <summary>Ceiling: zero tangent.</summary>
    public static Dual Ceiling(Dual x) => Constant(Math.Ceiling(x.Value));

    /// <summary>Round half to even: zero tangent.</summary>
    public static Dual Round(Dual x) => Constant(Math.Round(x.Value));

    /// <summary>Round to <paramref name="digits"/> decimals: zero tangent.</summary>
    public static Dual Round(Dual x, int digits) => Constant(Math.Round(x.Value, digits));

    /// <summary>Truncate toward zero: zero tangent.</summary>
    public static Dual Truncate(Dual x) => Constant(Math.Truncate(x.Value));

    /// <summary>The logistic function 1/(1 + e^(−x)), with σ' = σ(1 − σ).</summary>
    public static Dual Sigmoid(Dual x)
    {
        double y = 1.0 / (1.0 + Math.Exp(-x.Value));
        return new(y, y * (1 - y) * x.Tangent);
    }

    /// <summary>max(x, 0) with Relu'(0) = 0.</summary>
    public static Dual Relu(Dual x) => x.Value > 0 ? x : Constant(0.0);

    /// <inheritdoc/>
    public override string ToString() => $"{Value:R} + {Tangent:R}ε";
}
