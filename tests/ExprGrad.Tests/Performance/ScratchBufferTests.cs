using System.Linq.Expressions;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Performance;

/// <summary>
/// Issue 13: a compiled gradient takes the arrays it uses internally (a scan's states and their adjoints, stored
/// values) from scratch reused across iterations and calls, per delegate. So a sum over paths of scans allocates
/// nothing per call, however many paths; a call never sees another's arrays (sequential calls with other
/// lengths, concurrent calls); and a read past the states still throws. Byte counts are deterministic.
/// </summary>
public class ScratchBufferTests
{
    private static readonly GradientOptions Allocating = new() { ReuseBuffers = false };

    [Theory]
    [InlineData(10)]
    [InlineData(200)]
    public void ASumOfScansOverPathsAllocatesNothingPerCall(int paths)
    {
        var (of, withValue) = (Grad.Of(PathSum(paths)), Grad.ValueAndGradient(PathSum(paths)));
        Assert.Equal(0, BytesPerCall(() => of(0.9, 0.2).Item1));
        Assert.Equal(0, BytesPerCall(() => withValue(0.9, 0.2).Value));
    }

    [Fact]
    public void WithoutReuseEachPathAllocatesItsArrays()
    {
        // The same programs allocate per path without the pass: what the test above would otherwise measure.
        var few = Grad.Of(PathSum(10), Allocating);
        var many = Grad.Of(PathSum(200), Allocating);
        long perPathFew = BytesPerCall(() => few(0.9, 0.2).Item1) / 10, perPathMany = BytesPerCall(() => many(0.9, 0.2).Item1) / 200;
        Assert.True(perPathFew > 0 && perPathFew == perPathMany, $"{perPathFew} and {perPathMany} bytes per path");
    }

    [Fact]
    public void CallsWithOtherLengthsGetArraysOfTheirOwnLength()
    {
        // xs[n] = Σ wₜ² over the n = w.Length steps, so ∇ = 2w, whatever the length of the previous call.
        var grad = Grad.Of((double[] w) => Let(Scan(w.Length, 0.0, (s, t) => s + w[t] * w[t]), xs => xs[w.Length]));
        foreach (var w in new[] { new[] { 1.0, -2, 3, 0.5, 4 }, [3.0, 1], [0.25, 2, -1, 1, 1, 6, 2], [2.0] })
            Assert.Equal(w.Select(v => 2 * v), grad(w));
    }

    [Fact]
    public void AReadPastTheStatesThrowsAfterALongerCall()
    {
        // After a call with five steps (six states), one with two steps has three states: xs[3] is past them.
        var grad = Grad.Of((double[] w) => Let(Scan(w.Length, 0.0, (s, t) => s + w[t]), xs => xs[3]));
        Assert.Equal([1.0, 1, 1, 0, 0], grad([1, 2, 3, 4, 5]));
        Assert.Throws<IndexOutOfRangeException>(() => grad([1, 2]));
        Assert.Equal([1.0, 1, 1, 0], grad([4, 3, 2, 1]));
    }

    [Fact]
    public void ConcurrentCallsOfOneDelegateDoNotShareArrays()
    {
        // Each thread's answers equal those of a delegate of its own, called alone.
        var shared = Grad.ValueAndGradient(PathSum(40));
        double[] points = [.. Enumerable.Range(0, 8).Select(k => 0.5 + 0.1 * k)];
        var expected = points.Select(a => Grad.ValueAndGradient(PathSum(40), Allocating)(a, 0.3)).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            for (int call = 0; call < 200; call++)
            {
                var answer = shared(points[k], 0.3);
                if (!answer.Equals(expected[k])) failures.Add($"thread {k}, call {call}: {answer} instead of {expected[k]}");
            }
        });
        Assert.Empty(failures);
    }

    [Fact]
    public void TheExpressionFormsAllocateAsWritten()
    {
        // Grad.GradientExpression and GradientCode show plain allocations: they may be transformed further.
        var code = GradientCode.Of(PathSum(3));
        Assert.Contains("new double[", code);
        Assert.DoesNotContain("scratch", code, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Σ over paths of a scan x_{t+1} = x_t + a·z_{p,t} from x₀ = b, its payoff exp(x_N) − a·mean(exp(x_t)).</summary>
    private static Expression<Func<double, double, double>> PathSum(int paths)
    {
        var z = new double[paths, 6];
        for (int p = 0; p < paths; p++)
            for (int t = 0; t < 6; t++) z[p, t] = Math.Sin(7 * p + t);
        return (a, b) => Sum(paths, p => Let(Scan(6, b, (x, t) => x + a * z[p, t]),
            xs => Math.Exp(xs[6]) - a * Sum(6, t => Math.Exp(xs[t + 1])) / 6)) / paths;
    }

    private static long BytesPerCall(Func<double> call)
    {
        // The first calls JIT the dynamic method and fill the scratch.
        double sink = call() + call();
        const int calls = 20;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < calls; i++) sink += call();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.False(double.IsNaN(sink));
        return allocated / calls;
    }
}
