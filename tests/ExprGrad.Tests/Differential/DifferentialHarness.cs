namespace ExprGrad.Tests.Differential;

/// <summary>Runs many programs (in parallel over the machine's cores), collects the report and shrinks the first failures.</summary>
public static class DifferentialHarness
{
    /// <summary>Programs in CI: a few thousand, enough to meet every shape many times, within about two minutes on two cores.</summary>
    public const int CiPrograms = 3000;

    /// <summary>The CI seed set: fixed, so every run tests the same programs.</summary>
    public static IEnumerable<ProgramSpec> CiSeedSet() => ProgramGenerators.Sample(20240610, CiPrograms);

    /// <summary>The number of programs of a soak run, from <c>EXPRGRAD_SOAK</c> (e.g. 100000), or null.</summary>
    public static int? SoakPrograms =>
        int.TryParse(Environment.GetEnvironmentVariable("EXPRGRAD_SOAK"), out int n) && n > 0 ? n : null;

    /// <summary>The soak's seed, from <c>EXPRGRAD_SEED</c>, else a fixed one other than CI's.</summary>
    public static int SoakSeed =>
        int.TryParse(Environment.GetEnvironmentVariable("EXPRGRAD_SEED"), out int s) ? s : 777;

    /// <summary>Runs the programs under <paramref name="baseOptions"/> and each pass switched off.</summary>
    /// <param name="programs">The programs.</param>
    /// <param name="baseOptions">The base options.</param>
    /// <param name="shrink">How many distinct failing checks to shrink and describe.</param>
    public static (HarnessReport Report, IReadOnlyList<string> Shrunk) Run(IEnumerable<ProgramSpec> programs, GradientOptions baseOptions, int shrink = 5)
    {
        var configurations = PassConfiguration.All(baseOptions);
        var indexed = programs.Select((p, i) => (p, i)).ToArray();
        MethodPrograms.Prepare(indexed.Select(pi => pi.p));
        var outcomes = new ProgramOutcome?[indexed.Length];
        Parallel.ForEach(indexed, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            pi => outcomes[pi.i] = HarnessRunner.Run(pi.p, configurations));
        var report = new HarnessReport();
        foreach (var o in outcomes) report.Add(o!);
        var shrunk = new List<string>();
        var seen = new HashSet<string>();
        foreach (var failure in report.Failures)
            foreach (var check in failure.Disagreements.Select(d => d.Check))
            {
                if (shrunk.Count >= shrink || !seen.Add(check)) continue;
                shrunk.Add($"smallest program failing: {check}\n" + HarnessReport.Describe(ProgramMinimizer.Minimize(failure, check, configurations)));
            }
        return (report, shrunk);
    }
}
