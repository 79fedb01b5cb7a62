using System.Linq.Expressions;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Performance;

/// <summary>
/// Issue 16 (<see cref="GradientOptions.ReuseIntermediates"/>): a dense net's gradient keeps its layer outputs and
/// their adjoints from one call to the next, so a call allocates what a hand-written gradient with a reused workspace
/// allocates — the three weight gradients it returns — and those stay the caller's: new in every call. Calls running
/// at once, from several threads or from inside a call of the same delegate, never share the kept matrices. The pass
/// changes no value (bit for bit), so its answers are compared with the same delegate compiled without it.
/// </summary>
public class IntermediateArrayTests
{
    private static readonly GradientOptions Allocating = new() { ReuseIntermediates = false };

    [Fact]
    public void ASmallNetAllocatesExactlyTheGradientItReturns()
    {
        // 32×8 inputs: every product is below the size that goes parallel, so nothing else allocates.
        var (x, y, w) = Net(rows: 32, width: 8, seed: 1);
        var of = Grad.Of(Loss(x, y));
        var withValue = Grad.ValueAndGradient(Loss(x, y));
        long gradientArrays = BytesPerCall(() => (new double[8, 8], new double[8, 8], new double[8, 1]));
        Assert.Equal(gradientArrays, BytesPerCall(() => of(w.W1, w.W2, w.W3)));
        Assert.Equal(gradientArrays, BytesPerCall(() => withValue(w.W1, w.W2, w.W3)));
    }

    [Fact]
    public void TheBenchmarkNetAllocatesAtMostTwiceTheHandWrittenGradient()
    {
        // B5's shapes (X 256×64): the hand-written gradient allocates its three results (≈ 65 KB) and the issue allows
        // twice that. What a call may add beyond its results is the thread pool's bookkeeping of the parallel products.
        var (x, y, w) = Net(rows: 256, width: 64, seed: 2);
        var of = Grad.Of(Loss(x, y));
        long hand = BytesPerCall(() => (new double[64, 64], new double[64, 64], new double[64, 1]));
        long bytes = BytesPerCall(() => of(w.W1, w.W2, w.W3));
        Assert.True(bytes <= 2 * hand, $"{bytes} B per call; the hand-written gradient allocates {hand} B");
    }

    [Fact]
    public void WithoutThePassEveryLayerAllocates()
    {
        // What the tests above would otherwise measure: five 32×8 forward matrices and four adjoints besides the gradient.
        var (x, y, w) = Net(rows: 32, width: 8, seed: 1);
        var of = Grad.Of(Loss(x, y), Allocating);
        long gradientArrays = BytesPerCall(() => (new double[8, 8], new double[8, 8], new double[8, 1]));
        long layer = BytesPerCall(() => new double[32, 8]);
        Assert.True(BytesPerCall(() => of(w.W1, w.W2, w.W3)) >= gradientArrays + 6 * layer);
    }

    [Fact]
    public void EachCallReturnsNewArraysThatLaterCallsLeaveAlone()
    {
        var (x, y, w) = Net(rows: 32, width: 8, seed: 3);
        var (_, _, other) = Net(rows: 32, width: 8, seed: 4);
        var of = Grad.Of(Loss(x, y));
        var first = of(w.W1, w.W2, w.W3);
        var kept = Copy(first);
        var second = of(other.W1, other.W2, other.W3);
        Assert.NotSame(first.Item1, second.Item1);
        Assert.NotSame(first.Item2, second.Item2);
        Assert.Equal(kept, Copy(first));
        Assert.Equal(Copy(Grad.Of(Loss(x, y), Allocating)(other.W1, other.W2, other.W3)), Copy(second));
    }

