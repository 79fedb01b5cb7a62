namespace ExprGrad.Tests.Differential;

/// <summary>
/// Greedy shrinking of a failing program: take the first candidate of <see cref="ProgramShrinker"/> that
/// still fails the same check, repeat until none does. The harness runs thousands of programs and counts
/// them all, so it shrinks the failures itself with the same shrinker FsCheck uses in the property test.
/// </summary>
public static class ProgramMinimizer
{
    /// <summary>The smallest program found that still fails <paramref name="check"/>, with its outcome.</summary>
    /// <param name="outcome">A failing outcome.</param>
    /// <param name="check">The disagreement's key to preserve.</param>
    /// <param name="configurations">As passed to <see cref="HarnessRunner.Run"/>.</param>
    /// <param name="budget">The most candidate programs to run.</param>
    public static ProgramOutcome Minimize(ProgramOutcome outcome, string check, IReadOnlyList<PassConfiguration> configurations, int budget = 300)
    {
        var current = outcome;
        bool progress = true;
        while (progress && budget > 0)
        {
            progress = false;
            foreach (var candidate in ProgramShrinker.Shrink(current.Program.Spec))
            {
                if (--budget < 0) break;
                ProgramOutcome result;
                try
                {
                    result = HarnessRunner.Run(candidate, configurations);
                }
                catch (Exception)
                {
                    continue; // a candidate the harness itself cannot run says nothing about the engine
                }
                if (result.Disagreements.Any(d => d.Check == check))
                {
                    current = result;
                    progress = true;
                    break;
                }
            }
        }
        return current;
    }
}
