using System.Linq.Expressions;
using ExprGrad.Tests.Differential;
using Xunit.Abstractions;

namespace ExprGrad.Tests.Batch;

/// <summary>The differential harness reaches both routes of batch mode: programs it runs vectorized and programs it runs per point.</summary>
public class BatchHarnessCoverageTests(ITestOutputHelper output)
{
    [Fact]
    public void TheCiProgramsIncludeVectorizedAndPerPointBatches()
    {
        int vectorized = 0, perPoint = 0;
        foreach (var spec in DifferentialHarness.CiSeedSet().Take(400))
        {
            var p = ProgramRenderer.Render(spec);
            if (!BatchEntryPoints.ValueAndGradientBatch.Applies(p)) continue;
            try
            {
                var program = p.HasSingleVectorParameter
                    ? BatchProgram.ForArray((Expression<Func<double[], double>>)p.Function, null)
                    : BatchProgram.ForScalars(p.Function, null);
                if (program.Vectorized) vectorized++;
                else perPoint++;
            }
            catch (NotSupportedException)
            {
            }
        }
        output.WriteLine($"vectorized {vectorized}, per point {perPoint}");
        Assert.True(vectorized >= 10, $"vectorized {vectorized}");
        Assert.True(perPoint >= 10, $"per point {perPoint}");
    }

    [Fact]
    public void TheSplitConfigurationCutsTheHarnessBatchesIntoBlocksForTheCores()
    {
        // The harness's batches have 11 rows, far below the default split (512): its split configuration must cut
        // them into blocks of 4 — [0, 4), [4, 8), [8, 11), the last a padded lane group — and share them out.
        var options = PassConfiguration.All(GradientOptions.Default).Single(c => c.Name == PassConfiguration.SplitBatchesName).Options;
        var ranges = new System.Collections.Concurrent.ConcurrentQueue<(int First, int End)>();
        BatchSplit.Run(11, options.BatchBlockRows, options.BatchParallelRows, (first, end) => ranges.Enqueue((first, end)));
        (int, int)[] expected = Environment.ProcessorCount >= 2 ? [(0, 4), (4, 8), (8, 11)] : [(0, 11)];
        Assert.Equal(expected, ranges.OrderBy(r => r.First).Select(r => (r.First, r.End)));
        // The default options keep such a batch on the calling thread, in one range.
        ranges.Clear();
        BatchSplit.Run(11, GradientOptions.Default.BatchBlockRows, GradientOptions.Default.BatchParallelRows, (first, end) => ranges.Enqueue((first, end)));
        Assert.Equal([(0, 11)], ranges.Select(r => (r.First, r.End)));
    }
}
