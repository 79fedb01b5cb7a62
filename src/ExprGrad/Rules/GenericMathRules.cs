using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The <c>double.*</c> generic-math functions that System.Math has no twin of (those that have one, <c>double.Sin</c>,
/// are rewritten to it by the normalizer), one line each, as <see cref="ScalarRules"/>. The forward value stays .NET's
/// own. <c>Hypot</c>'s gradient at the origin is 0, as <c>Abs</c>'s.
/// </summary>
internal static class GenericMathRules
{
    private const double Ln10 = 2.302585092994046;
    private const double Ln2 = 0.6931471805599453;

    public static void RegisterAll()
    {
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
    }

    private static void Unary(Expression<Func<double, double>> primitive, Expression<Func<double, double, double, double>> dx) =>
        RuleTable.Add(primitive, unbounded: false, dx);

    private static void Binary(Expression<Func<double, double, double>> primitive,
        Expression<Func<double, double, double, double, double>> da, Expression<Func<double, double, double, double, double>> db) =>
        RuleTable.Add(primitive, unbounded: false, da, db);

    private static void Ternary(Expression<Func<double, double, double, double>> primitive,
        Expression<Func<double, double, double, double, double, double>> da,
        Expression<Func<double, double, double, double, double, double>> db,
        Expression<Func<double, double, double, double, double, double>> dc) =>
        RuleTable.Add(primitive, unbounded: false, da, db, dc);

    private static void UnaryUnbounded(Expression<Func<double, double>> primitive, Expression<Func<double, double, double, double>> dx) =>
        RuleTable.Add(primitive, unbounded: true, dx);
}
