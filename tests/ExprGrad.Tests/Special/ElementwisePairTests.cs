using System.Linq.Expressions;

namespace ExprGrad.Tests.Special;

/// <summary>
/// The two-argument special functions over arrays, <c>LogBeta(a, b)</c> and <c>LogSumExp(a, b)</c> element by element,
/// against closed forms at points where Γ and ψ are rational plus constants (the generated first- and second-order
/// checks against central differences are in <c>RegistryTests</c>).
/// </summary>
public class ElementwisePairTests
{
    private static void Near(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-13 * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");

    /// <summary>
    /// Σ log B(aᵢ, bᵢ) at a = [1, 2], b = [2, 3]: B(1, 2) = Γ(1)Γ(2)/Γ(3) = ½ and B(2, 3) = 1·2/24 = 1/12, so the value is −log 24.
    /// ∂/∂a = ψ(a) − ψ(a + b), ∂/∂b = ψ(b) − ψ(a + b), with ψ(n + 1) − ψ(m + 1) = Σ_{k=m+1..n} 1/k:
    /// pair 0 gives −(1 + ½) and −½, pair 1 −(½ + ⅓ + ¼) and −(⅓ + ¼).
    /// Second order: ∂²/∂a² = ψ′(a) − ψ′(a + b), ∂²/∂a∂b = −ψ′(a + b), ∂²/∂b² = ψ′(b) − ψ′(a + b), with
    /// ψ′(n) = π²/6 − Σ_{k&lt;n} 1/k²; pairs do not interact.
    /// </summary>
    [Fact]
    public void LogBetaOfVectorsHasTheClosedFormValueGradientAndHessian()
    {
        Expression<Func<double[], double>> f = x => Ops.Sum(Ops.LogBeta(Ops.Slice(x, 0, 2), Ops.Slice(x, 2, 2)));
        double[] point = [1, 2, 2, 3];
        var (value, gradient) = Grad.ValueAndGradient(f)(point);
        var hessian = Grad.Hessian(f)(point);

        double zeta2 = Math.PI * Math.PI / 6;
        double Trigamma(int n) => zeta2 - Enumerable.Range(1, n - 1).Sum(k => 1.0 / (k * k));
        Near(-Math.Log(24), value, "value");
        double[] expectedGradient = [-1.5, -(1.0 / 2 + 1.0 / 3 + 1.0 / 4), -0.5, -(1.0 / 3 + 1.0 / 4)];
        for (int i = 0; i < 4; i++) Near(expectedGradient[i], gradient[i], $"∂/∂x{i}");
        var expected = new double[4, 4];
        (int A, int B, int a, int b)[] pairs = [(0, 2, 1, 2), (1, 3, 2, 3)];
        foreach (var (ia, ib, a, b) in pairs)
        {
            expected[ia, ia] = Trigamma(a) - Trigamma(a + b);
            expected[ib, ib] = Trigamma(b) - Trigamma(a + b);
            expected[ia, ib] = expected[ib, ia] = -Trigamma(a + b);
        }
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) Near(expected[i, j], hessian[i, j], $"H[{i}, {j}]");
    }

    /// <summary>The matrix form is the same function element by element: log B(1, b) = −log b (B(1, b) = 1/b), ∂/∂b = −1/b,
    /// ∂/∂a at a = 1 = ψ(1) − ψ(1 + b) = −(1 + ½ + … + 1/b) for an integer b.</summary>
    [Fact]
    public void LogBetaOfMatricesIsElementwise()
    {
        double[,] a = { { 1, 1 }, { 1, 1 } }, b = { { 1, 2 }, { 3, 4 } };
        var (value, (da, db)) = Grad.ValueAndGradient((double[,] x, double[,] y) => Ops.Sum(Ops.LogBeta(x, y)))(a, b);
        Near(-Math.Log(24), value, "value");
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
            {
                int n = (int)b[i, j];
                Near(-1.0 / n, db[i, j], $"∂/∂b[{i}, {j}]");
                Near(-Enumerable.Range(1, n).Sum(k => 1.0 / k), da[i, j], $"∂/∂a[{i}, {j}]");
            }
    }

