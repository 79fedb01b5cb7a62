namespace ExprGrad.Tests.Special;

/// <summary>The documented values at infinities, poles and domain edges (README, "Special functions"), and NaN in,
/// NaN out for every function.</summary>
public class SpecialFunctionEdgeTests
{
    private static readonly Func<double, double>[] Unary =
    [
        Ops.LogGamma, Ops.Digamma, Ops.Trigamma, Ops.Erf, Ops.Erfc, Ops.NormalCdf, Ops.LogNormalCdf,
        Ops.Log1pExp, Ops.Log1mExp, Ops.Logit, Ops.InvLogit, x => Ops.Polygamma(3, x), x => Ops.LogBeta(x, 2), x => Ops.LogSumExp(x, 2),
    ];

    [Fact]
    public void NaNGivesNaN()
    {
        foreach (var f in Unary) Assert.True(double.IsNaN(f(double.NaN)));
    }

    [Fact]
    public void Infinities()
    {
        const double inf = double.PositiveInfinity;
        Assert.Equal(inf, Ops.LogGamma(inf));
        Assert.Equal(inf, Ops.LogGamma(-inf));
        Assert.Equal(inf, Ops.Digamma(inf));
        Assert.Equal(0.0, Ops.Trigamma(inf));
        Assert.Equal(1.0, Ops.Erf(inf));
        Assert.Equal(-1.0, Ops.Erf(-inf));
        Assert.Equal(0.0, Ops.Erfc(inf));
        Assert.Equal(2.0, Ops.Erfc(-inf));
        Assert.Equal(0.0, Ops.NormalCdf(-inf));
        Assert.Equal(1.0, Ops.NormalCdf(inf));
        Assert.Equal(-inf, Ops.LogNormalCdf(-inf));
        Assert.Equal(0.0, Ops.LogNormalCdf(inf));
        Assert.Equal(inf, Ops.Log1pExp(inf));
        Assert.Equal(0.0, Ops.Log1pExp(-inf));
        Assert.Equal(0.0, Ops.Log1mExp(-inf));
        Assert.Equal(1.0, Ops.InvLogit(inf));
        Assert.Equal(0.0, Ops.InvLogit(-inf));
        Assert.Equal(-inf, Ops.LogSumExp(-inf, -inf));
        Assert.Equal(inf, Ops.LogSumExp(inf, 3));
        Assert.Equal(3.0, Ops.LogSumExp(-inf, 3));
        Assert.Equal(-inf, Ops.LogBeta(2, inf));
    }

    [Fact]
    public void PolesAndDomainEdges()
    {
        Assert.Equal(double.PositiveInfinity, Ops.LogGamma(0));
        Assert.Equal(double.PositiveInfinity, Ops.LogGamma(-3));
        Assert.True(double.IsNaN(Ops.Digamma(0)));
        Assert.True(double.IsNaN(Ops.Digamma(-2)));
        Assert.Equal(double.PositiveInfinity, Ops.Trigamma(0));
        Assert.Equal(double.PositiveInfinity, Ops.Polygamma(3, -1));
        Assert.True(double.IsNaN(Ops.Polygamma(2, -1)));
        Assert.Equal(double.NegativeInfinity, Ops.Logit(0));
        Assert.Equal(double.PositiveInfinity, Ops.Logit(1));
        Assert.True(double.IsNaN(Ops.Logit(1.5)));
        Assert.Equal(double.NegativeInfinity, Ops.Log1mExp(0));
        Assert.True(double.IsNaN(Ops.Log1mExp(0.1)));
        Assert.Equal(double.PositiveInfinity, Ops.LogBeta(0, 2));
        Assert.True(double.IsNaN(Ops.LogBeta(-1, 2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Polygamma(-1, 2));
    }

    /// <summary>Reflection: Γ(x)Γ(1 − x) = π/sin πx, so log|Γ(−0.5)| = log(2√π) and ψ(−0.5) = ψ(1.5) − π cot(−π/2) = ψ(1.5) = 2 − γ − 2 log 2.</summary>
    [Fact]
    public void NegativeArgumentsByReflection()
    {
        const double gamma = 0.57721566490153286061, ln2 = 0.69314718055994530942;
        Assert.Equal(Math.Log(2 * Math.Sqrt(Math.PI)), Ops.LogGamma(-0.5), 1e-15);
        Assert.Equal(2 - gamma - 2 * ln2, Ops.Digamma(-0.5), 1e-15);
        // ψ′(−0.5) = π²/sin²(−π/2) − ψ′(1.5) = π² − (π²/2 − 4)
        Assert.Equal(Math.PI * Math.PI / 2 + 4, Ops.Trigamma(-0.5), 1e-13);
    }

    /// <summary>Regression: the reflection for ψ⁽ⁿ⁾ at x &lt; 0 had its overall sign flipped (ψ′(−0.5) came out as
    /// −(π²/2 + 4)). Exact values: ψ″(−0.5) = ψ″(1.5) = −14ζ(3) + 16 (cot′′ vanishes at −½); ψ⁽³⁾(−0.5) = 2π⁴ − ψ⁽³⁾(1.5)
    /// = π⁴ + 96, from ψ⁽³⁾(½) = π⁴ and ψ⁽³⁾(1.5) = ψ⁽³⁾(½) − 3!/½⁴.</summary>
    [Fact]
    public void PolygammaReflectionSignRegression()
    {
        const double zeta3 = 1.2020569031595942854;
        Assert.Equal(-14 * zeta3 + 16, Ops.Polygamma(2, -0.5), 1e-13);
        Assert.Equal(Math.Pow(Math.PI, 4) + 96, Ops.Polygamma(3, -0.5), 1e-12);
    }

    /// <summary>Each of log Γ, ψ, ψ′, ψ⁽²⁾ has the next as its derivative at negative non-integers too (central differences).</summary>
    [Theory]
    [InlineData(-0.5)]
    [InlineData(-2.3)]
    [InlineData(-7.7)]
    public void DerivativesHoldAtNegativeArguments(double x)
    {
        Func<double, double>[] chain = [Ops.LogGamma, Ops.Digamma, Ops.Trigamma, t => Ops.Polygamma(2, t), t => Ops.Polygamma(3, t)];
        for (int k = 0; k + 1 < chain.Length; k++)
        {
            double numeric = Richardson(chain[k], x), exact = chain[k + 1](x);
            Assert.True(Math.Abs(numeric - exact) <= 1e-7 * Math.Abs(exact), $"order {k} at {x}: differences {numeric:R}, next function {exact:R}");
        }
    }

    /// <summary>Central differences with a fixed step of 1e-3 (Richardson-extrapolated): the poles 0.3 away rule
    /// out a step proportional to |x|.</summary>
    private static double Richardson(Func<double, double> f, double x)
    {
        const double h = 1e-3;
        double wide = (f(x + h) - f(x - h)) / (2 * h), narrow = (f(x + h / 2) - f(x - h / 2)) / h;
        return (4 * narrow - wide) / 3;
    }
}
