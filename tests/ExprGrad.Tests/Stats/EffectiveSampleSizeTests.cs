using Bayesian.Sampling;
using FsCheck.Xunit;

namespace ExprGrad.Tests.Stats;

/// <summary>The Bayesian example's diagnostics: Geyer's ESS on chains whose ESS is known in closed form, and split R̂
/// where its value follows from the chains' construction.</summary>
public class EffectiveSampleSizeTests
{
    /// <summary>
    /// A stationary AR(1) chain xₜ = ρxₜ₋₁ + eₜ has autocorrelations ρ^t, so τ = 1 + 2Σρ^t = (1 + ρ)/(1 − ρ) and
    /// ESS = n(1 − ρ)/(1 + ρ) (for ρ &lt; 0 too: ESS > n, an antithetic chain). The estimator's relative standard error
    /// is about √(2(2M + 1)/n) for a window of M lags (Sokal, "Monte Carlo methods in statistical mechanics", eq. 3.19);
    /// at n = 10⁶ with M ≤ 200 that is ≤ 2.9 %, so each tolerance is 3 of those standard errors for its M
    /// (M ≈ 200 at ρ = 0.9, M ≤ 10 at ρ ≤ 0).
    /// </summary>
    [Theory]
    [InlineData(0.9, 0.085)]
    [InlineData(0.5, 0.03)]
    [InlineData(0.0, 0.015)]
    [InlineData(-0.5, 0.015)]
    public void Ar1ChainHasItsClosedFormEss(double rho, double relativeTolerance)
    {
        const int n = 1_000_000;
        var chain = Ar1(rho, n, seed: 18);
        double expected = n * (1 - rho) / (1 + rho);
        double ess = EffectiveSampleSize.Of(chain);
        Assert.InRange(ess / expected, 1 - relativeTolerance, 1 + relativeTolerance);
    }

    /// <summary>ESS is a property of the autocorrelations, which an affine map a·x + b (a ≠ 0) leaves unchanged.</summary>
    [Property(Replay = "(180181,271829)", MaxTest = 30)]
    public bool EssIsInvariantUnderAffineMaps(int seed, int scaleCode, int shiftCode)
    {
        double scale = (1 + Math.Abs(scaleCode % 1000)) / 10.0 * (scaleCode < 0 ? -1 : 1), shift = shiftCode / 7.0;
        var chain = Ar1(0.7, 2000, seed);
        double ess = EffectiveSampleSize.Of(chain);
        double mapped = EffectiveSampleSize.Of(chain.Select(x => scale * x + shift).ToArray());
        return Math.Abs(mapped - ess) <= 1e-9 * ess;
    }

    /// <summary>A constant chain has no measurable autocorrelation: its ESS is its length, not NaN.</summary>
    [Fact]
    public void ConstantChainHasEssN() => Assert.Equal(50, EffectiveSampleSize.Of(Enumerable.Repeat(2.5, 50).ToArray()));

    /// <summary>
    /// Chains whose two halves hold the same values (each chain is h values, then the same h again; every chain the same)
    /// have zero between-half variance, so R̂ = √((h − 1)/h · W / W) = √((h − 1)/h), h the half length.
    /// </summary>
    [Fact]
    public void SplitRHatOfIdenticalHalves()
    {
        var half = Ar1(0.3, 100, seed: 5);
        var chain = half.Concat(half).ToArray();
        Assert.Equal(Math.Sqrt(99.0 / 100), SplitRHat.Of([chain, chain, chain]), 12);
    }

    /// <summary>
    /// One of four iid N(0, 1) chains shifted by 3: the eight half-means are about 0 (six) and 3 (two), whose sample
    /// variance is (6·0.75² + 2·2.25²)/7 = 1.93, so the pooled variance is about 1 + 1.93 and R̂ ≈ √2.93 = 1.71 (the
    /// half-means' own noise, sd 1/√500, moves that by about ±0.03); far above the example's 1.05. Unshifted, R̂ − 1 is
    /// O(1/n).
    /// </summary>
    [Fact]
    public void SplitRHatSeesAChainAwayFromTheOthers()
    {
        var chains = Enumerable.Range(0, 4).Select(c => Ar1(0, 1000, seed: 40 + c)).ToArray();
        Assert.InRange(SplitRHat.Of(chains), 0.99, 1.01);
        chains[3] = chains[3].Select(x => x + 3).ToArray();
        Assert.InRange(SplitRHat.Of(chains), 1.65, 1.77);
    }

    /// <summary>Wrong input is refused with the argument's name.</summary>
    [Fact]
    public void BadInputThrows()
    {
        Assert.Equal("chain", Assert.Throws<ArgumentException>(() => EffectiveSampleSize.Of([1.0, 2.0])).ParamName);
        Assert.Equal("chains", Assert.Throws<ArgumentException>(() => SplitRHat.Of([new double[10], new double[12]])).ParamName);
    }

    /// <summary>A stationary AR(1) chain with unit innovations, started from its stationary N(0, 1/(1 − ρ²)).</summary>
    internal static double[] Ar1(double rho, int n, int seed)
    {
        var random = new Random(seed);
        var chain = new double[n];
        chain[0] = Hmc.StandardNormal(random) / Math.Sqrt(1 - rho * rho);
        for (int t = 1; t < n; t++) chain[t] = rho * chain[t - 1] + Hmc.StandardNormal(random);
        return chain;
    }
}
