using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The built-in scalar rules, one line per primitive: <c>(g, y, x…) =&gt; contribution</c>, where g is the
/// output's adjoint and y the forward output. <c>Unbounded</c> rules have a partial that is ±∞ at some finite
/// input (a pole, or overflow) and are emitted through <see cref="ZeroAdjointGuard"/>; the others stay
/// unguarded. Conventions: Max/Min split the gradient ½/½ on a tie; Abs'(0) = Relu'(0) = Hypot'(0, 0) = 0; a NaN input
/// gives NaN partials, selectors included; rounding functions carry no gradient.
/// </summary>
internal static class ScalarRules
{
    private const double Ln10 = 2.302585092994046;
    private const double Ln2 = 0.6931471805599453;

    public static void RegisterAll()
    {
        Unary((double x) => -x,                                   (g, y, x) => -g);
        Binary((double a, double b) => a + b,                     (g, y, a, b) => g,                    (g, y, a, b) => g);
        Binary((double a, double b) => a - b,                     (g, y, a, b) => g,                    (g, y, a, b) => -g);
        Binary((double a, double b) => a * b,                     (g, y, a, b) => g * b,                (g, y, a, b) => g * a);
        BinaryUnbounded((double a, double b) => a / b,            (g, y, a, b) => g / b,                (g, y, a, b) => -g * y / b);
        BinaryUnbounded((double a, double b) => a % b,            (g, y, a, b) => g,                    (g, y, a, b) => -g * Math.Truncate(a / b));

        UnaryUnbounded((double x) => Math.Exp(x),                 (g, y, x) => g * y);
        UnaryUnbounded((double x) => Math.Log(x),                 (g, y, x) => g / x);
        BinaryUnbounded((double a, double b) => Math.Log(a, b),   (g, y, a, b) => g / (a * Math.Log(b)), (g, y, a, b) => -g * y / (b * Math.Log(b)));
        UnaryUnbounded((double x) => Math.Log10(x),               (g, y, x) => g / (x * Ln10));
        UnaryUnbounded((double x) => Math.Log2(x),                (g, y, x) => g / (x * Ln2));
        UnaryUnbounded((double x) => Math.Sqrt(x),                (g, y, x) => g / (2 * y));
        UnaryUnbounded((double x) => Math.Cbrt(x),                (g, y, x) => g / (3 * y * y));
        BinaryUnbounded((double a, double b) => Math.Pow(a, b),   (g, y, a, b) => b == 0 && a == 0 ? 0.0 : g * b * Math.Pow(a, b - 1), (g, y, a, b) => a > 0 ? g * y * Math.Log(a) : a <= 0 ? 0.0 : double.NaN);

        Unary((double x) => Math.Sin(x),                          (g, y, x) => g * Math.Cos(x));
        Unary((double x) => Math.Cos(x),                          (g, y, x) => -g * Math.Sin(x));
        UnaryUnbounded((double x) => Math.Tan(x),                 (g, y, x) => g * (1 + y * y));
        UnaryUnbounded((double x) => Math.Asin(x),                (g, y, x) => g / Math.Sqrt(1 - x * x));
        UnaryUnbounded((double x) => Math.Acos(x),                (g, y, x) => -g / Math.Sqrt(1 - x * x));
        Unary((double x) => Math.Atan(x),                         (g, y, x) => g / (1 + x * x));
        BinaryUnbounded((double a, double b) => Math.Atan2(a, b), (g, y, a, b) => g * b / (a * a + b * b), (g, y, a, b) => -g * a / (a * a + b * b));
        UnaryUnbounded((double x) => Math.Sinh(x),                (g, y, x) => g * Math.Cosh(x));
        UnaryUnbounded((double x) => Math.Cosh(x),                (g, y, x) => g * Math.Sinh(x));
        Unary((double x) => Math.Tanh(x),                         (g, y, x) => g * (1 - y * y));
        Unary((double x) => Math.Asinh(x),                        (g, y, x) => g / Math.Sqrt(x * x + 1));
        UnaryUnbounded((double x) => Math.Acosh(x),               (g, y, x) => g / Math.Sqrt((x - 1) * (x + 1)));
        UnaryUnbounded((double x) => Math.Atanh(x),               (g, y, x) => g / (1 - x * x));

        Unary((double x) => Math.Abs(x),                          (g, y, x) => x > 0 ? g : x < 0 ? -g : x == 0 ? 0.0 : double.NaN);
        Binary((double a, double b) => Math.Max(a, b),
            (g, y, a, b) => a > b ? g : a < b ? 0.0 : a == b ? 0.5 * g : double.NaN,
            (g, y, a, b) => b > a ? g : b < a ? 0.0 : a == b ? 0.5 * g : double.NaN);
        Binary((double a, double b) => Math.Min(a, b),
            (g, y, a, b) => a < b ? g : a > b ? 0.0 : a == b ? 0.5 * g : double.NaN,
            (g, y, a, b) => b < a ? g : b > a ? 0.0 : a == b ? 0.5 * g : double.NaN);
        Ternary((double v, double lo, double hi) => Math.Clamp(v, lo, hi),
            (g, y, v, lo, hi) => double.IsNaN(v) || double.IsNaN(lo) || double.IsNaN(hi) ? double.NaN : v >= lo && v <= hi ? g : 0.0,
            (g, y, v, lo, hi) => double.IsNaN(v) || double.IsNaN(lo) || double.IsNaN(hi) ? double.NaN : v < lo ? g : 0.0,
            (g, y, v, lo, hi) => double.IsNaN(v) || double.IsNaN(lo) || double.IsNaN(hi) ? double.NaN : v > hi ? g : 0.0);
        Ternary((double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c),
            (g, y, a, b, c) => g * b, (g, y, a, b, c) => g * a, (g, y, a, b, c) => g);

        Unary((double x) => Ops.Sigmoid(x),                       (g, y, x) => g * y * (1 - y));
        Unary((double x) => Ops.Relu(x),                          (g, y, x) => x > 0 ? g : x <= 0 ? 0.0 : double.NaN);

        // double.* generic math without a System.Math twin (those with one, double.Sin, become Math calls); .NET's values.
        UnaryUnbounded((double x) => double.LogP1(x),                (g, y, x) => g / (x + 1));
        UnaryUnbounded((double x) => double.Log2P1(x),               (g, y, x) => g / ((x + 1) * Ln2));
        UnaryUnbounded((double x) => double.Log10P1(x),              (g, y, x) => g / ((x + 1) * Ln10));
        UnaryUnbounded((double x) => double.ExpM1(x),                (g, y, x) => g * Math.Exp(x));
        UnaryUnbounded((double x) => double.Exp2(x),                 (g, y, x) => g * y * Ln2);
        UnaryUnbounded((double x) => double.Exp10(x),                (g, y, x) => g * y * Ln10);
        UnaryUnbounded((double x) => double.Exp2M1(x),               (g, y, x) => g * double.Exp2(x) * Ln2);
        UnaryUnbounded((double x) => double.Exp10M1(x),              (g, y, x) => g * double.Exp10(x) * Ln10);
        Unary((double x) => double.DegreesToRadians(x),              (g, y, x) => g * (Math.PI / 180));
        Unary((double x) => double.RadiansToDegrees(x),              (g, y, x) => g * (180 / Math.PI));
        Unary((double x) => double.SinPi(x),                         (g, y, x) => g * Math.PI * double.CosPi(x));
        Unary((double x) => double.CosPi(x),                         (g, y, x) => -g * Math.PI * double.SinPi(x));
        Binary((double a, double b) => double.Hypot(a, b),          (g, y, a, b) => y == 0 ? 0.0 : g * (a / y), (g, y, a, b) => y == 0 ? 0.0 : g * (b / y));
        Ternary((double a, double b, double t) => double.Lerp(a, b, t),
            (g, y, a, b, t) => g * (1 - t), (g, y, a, b, t) => g * t, (g, y, a, b, t) => g * (b - a));

        RuleTable.MarkNonDifferentiable((double x) => Ops.StopGradient(x));
        RuleTable.MarkNonDifferentiable((double x) => Math.Floor(x));
        RuleTable.MarkNonDifferentiable((double x) => Math.Ceiling(x));
        RuleTable.MarkNonDifferentiable((double x) => Math.Truncate(x));
        RuleTable.MarkNonDifferentiable((double x) => Math.Round(x));
        RuleTable.MarkNonDifferentiable((double x, int digits) => Math.Round(x, digits));
        RuleTable.MarkNonDifferentiable((double x, MidpointRounding mode) => Math.Round(x, mode));
        RuleTable.MarkNonDifferentiable((double x, int digits, MidpointRounding mode) => Math.Round(x, digits, mode));
    }

    private static void Unary(Expression<Func<double, double>> primitive, Expression<Func<double, double, double, double>> dx) =>
        RuleTable.Add(primitive, unbounded: false, dx);

    private static void UnaryUnbounded(Expression<Func<double, double>> primitive, Expression<Func<double, double, double, double>> dx) =>
        RuleTable.Add(primitive, unbounded: true, dx);

    private static void Binary(Expression<Func<double, double, double>> primitive,
        Expression<Func<double, double, double, double, double>> da, Expression<Func<double, double, double, double, double>> db) =>
        RuleTable.Add(primitive, unbounded: false, da, db);

    private static void BinaryUnbounded(Expression<Func<double, double, double>> primitive,
        Expression<Func<double, double, double, double, double>> da, Expression<Func<double, double, double, double, double>> db) =>
        RuleTable.Add(primitive, unbounded: true, da, db);

    private static void Ternary(Expression<Func<double, double, double, double>> primitive,
        Expression<Func<double, double, double, double, double, double>> da,
        Expression<Func<double, double, double, double, double, double>> db,
        Expression<Func<double, double, double, double, double, double>> dc) =>
        RuleTable.Add(primitive, unbounded: false, da, db, dc);
}
