using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using ExprGrad.Tests.Imperative;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Performance;

/// <summary>
/// Issue 13: a while-loop's gradient allocates no trail for an accumulator or an index, and reuses, call after
/// call, the trails it does keep (one per loop state, per compiled delegate and thread). Byte counts are
/// deterministic for a given runtime; the switched-off runs show that the counts measure something.
/// </summary>
public class TrailAllocationTests
{
    private const int Calls = 50;

    private static readonly GradientOptions NoReuse = GradientOptions.Default with { ReuseTrails = false };

    /// <summary>acc = 0; k = c.Length − 1; while (k ≥ 0) { acc = acc·t + c[k]; k--; } — c a closure array.</summary>
    private static Expression<Func<double, double>> Horner(double[] c)
    {
        var t = Parameter(typeof(double), "t");
        var (acc, k) = (Variable(typeof(double), "acc"), Variable(typeof(int), "k"));
        var exit = Label("exit");
        return Lambda<Func<double, double>>(Block([acc, k],
            Assign(acc, Constant(0.0)),
            Assign(k, Constant(c.Length - 1)),
            Loop(Block(
                IfThen(LessThan(k, Constant(0)), Break(exit)),
                Assign(acc, Add(Multiply(acc, t), ArrayIndex(Constant(c), k))),
                PostDecrementAssign(k)), exit),
            acc), t);
    }

    private static readonly double[] Coefficients = [.. Enumerable.Range(0, 300).Select(i => Math.Cos(i) / (i + 1))];

    [Fact]
    public void AnAccumulatorLoopAllocatesOnlyItsGradient()
    {
        var f = LoopShapes.All["accumulator, i++ (B8's Rosenbrock)"];
        var x = Enumerable.Range(0, 1000).Select(i => Math.Sin(i)).ToArray();
        var (grad, valueAndGradient) = (Grad.Of(f), Grad.ValueAndGradient(f));
        var trailed = Grad.Of(f, GradientOptions.Default with { TrailOnlyReadStates = false, RecomputeLoopIndices = false, ReuseTrails = false });
        long gradientArray = BytesPerCall(() => new double[x.Length]);
        Assert.Equal(gradientArray, BytesPerCall(() => grad(x)));
        Assert.Equal(gradientArray, BytesPerCall(() => valueAndGradient(x)));
        // With a trail for acc and one for i, grown by doubling to 1,024 values each.
        Assert.True(BytesPerCall(() => trailed(x)) > gradientArray + 1024 * (sizeof(double) + sizeof(int)));
    }

    [Fact]
    public void ATrailIsReusedFromOneCallToTheNext()
    {
        // acc is read by the backward pass (∂(acc·t)/∂t = acc), so its 300 values are kept: once, not per call.
        var reused = Grad.ValueAndGradient(Horner(Coefficients));
        var fresh = Grad.ValueAndGradient(Horner(Coefficients), NoReuse);
        Assert.Equal(0, BytesPerCall(() => reused(0.7).Gradient));
        Assert.True(BytesPerCall(() => fresh(0.7).Gradient) >= 300 * sizeof(double));
        Assert.Equal(fresh(0.7), reused(0.7));
    }

    [Fact]
    public void ConcurrentCallsEachHaveTheirOwnTrail()
    {
        var grad = Grad.ValueAndGradient(Horner(Coefficients));
        var reference = Grad.ValueAndGradient(Horner(Coefficients), NoReuse);
        var points = Enumerable.Range(0, 400).Select(i => -1 + i / 200.0).ToArray();
        var expected = points.Select(t => reference(t)).ToArray();
        var results = new (double, double)[4, points.Length];
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, thread =>
        {
            // Each thread walks the points in its own order (a stride prime to 400), so concurrent calls differ in t.
            int stride = new[] { 1, 3, 7, 11 }[thread];
            for (int n = 0; n < points.Length; n++)
            {
                int i = (n * stride + 37 * thread) % points.Length;
                results[thread, i] = grad(points[i]);
            }
        });
        for (int thread = 0; thread < 4; thread++)
            for (int i = 0; i < points.Length; i++)
                Assert.Equal(expected[i], results[thread, i]);
    }

    [Fact]
    public void ACallThatThrowsLeavesTheNextCallCorrect()
    {
        // acc = 0; k = (int)x[0]; while (k ≥ 1) { acc = acc·x[1] + x[k]; k--; } — x[0] past the end throws
        // after the trail has taken its first value.
        var x = Parameter(typeof(double[]), "x");
        var (acc, k) = (Variable(typeof(double), "acc"), Variable(typeof(int), "k"));
        var exit = Label("exit");
        var f = Lambda<Func<double[], double>>(Block([acc, k],
            Assign(acc, Constant(0.0)),
            Assign(k, Convert(ArrayIndex(x, Constant(0)), typeof(int))),
            Loop(Block(
                IfThen(LessThan(k, Constant(1)), Break(exit)),
                Assign(acc, Add(Multiply(acc, ArrayIndex(x, Constant(1))), ArrayIndex(x, k))),
                PostDecrementAssign(k)), exit),
            acc), x);
        var grad = Grad.Of(f);
        double[] good = [3, 0.5, 2, 4];
        var expected = grad(good);
        Assert.Throws<IndexOutOfRangeException>(() => grad([9, 0.5, 2, 4]));
        Assert.Equal(expected, grad(good));
        // acc = x[3]·x[1]² + x[2]·x[1] + x[1]: ∂/∂x[1] = 2·x[3]·x[1] + x[2] + 1 = 4 + 2 + 1.
        Assert.Equal(new[] { 0, 7, 0.5, 0.25 }, expected);
    }

    [Fact]
    public void APoolLendsEachTrailToOneCallAtATime()
    {
        var pool = new TrailPool<double>();
        var first = pool.Rent();
        first.Push(1.5);
        var nested = pool.Rent();
        Assert.NotSame(first, nested);
        pool.Return(first);
        var again = pool.Rent();
        Assert.Same(first, again);
        again.Push(2.5);
        Assert.Equal(2.5, again.Get(0));
        // Another thread never receives this thread's trail.
        pool.Return(again);
        Trail<double>? other = null;
        var thread = new Thread(() => other = pool.Rent());
        thread.Start();
        thread.Join();
        Assert.NotSame(again, other);
    }

    [Fact]
    public void AReturnedTrailHoldsNoArray()
    {
        var pool = new TrailPool<double[]>();
        var held = FillAndReturn(pool);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(held.IsAlive);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference FillAndReturn(TrailPool<double[]> pool)
    {
        var trail = pool.Rent();
        var array = new double[100];
        trail.Push(array);
        pool.Return(trail);
        return new WeakReference(array);
    }

    /// <summary>Bytes allocated per call on this thread, once two calls have run (JIT, lazily created runtime state).</summary>
    private static long BytesPerCall<T>(Func<T> call)
    {
        call();
        call();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) call();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
    }
}
