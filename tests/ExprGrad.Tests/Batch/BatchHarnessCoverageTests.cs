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
}
