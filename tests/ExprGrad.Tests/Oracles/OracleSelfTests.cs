using System.Linq.Expressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Oracles;

/// <summary>
/// The two oracles checked against each other and against hand-derived gradients, with no use of the
/// engine: if these pass, a disagreement with the engine is the engine's.
/// </summary>
public class OracleSelfTests
{
    [Property(Arbitrary = [typeof(GradientCases)], MaxTest = 300, Replay = "20240517,987654321")]
    public Property DualNumbersAgreeWithFiniteDifferences(GradientCase c)
    {
        var dual = DualEvaluator.Gradient(c.Tree, c.Point);
        return Prop.When(c.SuitsFiniteDifferences(dual), () =>
            FiniteDifferences.AssertClose(FiniteDifferences.Gradient(c.Compiled, c.Point), dual.Gradient, 1e-6, 1e-7, c.ToString()));
    }

    [Property(Arbitrary = [typeof(GradientCases)], MaxTest = 200, Replay = "31415926,271828183")]
    public void TheInterpreterComputesTheCompiledValueExactly(GradientCase c) =>
        Assert.Equal(c.Compiled(c.Point), DualEvaluator.Gradient(c.Tree, c.Point).Value);

    [Property(Arbitrary = [typeof(GradientCases)], MaxTest = 60, Replay = "1618033,398874353")]
    public void ScalarParametersGiveTheSameGradientAsArrayCoordinates(GradientCase c)
    {
        var overArray = DualEvaluator.Gradient(c.Tree, c.Point);
        var overScalars = DualEvaluator.Gradient(c.ScalarTree, c.Point);
        Assert.Equal(overArray.Gradient, overScalars.Gradient);
        Assert.Equal(overArray.KinkDistance, overScalars.KinkDistance);
        var scalarDelegate = c.ScalarTree.Compile();
        Assert.Equal(c.Compiled(c.Point), FiniteDifferences.OverArray(scalarDelegate)(c.Point));
        if (c.SuitsFiniteDifferences(overArray))
            FiniteDifferences.AssertClose(overArray.Gradient, FiniteDifferences.Gradient(scalarDelegate, c.Point), 1e-6, 1e-7, c.ToString());
    }

    /// <summary>The discard filter must leave most generated cases, or the properties above test little.</summary>
    [Fact]
    public void MostGeneratedCasesSuitFiniteDifferences()
    {
        var cases = Gen.Sample(GradientCases.Generator, 400, new Rnd(7, 11), 100);
        int suitable = cases.Count(c => c.SuitsFiniteDifferences(DualEvaluator.Gradient(c.Tree, c.Point)));
        Assert.True(suitable >= 0.7 * cases.Length, $"only {suitable} of {cases.Length} generated cases are smooth at their point");
    }

    [Fact]
    public void TheGeneratorCoversEverySupportedNodeKind()
    {
        var seen = new NodeCensus();
        foreach (var c in Gen.Sample(GradientCases.Generator, 600, new Rnd(3, 5), 100)) seen.Visit(c.Tree);
        string[] expected =
        [
            "Add", "Subtract", "Multiply", "Divide", "Modulo", "Negate", "Convert", "Conditional", "ArrayIndex", "Constant",
            "LessThan", "LessThanOrEqual", "GreaterThan", "GreaterThanOrEqual", "Equal", "NotEqual", "AndAlso", "OrElse", "Not",
            "Math.Exp", "Math.Log", "Math.Log/2", "Math.Log10", "Math.Log2", "Math.Sqrt", "Math.Cbrt", "Math.Pow",
            "Math.Sin", "Math.Cos", "Math.Tan", "Math.Asin", "Math.Acos", "Math.Atan", "Math.Atan2",
            "Math.Sinh", "Math.Cosh", "Math.Tanh", "Math.Asinh", "Math.Acosh", "Math.Atanh",
            "Math.Abs", "Math.Max", "Math.Min", "Math.Clamp", "Math.FusedMultiplyAdd",
            "Math.Floor", "Math.Ceiling", "Math.Round", "Math.Round/2", "Math.Truncate", "Math.Sign", "Ops.Sigmoid", "Ops.Relu",
        ];
        Assert.Empty(expected.Except(seen.Kinds));
    }

