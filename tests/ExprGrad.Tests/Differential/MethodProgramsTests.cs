using System.Diagnostics;
using Xunit.Abstractions;

namespace ExprGrad.Tests.Differential;

/// <summary>The [Differentiable] adapter must cover the programs it takes, not quietly refuse them.</summary>
public class MethodProgramsTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryProgramTheAdapterTakesCompilesAsAMethod()
    {
        var specs = DifferentialHarness.CiSeedSet().ToArray();
        var clock = Stopwatch.StartNew();
        MethodPrograms.Prepare(specs);
        output.WriteLine($"one compilation of the batch: {clock.Elapsed.TotalSeconds:F1} s");
        var taken = specs.Where(MethodPrograms.Takes).Select(ProgramRenderer.Render).ToArray();
        var refused = new List<string>();
        foreach (var p in taken)
        {
            try
            {
                MethodPrograms.Method(p);
            }
            catch (NotSupportedException e)
            {
                refused.Add(e.Message);
            }
        }
        output.WriteLine($"{taken.Length} of {specs.Length} programs taken, {taken.Length - refused.Count} compiled as [Differentiable] methods");
        // A tenth of the CI seed set, by a hash of the program's text.
        Assert.InRange(taken.Length, 250, 350);
        Assert.True(refused.Count == 0, string.Join("\n", refused));
    }
}
