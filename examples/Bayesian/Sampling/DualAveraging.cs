namespace Bayesian.Sampling;

/// <summary>
/// Step-size adaptation by dual averaging (Hoffman and Gelman 2014, "The No-U-Turn Sampler", §3.2.1, with their
/// constants γ = 0.05, t₀ = 10, κ = 0.75): after each warm-up iteration the log step size moves against the gap between
/// the target acceptance and the acceptance statistic just seen, shrunk towards log(10 ε₀); the step size used after
/// warm-up is the running average <see cref="Final"/>, which is much less noisy than the last iterate.
/// </summary>
public sealed class DualAveraging
{
    const double Gamma = 0.05, T0 = 10, Kappa = 0.75;
    readonly double target;
    double mu, gapAverage, logAverage;
    int iteration;

    /// <summary>Starts adapting from <paramref name="initial"/> towards mean acceptance <paramref name="target"/>.</summary>
    public DualAveraging(double initial, double target)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initial);
        if (!(target > 0 && target < 1)) throw new ArgumentOutOfRangeException(nameof(target), target, "must be in (0, 1)");
        this.target = target;
        Restart(initial);
    }

    /// <summary>The step size to use for the next iteration.</summary>
    public double Current { get; private set; }

    /// <summary>The averaged step size: the one to sample with once warm-up ends.</summary>
    public double Final => Math.Exp(logAverage);

    /// <summary>Forgets the history (after the metric changes, the old step sizes no longer apply).</summary>
    public void Restart(double initial)
    {
        mu = Math.Log(10 * initial);
        gapAverage = 0;
        logAverage = 0;
        iteration = 0;
        Current = initial;
    }

    /// <summary>Takes the acceptance statistic min(1, e^{−ΔH}) of the iteration just run.</summary>
    public void Update(double acceptance)
    {
        iteration++;
        double weight = 1.0 / (iteration + T0);
        gapAverage = (1 - weight) * gapAverage + weight * (target - acceptance);
        double logStep = mu - Math.Sqrt(iteration) / Gamma * gapAverage;
        double eta = Math.Pow(iteration, -Kappa);
        logAverage = eta * logStep + (1 - eta) * logAverage;
        Current = Math.Exp(logStep);
    }
}
