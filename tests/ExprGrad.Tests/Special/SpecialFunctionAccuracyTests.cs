using System.Numerics;
using ExprGrad.Tests.Oracles;

namespace ExprGrad.Tests.Special;

/// <summary>
/// The special functions against <see cref="HighPrecision"/> references (hundreds of bits, textbook series) at
/// grids across their ranges, tails included. Bound: 1e-14 relative, except near a zero of the function, where
/// only an absolute error is meaningful (the zero itself is not a double; digamma's at 1.4616…).
/// </summary>
public class SpecialFunctionAccuracyTests
{
    private const double Relative = 1e-14;
    private static readonly HighPrecision Wide = new(2400), Narrow = new(400);

    private static void AssertAccurate(string name, IEnumerable<double> points, Func<double, double> f, Func<double, BigInteger> reference,
        HighPrecision precision, double bound = Relative)
    {
        foreach (var x in points)
        {
            var error = precision.RelativeError(f(x), reference(x));
            Assert.True(error <= bound, $"{name}({x:R}) = {f(x):R}: relative error {error:E3} > {bound:E1}");
        }
    }

    private static IEnumerable<double> Grid(double from, double to, double step)
    {
        for (double x = from; x <= to; x += step) yield return x;
    }

    [Fact]
    public void ErfAndErfcAreAccurateToTheirTails()
    {
        double[] edges = [1e-300, 1e-10, 0.3, 1.2499, 1.25, 1.2501, 1.99, 2.0, 2.01, 26.4];
        AssertAccurate("Erf", Grid(-6.05, 6.05, 0.1).Concat(edges.Where(x => x < 6)), Ops.Erf, Wide.Erf, Wide);
        AssertAccurate("Erfc", Grid(-6.05, 26.45, 0.1).Concat(edges), Ops.Erfc, Wide.Erfc, Wide);
    }

    [Fact]
    public void NormalCdfIsAccurateInTheLowerTail()
    {
        // Φ(−37) ≈ 5.7e-300: the rounding of x/√2 alone would cost 1e-13 there without its correction.
        AssertAccurate("NormalCdf", Grid(-37, 8, 0.47), Ops.NormalCdf, Wide.NormalCdf, Wide);
    }

    [Fact]
    public void LogGammaIsAccurate()
    {
        double[] edges = [1e-100, 1e-8, 0.5, 1 + 1e-9, 1 - 1e-9, 2 + 1e-9, 2 - 1e-9, 0.9999, 1.0001, 1.9999, 2.0001, 1.5, 2.5, 9.99, 10, 10.01, 100.5, 1e5 + 0.3, 1e10];
        AssertAccurate("LogGamma", Grid(0.0731, 22, 0.0731).Concat(edges), Ops.LogGamma, Narrow.LogGamma, Narrow);
        Assert.Equal(0.0, Ops.LogGamma(1));
        Assert.Equal(0.0, Ops.LogGamma(2));
    }

