namespace Bayesian.Sampling;

/// <summary>
/// Split R̂ (Gelman et al., Bayesian Data Analysis, 3rd ed., §11.4): every chain cut in two halves, then the square
/// root of the pooled variance estimate over the mean within-half variance. Near 1 when the halves agree; a chain
/// that has not reached the others, or drifts within itself, pushes it above 1.
/// </summary>
public static class SplitRHat
{
    /// <summary>R̂ of the chains (each at least 4 draws, all the same length).</summary>
    public static double Of(IReadOnlyList<IReadOnlyList<double>> chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        if (chains.Count == 0) throw new ArgumentException("needs at least one chain", nameof(chains));
        int half = chains[0].Count / 2;
        if (half < 2) throw new ArgumentException("each chain needs at least 4 draws", nameof(chains));
        var halves = new List<double[]>();
        foreach (var chain in chains)
        {
            if (chain.Count / 2 != half) throw new ArgumentException("the chains differ in length", nameof(chains));
            halves.Add(chain.Take(half).ToArray());
            halves.Add(chain.Skip(chain.Count - half).ToArray());
        }
        var means = halves.Select(h => h.Average()).ToArray();
        double grand = means.Average();
        double between = half * means.Sum(m => (m - grand) * (m - grand)) / (halves.Count - 1);
        double within = halves.Select((h, k) => h.Sum(x => (x - means[k]) * (x - means[k])) / (half - 1)).Average();
        double pooled = (half - 1.0) / half * within + between / half;
        return Math.Sqrt(pooled / within);
    }
}