    /// <summary>
    /// Σ log(e^aᵢ + e^bᵢ) at a = [log 2, 0], b = [log 3, 0]: log 5 + log 2 = log 10. ∂/∂a = e^a/(e^a + e^b) = p, ∂/∂b = 1 − p:
    /// 2/5 and 3/5, then ½ and ½. Second order p(1 − p) on the diagonal and −p(1 − p) between a pair's two arguments:
    /// 6/25, then ¼.
    /// </summary>
    [Fact]
    public void LogSumExpOfVectorsHasTheClosedFormValueGradientAndHessian()
    {
        Expression<Func<double[], double>> f = x => Ops.Sum(Ops.LogSumExp(Ops.Slice(x, 0, 2), Ops.Slice(x, 2, 2)));
        double[] point = [Math.Log(2), 0, Math.Log(3), 0];
        var (value, gradient) = Grad.ValueAndGradient(f)(point);
        var hessian = Grad.Hessian(f)(point);
        Near(Math.Log(10), value, "value");
        double[] expectedGradient = [0.4, 0.5, 0.6, 0.5];
        for (int i = 0; i < 4; i++) Near(expectedGradient[i], gradient[i], $"∂/∂x{i}");
        double[] curvature = [6.0 / 25, 0.25];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
            {
                double c = curvature[i % 2];
                double expected = i == j ? c : i % 2 == j % 2 ? -c : 0;
                Near(expected, hessian[i, j], $"H[{i}, {j}]");
            }
    }

    /// <summary>Large and infinite arguments as the scalar form takes them: log(2e¹⁰⁰⁰) = 1000 + log 2 without overflow,
    /// log(0 + 0) = −∞; in a matrix too.</summary>
    [Fact]
    public void LogSumExpOfArraysIsStableAndKeepsTheInfinityConventions()
    {
        var v = Ops.LogSumExp([1000.0, double.NegativeInfinity, 3], [1000.0, double.NegativeInfinity, double.NegativeInfinity]);
        Assert.Equal(1000 + Math.Log(2), v[0]);
        Assert.Equal(double.NegativeInfinity, v[1]);
        Assert.Equal(3.0, v[2]);
        var m = Ops.LogSumExp(new double[,] { { -1000, 0 } }, new double[,] { { -1000, double.PositiveInfinity } });
        Assert.Equal(-1000 + Math.Log(2), m[0, 0]);
        Assert.Equal(double.PositiveInfinity, m[0, 1]);
    }

    /// <summary>Arrays of different shapes throw naming the second argument, called directly and inside a gradient.</summary>
    [Fact]
    public void DifferentShapesThrowNamingTheArgument()
    {
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Ops.LogBeta(new double[2], new double[3])).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Ops.LogSumExp(new double[2, 2], new double[2, 3])).ParamName);
        var gradient = Grad.Of((double[] a, double[] b) => Ops.Sum(Ops.LogSumExp(a, b)));
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => gradient([1.0, 2.0], [1.0])).ParamName);
    }

    /// <summary>
    /// Regression (found by the differential harness: log B(e^s, …) at s ≈ 187 had gradient 0): ∂/∂a log B(a, b) =
    /// ψ(a) − ψ(a + b) was computed as that difference, which cancels when a is large beside b. For an integer b the
    /// recurrence ψ(x + 1) = ψ(x) + 1/x gives it exactly: ψ(a) − ψ(a + 2) = −1/a − 1/(a + 1). For a tiny b it is
    /// −b·ψ′(a) to first order (the next term, bψ″/2 relative, is 10⁻¹⁵ here), with ψ′(5) = π²/6 − 1 − ¼ − 1/9 − 1/16.
    /// Scalar, elementwise, and the second argument's partial (the roles swapped).
    /// </summary>
    [Theory]
    [InlineData(1e20, 2.0)]
    [InlineData(1e6, 2.0)]
    [InlineData(5.0, 1e-14)]
    public void LogBetaPartialsKeepTheirDigitsWhenOneArgumentDominates(double a, double b)
    {
        double expected = b == 2 ? -1 / a - 1 / (a + 1)
            : -b * (Math.PI * Math.PI / 6 - 1 - 1.0 / 4 - 1.0 / 9 - 1.0 / 16);
        var (da, db) = Grad.Of((double x, double y) => Ops.LogBeta(x, y))(a, b);
        Assert.True(Math.Abs(da - expected) <= 1e-14 * Math.Abs(expected), $"∂/∂a: expected {expected:R}, got {da:R}");
        var (swapped, _) = Grad.Of((double x, double y) => Ops.LogBeta(y, x))(a, b);
        Assert.True(Math.Abs(swapped - expected) <= 1e-14 * Math.Abs(expected), $"∂/∂b with the roles swapped: expected {expected:R}, got {swapped:R}");
        var (vectorA, _) = Grad.Of((double[] x, double[] y) => Ops.Sum(Ops.LogBeta(x, y)))([a], [b]);
        Assert.True(Math.Abs(vectorA[0] - expected) <= 1e-14 * Math.Abs(expected), $"elementwise ∂/∂a: expected {expected:R}, got {vectorA[0]:R}");
        Assert.True(double.IsFinite(db));
    }
}
