namespace ExprGrad.Tests.Differential;

/// <summary>One set of options the harness compiles with: the base options, or them with one pass switched off.</summary>
/// <param name="Name">"default" or "without &lt;pass&gt;".</param>
/// <param name="Options">The options passed to every entry point.</param>
/// <param name="Pass">The pass switched off, or null for the base options.</param>
public sealed record PassConfiguration(string Name, GradientOptions Options, GradientPass? Pass)
{
    /// <summary>The name of the base configuration, under which every entry point runs.</summary>
    public const string BaseName = "default";

    /// <summary>Whether results must be bit-identical to the base options' (no pass off, or an exact one).</summary>
    public bool Exact => Pass is null || Pass.IsExact;

    /// <summary>The base options, then each pass of <see cref="GradientOptions.Passes"/> switched off, one at a time, then
    /// <see cref="GradientOptions.SplitLargeMethods"/> splitting every program it can into parts of a few nodes (the
    /// generated programs are far below the size where it splits by default; it must be bit-identical), and so split with
    /// its parts compiled one after another (<see cref="GradientOptions.CompileSplitPartsConcurrently"/> off). Both split
    /// at the first call: the harness calls each delegate about once, and <see cref="GradientOptions.CompileLargeMethodsInTiers"/>
    /// would run that call whole (its tiers are tested in MethodSplittingTests). Last, batch mode sharing the harness's
    /// 11-row batches among the cores in blocks of 4 rows (by default only batches of 512 rows or more are split): each
    /// row is computed alone, so bit-identical.</summary>
    public static IReadOnlyList<PassConfiguration> All(GradientOptions baseOptions) =>
    [
        new(BaseName, baseOptions, null),
        .. GradientOptions.Passes.Select(p => new PassConfiguration($"without {p.Name}", baseOptions.With(p, false), p)),
        new($"{nameof(GradientOptions.SplitLargeMethods)} into parts of 24 nodes", baseOptions with { SplitLargeMethods = true, MethodNodeBudget = 24, CompileLargeMethodsInTiers = false },
            GradientOptions.Passes.Single(p => p.Name == nameof(GradientOptions.SplitLargeMethods))),
        new($"{nameof(GradientOptions.SplitLargeMethods)} into parts of 24 nodes, without {nameof(GradientOptions.CompileSplitPartsConcurrently)}",
            baseOptions with { SplitLargeMethods = true, MethodNodeBudget = 24, CompileSplitPartsConcurrently = false, CompileLargeMethodsInTiers = false },
            GradientOptions.Passes.Single(p => p.Name == nameof(GradientOptions.CompileSplitPartsConcurrently))),
        new(SplitBatchesName, baseOptions with { BatchBlockRows = 4, BatchParallelRows = 0 }, null),
    ];

    /// <summary>The configuration that splits every batch of two or more 4-row blocks among the cores.</summary>
    public const string SplitBatchesName = "batches split among the cores in blocks of 4 rows";

    /// <inheritdoc/>
    public override string ToString() => Name;
}
