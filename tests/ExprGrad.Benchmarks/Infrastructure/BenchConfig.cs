using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ExprGrad.Benchmarks;

/// <summary>
/// The run configuration. The default (<c>Quick</c>) is sized for a 2-core machine shared with other builds:
/// in-process (no per-run project build, which alone takes a minute there), one launch, few but
/// long-enough iterations, medians reported, so the whole suite runs in a few minutes. <c>--full</c> keeps
/// BenchmarkDotNet's default job (out of process, many iterations) for a quiet machine.
/// </summary>
internal static class BenchConfig
{
    public static IConfig Create(string[] args, out string[] rest)
    {
        var full = args.Contains("--full");
        rest = [.. args.Where(a => a != "--full")];
        var userChoseJob = rest.Any(a => a is "--job" or "-j");

        var config = DefaultConfig.Instance
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median, StatisticColumn.Min)
            .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);
        if (full || userChoseJob) return config;
        return config.AddJob(Quick);
    }

    /// <summary>Nine 100 ms iterations after three warm-ups: long enough that tiered JIT has settled on
    /// optimized code, short enough to finish while a neighbour's build leaves the cores alone.</summary>
    public static readonly Job Quick = Job.Default
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithLaunchCount(1)
        .WithWarmupCount(3)
        .WithIterationCount(9)
        .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(100))
        .WithId("Quick");
}
