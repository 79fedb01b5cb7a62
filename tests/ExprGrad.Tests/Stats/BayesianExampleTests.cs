using Bayesian.Models;
using Bayesian.Sampling;

namespace ExprGrad.Tests.Stats;

/// <summary>The Bayesian example's sampler on a target with known moments, and its models' known values.</summary>
public class BayesianExampleTests
{
    /// <summary>
    /// HMC on independent N(mₖ, sₖ²) with scales 0.1 to 10 (the metric adaptation must find them): each mean within
    /// 5 Monte-Carlo standard errors sₖ/√ESS, each variance within 25 % (its relative standard error at ESS ≳ 800 is
    /// about √(2/ESS) ≈ 5 %), mean acceptance near the 0.8 target, no divergences.
    /// </summary>
    [Fact]
    public void HmcRecoversIndependentGaussians()
    {
        double[] means = [1, -2, 0.5, 3], scales = [0.1, 1, 3, 10];
        var logDensity = Grad.ValueAndGradientInto((double[] q) =>
            Ops.Sum(4, k => -(q[k] - means[k]) * (q[k] - means[k]) / (2 * scales[k] * scales[k])));
        var chain = Hmc.Sample(logDensity, [0, 0, 0, 0], new HmcSettings(Warmup: 500, Draws: 2000), seed: 3);
        Assert.InRange(chain.MeanAcceptance, 0.65, 0.95);
        Assert.Equal(0, chain.Divergences);
        for (int k = 0; k < 4; k++)
        {
            var trace = chain.Trace(q => q[k]);
            double mean = trace.Average(), variance = trace.Sum(x => (x - mean) * (x - mean)) / (trace.Length - 1);
            double ess = EffectiveSampleSize.Of(trace);
            Assert.InRange(mean, means[k] - 5 * scales[k] / Math.Sqrt(ess), means[k] + 5 * scales[k] / Math.Sqrt(ess));
            Assert.InRange(variance / (scales[k] * scales[k]), 0.75, 1.25);
        }
    }

    /// <summary>
    /// The eight-schools means by quadrature, the example's known values, do not move when both grid steps are halved
    /// (its doc's claim: by less than 10⁻⁶), so the rule has converged on its range.
    /// </summary>
    [Fact]
    public void EightSchoolsQuadratureHasConverged()
    {
        var coarse = EightSchoolsQuadrature.PosteriorMeans();
        var fine = EightSchoolsQuadrature.PosteriorMeans(0.0125, 0.005);
        Assert.Equal(fine.Mu, coarse.Mu, 1e-6);
        Assert.Equal(fine.Tau, coarse.Tau, 1e-6);
        Assert.Equal(fine.Theta1, coarse.Theta1, 1e-6);
    }

    /// <summary>The data generator's rows follow the stated model: with the generating α, β, σ the standardised
    /// residuals are Student-t(4), whose variance is ν/(ν − 2) = 2 (relative standard error at n = 20,000 about 4 %,
    /// the t₄ fourth moment being infinite makes it heavier: 20 % allowed) and whose median is 0.</summary>
    [Fact]
    public void RobustRegressionDataFollowTheModel()
    {
        var (x, y) = RobustRegression.Generate(20_000, seed: 9);
        var z = Enumerable.Range(0, y.Length).Select(i => (y[i] - RobustRegression.Alpha
            - Enumerable.Range(0, 3).Sum(k => x[i, k] * RobustRegression.Beta[k])) / RobustRegression.Sigma).ToArray();
        Assert.InRange(z.Average(v => v * v), 1.6, 2.4);
        Assert.InRange(z.Order().ElementAt(z.Length / 2), -0.05, 0.05);
    }
}