    [Fact]
    public void DualArithmeticFollowsTheChainRule()
    {
        // f(x) = x·x + sin(x)·e^x, f'(x) = 2x + (cos x + sin x)·e^x.
        var x = Dual.Variable(0.7);
        var f = x * x + Dual.Sin(x) * Dual.Exp(x);
        Assert.Equal(0.49 + Math.Sin(0.7) * Math.Exp(0.7), f.Value, 14);
        Assert.Equal(1.4 + (Math.Cos(0.7) + Math.Sin(0.7)) * Math.Exp(0.7), f.Tangent, 14);
    }

    public static TheoryData<string> SmoothCases() => [.. HandDerived.Where(h => h.Smooth).Select(h => h.Name)];

    public static TheoryData<string> AllCases() => [.. HandDerived.Select(h => h.Name)];

    [Theory]
    [MemberData(nameof(AllCases))]
    public void DualEvaluatorMatchesHandDerivedGradients(string name)
    {
        var (_, f, point, expected, _) = HandDerived.Single(h => h.Name == name);
        FiniteDifferences.AssertClose(expected, DualEvaluator.Gradient(f, point).Gradient, 1e-14, 1e-15, $"{name}: {f}");
    }

    [Theory]
    [MemberData(nameof(SmoothCases))]
    public void FiniteDifferencesMatchHandDerivedGradients(string name)
    {
        var (_, f, point, expected, _) = HandDerived.Single(h => h.Name == name);
        var compiled = f.Compile();
        FiniteDifferences.AssertClose(expected, FiniteDifferences.Gradient(compiled, point), 1e-8, 1e-9, $"{name} (extrapolated): {f}");
        FiniteDifferences.AssertClose(expected, FiniteDifferences.Central(FiniteDifferences.OverArray(compiled), point), 1e-6, 1e-7, $"{name} (plain): {f}");
    }

    [Fact]
    public void KinkDistanceIsTheDistanceToTheSwitchAlongEachCoordinate()
    {
        // |x − 1| at x = 1.005: the kink is 0.005 away. (2y > 1 ? y : 0) at y = 0.75: 2y − 1 = 0.5 changes at rate 2, so 0.25.
        Expression<Func<double, double, double>> f = (x, y) => Math.Abs(x - 1) + (2 * y > 1 ? y : 0);
        var result = DualEvaluator.Gradient(f, [1.005, 0.75]);
        Assert.Equal(0.005, result.KinkDistance[0], 12);
        Assert.Equal(0.25, result.KinkDistance[1], 12);
        Assert.Equal(new[] { 1.0, 1.0 }, result.Gradient);
    }

    [Fact]
    public void TheInterpreterRejectsNodesItDoesNotKnow()
    {
        Expression<Func<double[], double>> f = x => x.Length;
        var e = Assert.Throws<NotSupportedException>(() => DualEvaluator.Gradient(f, [1.0]));
        Assert.Contains("ArrayLength", e.Message);
    }

    private sealed record HandCase(string Name, LambdaExpression F, double[] Point, double[] Gradient, bool Smooth = true);

    private static HandCase Case(string name, LambdaExpression f, double[] point, double[] gradient, bool smooth = true) =>
        new(name, f, point, gradient, smooth);

