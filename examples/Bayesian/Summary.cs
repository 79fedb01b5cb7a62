using Bayesian.Models;
using Bayesian.Sampling;

namespace Bayesian;

/// <summary>One checked quantity over all chains: its posterior mean and spread, how many independent draws the
/// chains are worth, and whether the mean is as close to the known value as the check allows.</summary>
public sealed record Summary(Check Check, double Mean, double Sd, double Ess, double RHat)
{
    /// <summary>Monte-Carlo standard error of the mean.</summary>
    public double Mcse => Sd / Math.Sqrt(Ess);

    /// <summary>How far the mean may be from the known value.</summary>
    public double Tolerance => Check.SdMultiple * Sd + Check.McseMultiple * Mcse;

    /// <summary>Whether it is within <see cref="Tolerance"/>.</summary>
    public bool Passed => Math.Abs(Mean - Check.Known) <= Tolerance;

    /// <summary>Summarises <paramref name="check"/>'s quantity over <paramref name="chains"/>.</summary>
    public static Summary Of(Check check, IReadOnlyList<HmcChain> chains)
    {
        var traces = chains.Select(c => (IReadOnlyList<double>)c.Trace(check.Of)).ToList();
        var all = traces.SelectMany(t => t).ToArray();
        double mean = all.Average();
        double sd = Math.Sqrt(all.Sum(v => (v - mean) * (v - mean)) / (all.Length - 1));
        return new Summary(check, mean, sd, EffectiveSampleSize.OfChains(traces), SplitRHat.Of(traces));
    }
}