    [Fact]
    public void ConcurrentCallsOfOneDelegateDoNotShareMatrices()
    {
        // Each thread its own weights; each answer equal, bit for bit, to the allocating delegate's. Threads, not
        // Parallel.For: the calls must overlap, and a pool that starts its threads late may run them one after another.
        var (x, y, _) = Net(rows: 64, width: 16, seed: 5);
        var shared = Grad.ValueAndGradient(Loss(x, y));
        var reference = Grad.ValueAndGradient(Loss(x, y), Allocating);
        var weights = Enumerable.Range(0, 6).Select(k => Net(rows: 64, width: 16, seed: 10 + k).W).ToArray();
        var expected = weights.Select(w => Flatten(reference(w.W1, w.W2, w.W3))).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var start = new Barrier(weights.Length);
        var threads = Enumerable.Range(0, weights.Length).Select(k => new Thread(() =>
        {
            var w = weights[k];
            start.SignalAndWait();
            for (int call = 0; call < 300; call++)
                if (!Flatten(shared(w.W1, w.W2, w.W3)).SequenceEqual(expected[k])) failures.Add($"thread {k}, call {call}");
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(failures);
    }

    [Fact]
    public void ACallFromInsideACallOfTheSameDelegateGetsItsOwnMatrices()
    {
        // f(w) = ½‖Nested(σ(X·w)) + X·w‖²: X·w is kept across the call of Nested, which runs the same delegate at other
        // weights. Were the two calls to share X·w's matrix, the outer call would add the inner call's X·w′.
        var (x, _, net) = Net(rows: 16, width: 4, seed: 6);
        var (_, _, inner) = Net(rows: 16, width: 4, seed: 7);
        Expression<Func<double[,], double>> f = w => 0.5 * SumOfSquares(Add(Reentry.Nested(Sigmoid(MatMul(x, w))), MatMul(x, w)));
        Reentry.Register();
        var grad = Grad.Of(f);
        var reference = Grad.Of(f, Allocating);
        Reentry.Inner = () => Reentry.InnerResult = grad(inner.W1);
        double[,] outer;
        try { outer = grad(net.W1); }
        finally { Reentry.Inner = null; }
        Assert.Equal(Flat(reference(net.W1)), Flat(outer));
        Assert.Equal(Flat(reference(inner.W1)), Flat(Reentry.InnerResult!));
    }

    /// <summary>A user primitive (identity, adjoint g) that runs <see cref="Inner"/> once, from inside the gradient.</summary>
    public static class Reentry
    {
        public static Action? Inner;
        public static double[,]? InnerResult;

        public static void Register() => Derivatives.Register((double[,] h) => Nested(h), (g, y, h) => g);

        public static double[,] Nested(double[,] h)
        {
            var action = Inner;
            Inner = null; // once: the inner call runs Nested too
            action?.Invoke();
            return (double[,])h.Clone();
        }
    }

    /// <summary>B5's loss ½‖σ(σ(X·W1)·W2)·W3 − y‖² with X and y in the closure.</summary>
    private static Expression<Func<double[,], double[,], double[,], double>> Loss(double[,] x, double[,] y) =>
        (w1, w2, w3) => 0.5 * SumOfSquares(Subtract(MatMul(Sigmoid(MatMul(Sigmoid(MatMul(x, w1)), w2)), w3), y));

    private static (double[,] X, double[,] Y, (double[,] W1, double[,] W2, double[,] W3) W) Net(int rows, int width, int seed)
    {
        var random = new Random(seed);
        double[,] Matrix(int r, int c, double scale)
        {
            var m = new double[r, c];
            for (int i = 0; i < r; i++)
                for (int j = 0; j < c; j++) m[i, j] = scale * (2 * random.NextDouble() - 1);
            return m;
        }
        return (Matrix(rows, width, 1), Matrix(rows, 1, 1), (Matrix(width, width, 0.3), Matrix(width, width, 0.3), Matrix(width, 1, 0.3)));
    }

    private static double[] Flat(double[,] m) => [.. m.Cast<double>()];

    private static double[][] Copy((double[,], double[,], double[,]) g) => [Flat(g.Item1), Flat(g.Item2), Flat(g.Item3)];

    private static double[] Flatten((double Value, (double[,], double[,], double[,]) Gradient) r) =>
        [r.Value, .. Flat(r.Gradient.Item1), .. Flat(r.Gradient.Item2), .. Flat(r.Gradient.Item3)];

    private static long BytesPerCall<T>(Func<T> call)
    {
        // The first calls JIT the dynamic method and fill the kept matrices.
        var sink = new List<T> { call(), call() };
        const int calls = 20;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < calls; i++) sink[i % 2] = call();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.NotNull(sink[0]);
        return allocated / calls;
    }
}