    /// <summary>Gradients worked out by hand; the comment on each line is the derivation.</summary>
    private static readonly HandCase[] HandDerived =
    [
        // ∂/∂x = ∂/∂y = z = −4, ∂/∂z = x + y = 3.
        Case("(x+y)*z", (Expression<Func<double, double, double, double>>)((x, y, z) => (x + y) * z), [-2, 5, -4], [-4, -4, 3]),
        // e^x·ln y at (0, e): (e⁰·ln e, e⁰/e) = (1, 1/e).
        Case("exp*log", (Expression<Func<double, double, double>>)((x, y) => Math.Exp(x) * Math.Log(y)), [0, Math.E], [1, 1 / Math.E]),
        // x^y at (2, 3): (y·x^(y−1), x^y·ln x) = (12, 8 ln 2).
        Case("pow", (Expression<Func<double, double, double>>)((x, y) => Math.Pow(x, y)), [2, 3], [12, 8 * Math.Log(2)]),
        // atan2(a, b) at (1, 1): (b, −a)/(a² + b²) = (½, −½).
        Case("atan2", (Expression<Func<double, double, double>>)((a, b) => Math.Atan2(a, b)), [1, 1], [0.5, -0.5]),
        // log_b(a) = ln a/ln b at (8, 2): (1/(8 ln 2), −ln 8/(2 ln² 2)) = (1/(8 ln 2), −3/(2 ln 2)).
        Case("log base", (Expression<Func<double, double, double>>)((a, b) => Math.Log(a, b)), [8, 2], [1 / (8 * Math.Log(2)), -3 / (2 * Math.Log(2))]),
        // σ(x)·relu(y) at (0, 2): (σ(0)(1−σ(0))·2, σ(0)·1) = (½, ½).
        Case("sigmoid*relu", (Expression<Func<double, double, double>>)((x, y) => Sigmoid(x) * Relu(y)), [0, 2], [0.5, 0.5]),
        // √x + ∛y at (4, 8): (1/(2·2), 1/(3·2²)).
        Case("sqrt+cbrt", (Expression<Func<double, double, double>>)((x, y) => Math.Sqrt(x) + Math.Cbrt(y)), [4, 8], [0.25, 1.0 / 12]),
        // asin, atanh, acosh at (½, ½, 2): (1/√(1−¼), 1/(1−¼), 1/√(4−1)).
        Case("inverse", (Expression<Func<double, double, double, double>>)((x, y, z) => Math.Asin(x) + Math.Atanh(y) + Math.Acosh(z)),
            [0.5, 0.5, 2], [2 / Math.Sqrt(3), 4.0 / 3, 1 / Math.Sqrt(3)]),
        // acos at 0: −1/√1; atan at 1: 1/(1+1); asinh at 0: 1/√1.
        Case("acos+atan+asinh", (Expression<Func<double, double, double, double>>)((x, y, z) => Math.Acos(x) + Math.Atan(y) + Math.Asinh(z)),
            [0, 1, 0], [-1, 0.5, 1]),
        // log₁₀ x + log₂ y at (100, 8): (1/(100 ln 10), 1/(8 ln 2)).
        Case("log10+log2", (Expression<Func<double, double, double>>)((x, y) => Math.Log10(x) + Math.Log2(y)), [100, 8],
            [1 / (100 * Math.Log(10)), 1 / (8 * Math.Log(2))]),
        // tan x · cos y at (π/4, 0): (sec²(π/4)·cos 0, −tan(π/4)·sin 0) = (2, 0).
        Case("tan*cos", (Expression<Func<double, double, double>>)((x, y) => Math.Tan(x) * Math.Cos(y)), [Math.PI / 4, 0], [2, 0]),
        // sin x · sinh y + cosh y + tanh x at (0, 0): (cos 0·sinh 0 + 1/cosh² 0, sin 0·cosh 0 + sinh 0) = (1, 0).
        Case("hyperbolic", (Expression<Func<double, double, double>>)((x, y) => Math.Sin(x) * Math.Sinh(y) + Math.Cosh(y) + Math.Tanh(x)), [0, 0], [1, 0]),
        // fma(a, b, c) = ab + c at (2, 3, 4): (b, a, 1).
        Case("fma", (Expression<Func<double, double, double, double>>)((a, b, c) => Math.FusedMultiplyAdd(a, b, c)), [2, 3, 4], [3, 2, 1]),
        // Clamp takes the tangent of whichever argument it returns.
        Case("clamp above", (Expression<Func<double, double, double, double>>)((v, lo, hi) => Math.Clamp(v, lo, hi)), [5, 0, 2], [0, 0, 1]),
        Case("clamp inside", (Expression<Func<double, double, double, double>>)((v, lo, hi) => Math.Clamp(v, lo, hi)), [1, 0, 2], [1, 0, 0]),
        Case("clamp below", (Expression<Func<double, double, double, double>>)((v, lo, hi) => Math.Clamp(v, lo, hi)), [-1, 0, 2], [0, 1, 0]),
        // ⌊x⌋·x at 2.5: ⌊x⌋ is locally constant, so ⌊2.5⌋ = 2.
        Case("floor*x", (Expression<Func<double, double>>)(x => Math.Floor(x) * x), [2.5], [2]),
        // a % b = a − b·trunc(a/b) at (7, 2): (1, −trunc(3.5)) = (1, −3).
        Case("modulo", (Expression<Func<double, double, double>>)((a, b) => a % b), [7, 2], [1, -3]),
        // Only the taken branch: x² at 3 gives 6, −x at −3 gives −1.
        Case("branch taken", (Expression<Func<double[], double>>)(x => x[0] > 0 ? x[0] * x[0] : -x[0]), [3], [6]),
        Case("branch not taken", (Expression<Func<double[], double>>)(x => x[0] > 0 ? x[0] * x[0] : -x[0]), [-3], [-1]),
        // ¬(x>0 ∨ y>0) at (−1, −2) selects xy: (y, x) = (−2, −1).
        Case("logic xy", (Expression<Func<double, double, double>>)((x, y) => !(x > 0 || y > 0) ? x * y : (x > 1 && y > 1 ? x * x : y * y)), [-1, -2], [-2, -1]),
        // …at (2, 3) selects x²: (4, 0); at (½, ½) selects y²: (0, 1).
        Case("logic xx", (Expression<Func<double, double, double>>)((x, y) => !(x > 0 || y > 0) ? x * y : (x > 1 && y > 1 ? x * x : y * y)), [2, 3], [4, 0]),
        Case("logic yy", (Expression<Func<double, double, double>>)((x, y) => !(x > 0 || y > 0) ? x * y : (x > 1 && y > 1 ? x * x : y * y)), [0.5, 0.5], [0, 1]),
        // log Γ(x) + log B(y, z) at (1, 1, 1): (ψ(1), ψ(1) − ψ(2), ψ(1) − ψ(2)) = (−γ, −1, −1).
        Case("lgamma+lbeta", (Expression<Func<double, double, double, double>>)((x, y, z) => Ops.LogGamma(x) + Ops.LogBeta(y, z)),
            [1, 1, 1], [-0.57721566490153286061, -1, -1]),
        // erf x + log(eʸ + eᶻ) at (0, 0, 0): (2/√π, ½, ½).
        Case("erf+logsumexp", (Expression<Func<double, double, double, double>>)((x, y, z) => Ops.Erf(x) + Ops.LogSumExp(y, z)),
            [0, 0, 0], [2 / Math.Sqrt(Math.PI), 0.5, 0.5]),
        // logit p + log(1 − e^q) + log Φ(r) at (½, −ln 2, 0): (1/(½·½), −½/(1 − ½), φ(0)/Φ(0)) = (4, −1, √(2/π)).
        Case("logit+log1mexp+logPhi", (Expression<Func<double, double, double, double>>)((p, q, r) => Ops.Logit(p) + Ops.Log1mExp(q) + Ops.LogNormalCdf(r)),
            [0.5, -Math.Log(2), 0], [4, -1, Math.Sqrt(2 / Math.PI)]),
        // Conventions at kinks (not checkable by finite differences): a tie splits evenly, (½, ½),
        // Abs'(0) = Relu'(0) = 0, and max(x, x) = x has derivative ½ + ½ = 1.
        Case("max tie", (Expression<Func<double, double, double>>)((a, b) => Math.Max(a, b)), [2, 2], [0.5, 0.5], smooth: false),
        Case("min tie", (Expression<Func<double, double, double>>)((a, b) => Math.Min(a, b)), [2, 2], [0.5, 0.5], smooth: false),
        Case("max self", (Expression<Func<double, double>>)(x => Math.Max(x, x)), [3], [1], smooth: false),
        Case("abs at 0", (Expression<Func<double, double>>)(x => Math.Abs(x)), [0], [0], smooth: false),
        Case("relu at 0", (Expression<Func<double, double>>)(x => Relu(x)), [0], [0], smooth: false),
    ];

    /// <summary>Every node kind and method met in a tree; two-argument Log and Round are told apart.</summary>
    private sealed class NodeCensus : ExpressionVisitor
    {
        public HashSet<string> Kinds { get; } = [];

        public override Expression? Visit(Expression? node)
        {
            if (node is not null and not LambdaExpression and not ParameterExpression)
                Kinds.Add(node is MethodCallExpression m
                    ? ExpressionTrees.MethodName(m.Method) + (m.Arguments.Count == 2 && m.Method.Name is "Log" or "Round" ? "/2" : "")
                    : node.NodeType.ToString());
            return base.Visit(node);
        }
    }
}
