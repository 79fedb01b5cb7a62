namespace Bayesian.Sampling;

/// <summary>
/// Hamiltonian Monte Carlo with a fixed (jittered) integration time: leapfrog steps over the log density's gradient,
/// a Metropolis correction on the total energy, momenta redrawn every iteration (Neal 2011, "MCMC using Hamiltonian
/// dynamics"). Warm-up adapts the step size by <see cref="DualAveraging"/> and a diagonal inverse metric from the
/// draws' variances (regularised as Stan does), then the step size again under that metric.
/// </summary>
public static class Hmc
{
    /// <summary>A leapfrog trajectory whose energy error passes this is a divergence: rejected and counted.</summary>
    const double DivergenceThreshold = 1000;

    /// <summary>
    /// Runs one chain. <paramref name="logDensity"/> is <c>(q, gradient) =&gt; log p(q)</c>, writing ∇log p(q) into its
    /// second argument (<c>Grad.ValueAndGradientInto</c>'s delegate); it is called once per leapfrog step.
    /// </summary>
    public static HmcChain Sample(Func<double[], double[], double> logDensity, double[] start, HmcSettings settings, int seed)
    {
        ArgumentNullException.ThrowIfNull(logDensity);
        ArgumentNullException.ThrowIfNull(start);
        int d = start.Length;
        var random = new Random(seed);
        var q = (double[])start.Clone();
        var gradient = new double[d];
        double logP = logDensity(q, gradient);
        if (!double.IsFinite(logP)) throw new ArgumentException($"log density at the start is {logP}", nameof(start));

        var inverseMetric = Enumerable.Repeat(1.0, d).ToArray();
        var proposal = new double[d];
        var proposalGradient = new double[d];
        var momentum = new double[d];
        var windowSum = new double[d];
        var windowSquares = new double[d];
        var draws = new double[settings.Draws, d];
        var adaptation = new DualAveraging(0.1, settings.TargetAcceptance);
        double step = adaptation.Current, acceptanceSum = 0;
        long gradients = 1;
        int divergences = 0, accepted = 0;

        for (int iteration = 0; iteration < settings.Warmup + settings.Draws; iteration++)
        {
            bool warmup = iteration < settings.Warmup;
            for (int i = 0; i < d; i++) momentum[i] = StandardNormal(random) / Math.Sqrt(inverseMetric[i]);
            double energy = -logP + Kinetic(momentum, inverseMetric);
            // Jitter the number of steps (±50 %) so no trajectory length resonates with a period of the posterior.
            double length = settings.TrajectoryLength * (0.5 + random.NextDouble());
            int steps = (int)Math.Clamp(Math.Ceiling(length / step), 1, settings.MaxSteps);

            Array.Copy(q, proposal, d);
            Array.Copy(gradient, proposalGradient, d);
            double proposalLogP = logP;
            for (int s = 0; s < steps; s++)
            {
                for (int i = 0; i < d; i++) momentum[i] += 0.5 * step * proposalGradient[i];
                for (int i = 0; i < d; i++) proposal[i] += step * inverseMetric[i] * momentum[i];
                proposalLogP = logDensity(proposal, proposalGradient);
                gradients++;
                for (int i = 0; i < d; i++) momentum[i] += 0.5 * step * proposalGradient[i];
                if (!double.IsFinite(proposalLogP)) break;
            }

            double error = -proposalLogP + Kinetic(momentum, inverseMetric) - energy;
            bool divergent = !double.IsFinite(error) || error > DivergenceThreshold;
            double acceptance = divergent ? 0 : Math.Min(1, Math.Exp(-error));
            if (divergent && !warmup) divergences++;
            if (!divergent && random.NextDouble() < acceptance)
            {
                Array.Copy(proposal, q, d);
                Array.Copy(proposalGradient, gradient, d);
                logP = proposalLogP;
                if (!warmup) accepted++;
            }

            if (warmup)
            {
                adaptation.Update(acceptance);
                step = adaptation.Current;
                if (iteration >= settings.MetricWindowStart && iteration < settings.MetricWindowEnd)
                    for (int i = 0; i < d; i++) { windowSum[i] += q[i]; windowSquares[i] += q[i] * q[i]; }
                if (iteration == settings.MetricWindowEnd - 1)
                {
                    SetMetric(inverseMetric, windowSum, windowSquares, settings.MetricWindowEnd - settings.MetricWindowStart);
                    adaptation.Restart(step);
                    step = adaptation.Current;
                }
                if (iteration == settings.Warmup - 1) step = adaptation.Final;
                continue;
            }
            acceptanceSum += acceptance;
            for (int i = 0; i < d; i++) draws[iteration - settings.Warmup, i] = q[i];
        }
        return new HmcChain(draws, acceptanceSum / settings.Draws, (double)accepted / settings.Draws, step, inverseMetric,
                            divergences, gradients);
    }

    /// <summary>Variance of the window's draws, shrunk towards 10⁻³ by 5 pseudo-draws (Stan's regularisation), so a
    /// short window cannot set a near-zero scale.</summary>
    static void SetMetric(double[] inverseMetric, double[] sum, double[] squares, int n)
    {
        if (n < 2) return;
        for (int i = 0; i < inverseMetric.Length; i++)
        {
            double mean = sum[i] / n;
            double variance = (squares[i] - n * mean * mean) / (n - 1);
            inverseMetric[i] = n / (n + 5.0) * variance + 1e-3 * 5.0 / (n + 5.0);
        }
    }

    static double Kinetic(double[] momentum, double[] inverseMetric)
    {
        double sum = 0;
        for (int i = 0; i < momentum.Length; i++) sum += inverseMetric[i] * momentum[i] * momentum[i];
        return 0.5 * sum;
    }

    /// <summary>Box–Muller, one draw per call (the second is discarded: simpler, and the sampler's cost is elsewhere).</summary>
    internal static double StandardNormal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

/// <summary>One chain's kept draws (iterations × parameters, unconstrained) and what its sampler did.</summary>
/// <param name="Draws">The draws after warm-up, one row per iteration.</param>
/// <param name="MeanAcceptance">Mean of min(1, e^{−ΔH}) after warm-up: what dual averaging targeted.</param>
/// <param name="AcceptedFraction">Fraction of proposals accepted after warm-up.</param>
/// <param name="StepSize">The adapted step size.</param>
/// <param name="InverseMetric">The adapted diagonal inverse metric (the draws' variances).</param>
/// <param name="Divergences">Trajectories rejected after warm-up because their energy error exploded.</param>
/// <param name="Gradients">Gradient evaluations, warm-up included.</param>
public sealed record HmcChain(double[,] Draws, double MeanAcceptance, double AcceptedFraction, double StepSize,
                              double[] InverseMetric, int Divergences, long Gradients)
{
    /// <summary>A quantity of every draw, in order.</summary>
    public double[] Trace(Func<double[], double> quantity)
    {
        var trace = new double[Draws.GetLength(0)];
        var row = new double[Draws.GetLength(1)];
        for (int t = 0; t < trace.Length; t++)
        {
            for (int i = 0; i < row.Length; i++) row[i] = Draws[t, i];
            trace[t] = quantity(row);
        }
        return trace;
    }
}
