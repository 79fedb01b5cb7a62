namespace Bayesian.Sampling;

/// <summary>How long to run and what to adapt to.</summary>
/// <param name="Warmup">Iterations spent adapting the step size and the diagonal metric; discarded.</param>
/// <param name="Draws">Iterations kept after warm-up.</param>
/// <param name="TargetAcceptance">The mean acceptance statistic dual averaging aims for (Stan's default 0.8).</param>
/// <param name="TrajectoryLength">Mean integration time; with the metric adapted to the posterior's scales, about
/// π/2 is a quarter period of a unit Gaussian, far enough to decorrelate.</param>
/// <param name="MaxSteps">Cap on leapfrog steps per iteration, so a tiny step size early in warm-up cannot stall.</param>
public sealed record HmcSettings(int Warmup, int Draws, double TargetAcceptance = 0.8, double TrajectoryLength = 1.5,
                                 int MaxSteps = 256)
{
    /// <summary>Warm-up ends its first step-size-only window here (Stan's "fast" initial window, as a fraction).</summary>
    public int MetricWindowStart => Warmup * 15 / 100;

    /// <summary>The diagonal metric is set from the draws between <see cref="MetricWindowStart"/> and here.</summary>
    public int MetricWindowEnd => Warmup * 60 / 100;
}
