namespace Bayesian.Sampling;

/// <summary>
/// Effective sample size by Geyer's initial monotone sequence estimator (Geyer 1992, "Practical Markov chain Monte
/// Carlo", §3.3): the integrated autocorrelation time τ = 1 + 2 Σ_{t≥1} ρ_t is summed in pairs Γ_k = ρ_{2k} + ρ_{2k+1},
/// which are positive and decreasing for a reversible chain, so the sum stops at the first pair that is not positive
/// and each pair is capped by the one before; ESS = n / τ. Autocorrelations use the biased (1/n) autocovariance, as
/// Geyer does, which keeps the estimated sequence positive-definite.
/// </summary>
public static class EffectiveSampleSize
{
    /// <summary>The ESS of one chain; n for a constant chain (no autocorrelation can be measured).</summary>
    public static double Of(IReadOnlyList<double> chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        int n = chain.Count;
        if (n < 4) throw new ArgumentException("needs at least 4 draws", nameof(chain));
        double mean = 0;
        for (int i = 0; i < n; i++) mean += chain[i];
        mean /= n;
        double variance = Autocovariance(chain, mean, 0);
        if (variance == 0) return n;

        double tau = -1, previousPair = double.PositiveInfinity;
        for (int lag = 0; lag + 1 < n; lag += 2)
        {
            double pair = (Autocovariance(chain, mean, lag) + Autocovariance(chain, mean, lag + 1)) / variance;
            if (pair <= 0) break;
            pair = Math.Min(pair, previousPair);
            tau += 2 * pair;
            previousPair = pair;
        }
        return n / tau;
    }

    /// <summary>The ESS of several chains of the same quantity: the sum of theirs (each chain's own mean, so a chain
    /// stuck away from the others is not caught here; <see cref="SplitRHat"/> catches that).</summary>
    public static double OfChains(IEnumerable<IReadOnlyList<double>> chains) => chains.Sum(Of);

    static double Autocovariance(IReadOnlyList<double> chain, double mean, int lag)
    {
        double sum = 0;
        for (int i = 0; i + lag < chain.Count; i++) sum += (chain[i] - mean) * (chain[i + lag] - mean);
        return sum / chain.Count;
    }
}
