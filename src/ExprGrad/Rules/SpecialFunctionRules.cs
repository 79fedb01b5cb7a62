using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The special functions' scalar rules, one line each. Every partial is written in primitives that have rules
/// themselves (ψ → ψ′ → ψ⁽²⁾ → …, log Φ′ = φ/Φ whose derivative is −r(x + r), InvLogit′ = InvLogit(x)·InvLogit(−x)),
/// so Hessians and higher orders go through. Their elementwise forms are lines in <see cref="ElementwiseRules"/>.
/// </summary>
internal static class SpecialFunctionRules
{
    private const double TwoOverSqrtPi = 1.12837916709551257390;
    private const double InvSqrt2Pi = 0.39894228040143267794;

    /// <summary>The scalar special functions (double arguments only): pure and total (they return NaN or ±∞, never
    /// throw) and costly, so loop-invariant hoisting may move them and a loop's forward pass may store them.</summary>
    public static readonly IReadOnlySet<string> ScalarFunctions = new HashSet<string>
    {
        nameof(Ops.LogGamma), nameof(Ops.Digamma), nameof(Ops.Trigamma), nameof(Ops.LogBeta), nameof(Ops.Erf), nameof(Ops.Erfc),
        nameof(Ops.NormalCdf), nameof(Ops.LogNormalCdf), nameof(Ops.LogNormalCdfDerivative), nameof(Ops.Log1pExp),
        nameof(Ops.Log1mExp), nameof(Ops.Logit), nameof(Ops.InvLogit), nameof(Ops.LogSumExp), nameof(Ops.DigammaDifference),
    };

    public static void RegisterAll()
    {
        Unary((double x) => Ops.LogGamma(x),          (g, y, x) => g * Ops.Digamma(x), unbounded: true);
        Unary((double x) => Ops.Digamma(x),           (g, y, x) => g * Ops.Trigamma(x), unbounded: true);
        Unary((double x) => Ops.Trigamma(x),          (g, y, x) => g * Ops.Polygamma(2, x), unbounded: true);
        RuleTable.Add((int n, double x) => Ops.Polygamma(n, x), unbounded: true, null,
            (Expression<Func<double, double, int, double, double>>)((g, y, n, x) => g * Ops.Polygamma(n + 1, x)));
        RuleTable.Add((double a, double b) => Ops.LogBeta(a, b), unbounded: true,
            (Expression<Func<double, double, double, double, double>>)((g, y, a, b) => g * Ops.DigammaDifference(a, b)),
            (Expression<Func<double, double, double, double, double>>)((g, y, a, b) => g * Ops.DigammaDifference(b, a)));
        RuleTable.Add((double a, double b) => Ops.DigammaDifference(a, b), unbounded: true,
            (Expression<Func<double, double, double, double, double>>)((g, y, a, b) => g * (Ops.Trigamma(a) - Ops.Trigamma(a + b))),
            (Expression<Func<double, double, double, double, double>>)((g, y, a, b) => -g * Ops.Trigamma(a + b)));

        Unary((double x) => Ops.Erf(x),               (g, y, x) => g * TwoOverSqrtPi * Math.Exp(-x * x));
        Unary((double x) => Ops.Erfc(x),              (g, y, x) => -g * TwoOverSqrtPi * Math.Exp(-x * x));
        Unary((double x) => Ops.NormalCdf(x),         (g, y, x) => g * InvSqrt2Pi * Math.Exp(-0.5 * x * x));
        Unary((double x) => Ops.LogNormalCdf(x),      (g, y, x) => g * Ops.LogNormalCdfDerivative(x), unbounded: true);
        Unary((double x) => Ops.LogNormalCdfDerivative(x), (g, y, x) => -g * y * (x + y), unbounded: true);

        Unary((double x) => Ops.Log1pExp(x),          (g, y, x) => g * Ops.InvLogit(x));
        Unary((double x) => Ops.Log1mExp(x),          (g, y, x) => -g * Math.Exp(x - y), unbounded: true);
        Unary((double x) => Ops.Logit(x),             (g, y, x) => g / (x * (1 - x)), unbounded: true);
        Unary((double x) => Ops.InvLogit(x),          (g, y, x) => g * y * Ops.InvLogit(-x));
        RuleTable.Add((double a, double b) => Ops.LogSumExp(a, b), unbounded: false,
            (Expression<Func<double, double, double, double, double>>)((g, y, a, b) => g * Ops.InvLogit(a - b)),
            (Expression<Func<double, double, double, double, double>>)((g, y, a, b) => g * Ops.InvLogit(b - a)));

        // The two-argument functions elementwise: diagonal Jacobians, so a contribution read with g = ẋ is the tangent,
        // and every partial is written in elementwise ops with rules of their own (second order goes through).
        Pairwise<double[]>((a, b) => Ops.LogBeta(a, b),
            (g, y, a, b) => Ops.Multiply(g, Ops.DigammaDifference(a, b)),
            (g, y, a, b) => Ops.Multiply(g, Ops.DigammaDifference(b, a)));
        Pairwise<double[,]>((a, b) => Ops.LogBeta(a, b),
            (g, y, a, b) => Ops.Multiply(g, Ops.DigammaDifference(a, b)),
            (g, y, a, b) => Ops.Multiply(g, Ops.DigammaDifference(b, a)));
        Pairwise<double[]>((a, b) => Ops.DigammaDifference(a, b),
            (g, y, a, b) => Ops.Multiply(g, Ops.Subtract(Ops.Trigamma(a), Ops.Trigamma(Ops.Add(a, b)))),
            (g, y, a, b) => Ops.Scale(-1, Ops.Multiply(g, Ops.Trigamma(Ops.Add(a, b)))));
        Pairwise<double[,]>((a, b) => Ops.DigammaDifference(a, b),
            (g, y, a, b) => Ops.Multiply(g, Ops.Subtract(Ops.Trigamma(a), Ops.Trigamma(Ops.Add(a, b)))),
            (g, y, a, b) => Ops.Scale(-1, Ops.Multiply(g, Ops.Trigamma(Ops.Add(a, b)))));
        Pairwise<double[]>((a, b) => Ops.LogSumExp(a, b),
            (g, y, a, b) => Ops.Multiply(g, Ops.InvLogit(Ops.Subtract(a, b))),
            (g, y, a, b) => Ops.Multiply(g, Ops.InvLogit(Ops.Subtract(b, a))));
        Pairwise<double[,]>((a, b) => Ops.LogSumExp(a, b),
            (g, y, a, b) => Ops.Multiply(g, Ops.InvLogit(Ops.Subtract(a, b))),
            (g, y, a, b) => Ops.Multiply(g, Ops.InvLogit(Ops.Subtract(b, a))));
    }

    private static void Pairwise<T>(Expression<Func<T, T, T>> primitive, Expression<Func<T, T, T, T, T>> da,
        Expression<Func<T, T, T, T, T>> db) => RuleTable.Add(primitive, Tangents.FromAdjoints, da, db);

    private static void Unary(Expression<Func<double, double>> primitive, Expression<Func<double, double, double, double>> dx,
        bool unbounded = false) => RuleTable.Add(primitive, unbounded, dx);
}
