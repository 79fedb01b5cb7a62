using FsCheck.Xunit;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.MachineLearning;

/// <summary>
/// LeakyRelu(a, slope) and Pow(a, p): the conventions at their special points, derived by hand, and the law
/// that each agrees with the scalar form written element by element (the same partials, both arguments).
/// Random shapes, forward mode and second order are covered by the registry's generated tests.
/// </summary>
public class ParametricOpsTests
{
    [Fact]
    public void LeakyReluTakesTheSlopeAtZeroAndGivesTheSlopeItsGradient()
    {
        // y = (−0.2, 0, 3); dy/da = (0.1, 0.1, 1) (the left derivative at 0, as Relu'(0) = 0);
        // d/dslope Σ y = Σ min(aᵢ, 0) = −2.
        double[] a = [-2, 0, 3];
        Assert.Equal([-0.2, 0, 3], LeakyRelu(a, 0.1));
        var (da, dslope) = Grad.Of((double[] x, double s) => Sum(LeakyRelu(x, s)))(a, 0.1);
        Assert.Equal([0.1, 0.1, 1], da);
        Assert.Equal(-2, dslope);
    }

    [Fact]
    public void LeakyReluWithSlopeZeroIsRelu()
    {
        double[,] m = { { -1, 0 }, { 2, -0.5 } };
        Assert.Equal(Relu(m), LeakyRelu(m, 0));
        var weights = new double[,] { { 1, 2 }, { 3, 4 } };
        var leaky = Grad.Of((double[,] x) => Dot(LeakyRelu(x, 0), weights))(m);
        var relu = Grad.Of((double[,] x) => Dot(Relu(x), weights))(m);
        Assert.Equal(new double[,] { { 0, 0 }, { 3, 0 } }, leaky);
        Assert.Equal(relu, leaky);
    }

    [Fact]
    public void LeakyReluPropagatesNaN()
    {
        Assert.True(double.IsNaN(LeakyRelu([double.NaN], 0.1)[0]));
        var (da, dslope) = Grad.Of((double[] x, double s) => Sum(LeakyRelu(x, s)))([double.NaN], 0.1);
        Assert.True(double.IsNaN(da[0]) && double.IsNaN(dslope));
    }

    [Fact]
    public void PowZeroHasZeroDerivativeEverywhereAndItsExponentGetsLogOnlyFromPositiveElements()
    {
        // Σ xᵢ⁰ = 3 at (0, −2, 3) with d/dx = 0 everywhere, 0 included (d/dx of x⁰ = 1 is 0);
        // d/dp Σ xᵖ at p = 0 is Σ_{x > 0} log x = log 3 (no gradient to p from x ≤ 0).
        double[] a = [0, -2, 3];
        var (value, (da, dp)) = Grad.ValueAndGradient((double[] x, double p) => Sum(Pow(x, p)))(a, 0);
        Assert.Equal(3, value);
        Assert.Equal([0.0, 0, 0], da);
        Assert.Equal(Math.Log(3), dp, 15);
    }

    [Fact]
    public void PowOneIsTheIdentityWithDerivativeOneAtZeroAndBelow()
    {
        // d/dx x¹ = 1·x⁰ = 1 at 0 and at −2; d/dp at p = 1 is Σ_{x > 0} x·log x = 3·log 3.
        var (da, dp) = Grad.Of((double[] x, double p) => Sum(Pow(x, p)))([0, -2, 3], 1);
        Assert.Equal([1.0, 1, 1], da);
        Assert.Equal(3 * Math.Log(3), dp, 14);
    }

    [Fact]
    public void PowAtZeroForNonIntegerExponents()
    {
        // 0^0.5 = 0 with derivative 0.5·0^(−0.5) = +∞; 0^1.5 = 0 with derivative 1.5·0^0.5 = 0.
        Assert.Equal([double.PositiveInfinity], Grad.Of((double[] x) => Sum(Pow(x, 0.5)))([0.0]));
        Assert.Equal([0.0], Grad.Of((double[] x) => Sum(Pow(x, 1.5)))([0.0]));
        // On the untaken side of a Max the infinite partial meets a zero adjoint: 0, not 0·∞ = NaN.
        Assert.Equal([0.0], Grad.Of((double[] x) => Math.Max(1, Sum(Pow(x, 0.5))))([0.0]));
    }

    [Fact]
    public void PowOfNegativeBases()
    {
        // (−3)² = 9 with derivative −6, and no gradient to p from a negative base; (−3)^0.5 is NaN, so is its derivative.
        var (da, dp) = Grad.Of((double[] x, double p) => Sum(Pow(x, p)))([-3.0], 2);
        Assert.Equal([-6.0], da);
        Assert.Equal(0, dp);
        Assert.True(double.IsNaN(Pow([-3.0], 0.5)[0]));
        Assert.True(double.IsNaN(Grad.Of((double[] x) => Sum(Pow(x, 0.5)))([-3.0])[0]));
    }

    [Fact]
    public void PowSecondDerivativesInTheBaseAndTheExponent()
    {
        // f(a, p) = a^p at a = 2, p = 3: f_aa = p(p−1)a^(p−2) = 12, f_ap = a^(p−1)(1 + p·log a) = 4(1 + 3 log 2),
        // f_pp = a^p·log² a = 8 log² 2.
        var h = Grad.Hessian((double[] a, double p) => Sum(Pow(a, p)))([2.0], 3);
        Assert.Equal(12, h[0, 0], 12);
        Assert.Equal(4 * (1 + 3 * Math.Log(2)), h[0, 1], 12);
        Assert.Equal(4 * (1 + 3 * Math.Log(2)), h[1, 0], 12);
        Assert.Equal(8 * Math.Log(2) * Math.Log(2), h[1, 1], 12);
    }

    [Property(Replay = "(314159,271829)", MaxTest = 100)]
    public void PowAgreesWithMathPowElementByElement(byte seed)
    {
        var random = new Random(seed);
        double[] a = [.. Enumerable.Range(0, 1 + seed % 5).Select(_ => 0.2 + 2 * random.NextDouble())];
        double p = 4 * random.NextDouble() - 2;
        var (da, dp) = Grad.Of((double[] x, double q) => Sum(Pow(x, q)))(a, p);
        var (ea, ep) = Grad.Of((double[] x, double q) => Ops.Sum(x.Length, i => Math.Pow(x[i], q)))(a, p);
        for (int i = 0; i < a.Length; i++) Assert.Equal(ea[i], da[i], 1e-12);
        Assert.Equal(ep, dp, 1e-12);
    }

    [Property(Replay = "(271828,161803)", MaxTest = 100)]
    public void LeakyReluAgreesWithItsScalarFormElementByElement(byte seed)
    {
        var random = new Random(seed);
        var m = new double[1 + seed % 3, 1 + seed % 4];
        for (int i = 0; i < m.GetLength(0); i++)
            for (int j = 0; j < m.GetLength(1); j++) m[i, j] = 4 * random.NextDouble() - 2;
        double s = random.NextDouble();
        var (dm, ds) = Grad.Of((double[,] x, double slope) => SumOfSquares(LeakyRelu(x, slope)))(m, s);
        var (em, es) = Grad.Of((double[,] x, double slope) => Ops.Sum(x.GetLength(0), i => Ops.Sum(x.GetLength(1), j =>
            (x[i, j] > 0 ? x[i, j] : slope * x[i, j]) * (x[i, j] > 0 ? x[i, j] : slope * x[i, j]))))(m, s);
        Assert.Equal(em, dm);
        Assert.Equal(es, ds, 1e-12);
    }
}
