using System.Linq.Expressions;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Performance;

/// <summary>
/// Issue 6: a gradient over scalar parameters allocates nothing per call, whatever the function reads:
/// the benchmark shapes (B2, B3), loops over closure arrays, conditionals, and long straight-line tapes.
/// Byte counts are deterministic for a given runtime, so they can be asserted; timings are not.
/// </summary>
public class AllocationTests
{
    private const int Calls = 200;

    [Fact]
    public void SigmoidNeuronOverFiveScalars()
    {
        var grad = Grad.Of((double w0, double x0, double w1, double x1, double w2) =>
            1 / (1 + Math.Exp(-(w0 * x0 + w1 * x1 + w2))));
        AssertNoAllocation(i => grad(2, -1 + i * 1e-3, -3, -2, -3).Item1);
    }

    [Fact]
    public void StagedFunctionValueAndGradient()
    {
        var vg = Grad.ValueAndGradient((double x, double y) => (x + Sigmoid(y)) / (Sigmoid(x) + (x + y) * (x + y)));
        AssertNoAllocation(i => vg(3 + i * 1e-3, -4).Value);
    }

    [Fact]
    public void SumOverClosureArrays()
    {
        double[] xs = [.. Enumerable.Range(0, 50).Select(i => 0.1 * i)];
        double[] ys = [.. xs.Select(v => 2 * v + 1)];
        var grad = Grad.Of((double a, double b) => Sum(xs.Length, i => (a * xs[i] + b - ys[i]) * (a * xs[i] + b - ys[i])));
        AssertNoAllocation(i => grad(1.5 + i * 1e-3, 0.5).Item1);
    }

    [Fact]
    public void NestedSumsAndBranches()
    {
        double[] data = [.. Enumerable.Range(0, 20).Select(i => Math.Cos(i))];
        var grad = Grad.Of((double a, double b) =>
            Sum(5, i => Sum(4, j => data[4 * i + j] > 0 ? Math.Exp(a * data[4 * i + j]) : Relu(b - data[4 * i + j]))));
        AssertNoAllocation(i => grad(0.3 + i * 1e-4, 0.2).Item2);
    }

    [Fact]
    public void LongStraightLineTapeWithinTheLocalsLimit()
    {
        var grad = (Func<double, double, (double, double)>)Grad.GradientExpression(TreeShapes.DeepChain(2_000)).Compile();
        AssertNoAllocation(i => grad(0.1 + i * 1e-4, 0.2).Item1);
    }

    /// <summary>Asserts that <paramref name="call"/> allocates nothing once warm.</summary>
    internal static void AssertNoAllocation(Func<int, double> call)
    {
        // The first calls JIT the dynamic method and touch lazily created runtime structures.
        double sink = call(0) + call(1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) sink += call(i);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.False(double.IsNaN(sink));
    }
}