    [Fact]
    public void DigammaIsAccurateIncludingNearItsZero()
    {
        // ψ's zero 1.46163214496836234…: the nearest doubles, and a grid across the series' range around it.
        double[] nearZero = [1.4616321449683622, 1.4616321449683624, 1.4616321449683620, 1.2117, 1.7115, 1.4616321];
        var points = Grid(0.0731, 22, 0.0731).Concat([1e-100, 1e-8, 0.5, 1, 2, 11.99, 12, 100.5, 1e10]).Concat(Grid(1.22, 1.70, 0.0071)).Concat(nearZero);
        AssertAccurate("Digamma", points, Ops.Digamma, x => Narrow.Polygamma(0, x), Narrow);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void PolygammaIsAccurate(int n)
    {
        var points = Grid(0.0731, 30, 0.0731).Concat([1e-8, 0.5, 1, 1 + 1e-9, 20.99, 21, 25.5, 100.5, 1e5]);
        AssertAccurate($"Polygamma({n}, ·)", points, x => Ops.Polygamma(n, x), x => Narrow.Polygamma(n, x), Narrow);
    }

    /// <summary>Exact values: Γ(n) = (n − 1)!, Γ(½) = √π, ψ(1) = −γ, ψ(½) = −γ − 2 log 2, ψ′(1) = π²/6, ψ′(½) = π²/2,
    /// ψ″(1) = −2ζ(3), to the digits quoted (more than double holds).</summary>
    [Fact]
    public void KnownValues()
    {
        const double gamma = 0.57721566490153286061, zeta3 = 1.2020569031595942854, ln2 = 0.69314718055994530942;
        static void Near(double expected, double actual) =>
            Assert.True(Math.Abs(expected - actual) <= 2e-15 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");
        Near(Math.Log(120.0), Ops.LogGamma(6));
        Near(0.5 * Math.Log(Math.PI), Ops.LogGamma(0.5));
        Near(-gamma, Ops.Digamma(1));
        Near(-gamma - 2 * ln2, Ops.Digamma(0.5));
        Near(Math.PI * Math.PI / 6, Ops.Trigamma(1));
        Near(Math.PI * Math.PI / 2, Ops.Trigamma(0.5));
        Near(-2 * zeta3, Ops.Polygamma(2, 1));
    }

    [Fact]
    public void LogNormalCdfIsAccurateInBothTails()
    {
        AssertAccurate("LogNormalCdf", Grid(-37, 8.2, 0.47).Append(0).Append(-1.25).Append(1.25), Ops.LogNormalCdf, x => Wide.Ln(Wide.NormalCdf(x)), Wide);
    }

    [Fact]
    public void LogisticFamilyIsAccurate()
    {
        var one = Wide.FromInt(1);
        var points = Grid(-40.3, 40, 0.7).Concat([-700, -36.9, -1e-10, -1e-300, 1e-300, 1e-10, 36.9, 700]).ToArray();
        AssertAccurate("Log1pExp", points, Ops.Log1pExp, x => Wide.Ln(one + Wide.Exp(Wide.FromDouble(x))), Wide);
        AssertAccurate("InvLogit", points, Ops.InvLogit, x => Wide.Div(one, one + Wide.Exp(Wide.FromDouble(-x))), Wide);
        AssertAccurate("Log1mExp", points.Where(x => x < 0), Ops.Log1mExp, x => Wide.Ln(one - Wide.Exp(Wide.FromDouble(x))), Wide);
        var probabilities = Grid(0.0137, 0.99, 0.0137).Concat([1e-300, 1e-10, 0.5 - 1e-12, 1 - 1e-10, 1 - 1.1102230246251565e-16]);
        AssertAccurate("Logit", probabilities.Where(p => p != 0.5), Ops.Logit, p => Wide.Ln(Wide.FromDouble(p)) - Wide.Ln(one - Wide.FromDouble(p)), Wide);
        foreach (var (a, b) in new[] { (0.0, 0.0), (1000.0, 1000.0), (-1000.0, 3.5), (2.5, 2.5 - 1e-9), (-0.5, 30.0), (700.0, -700.0) })
            AssertAccurate($"LogSumExp(·, {b})", [a], x => Ops.LogSumExp(x, b),
                x => Wide.Ln(Wide.Exp(Wide.FromDouble(x)) + Wide.Exp(Wide.FromDouble(b))), Wide);
    }

    /// <summary>log B(a, b) where log Γ(a + b) − log Γ(b) would cancel: a + b is exact at these points.</summary>
    [Fact]
    public void LogBetaIsAccurateWithOneOrBothArgumentsLarge()
    {
        foreach (var (a, b) in new[] { (0.5, 0.5), (1.0, 3.0), (2.5, 7.25), (0.5, 1e10), (3.0, 12.5), (10.5, 1e6), (1e6 + 0.5, 1e6 + 0.25), (12.0, 13.0), (0.125, 40.0) })
            AssertAccurate($"LogBeta(·, {b})", [a], x => Ops.LogBeta(x, b),
                x => Narrow.LogGamma(x) + Narrow.LogGamma(b) - Narrow.LogGamma(x + b), Narrow);
    }
}
