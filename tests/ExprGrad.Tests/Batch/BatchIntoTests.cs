using System.Linq.Expressions;
using ExprGrad.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ExprGrad.Tests.Batch;

/// <summary>Grad.BatchInto and Grad.ValueAndGradientBatchInto: Grad.Batch's numbers, bit for bit, in the caller's buffers.</summary>
public class BatchIntoTests
{
    private static readonly Expression<Func<double, double, double, double, double, double>> Neuron =
        (w0, x0, w1, x1, w2) => 1 / (1 + Math.Exp(-(w0 * x0 + w1 * x1 + w2)));

    /// <summary>Row counts below, at and past the split (512), with and without a partial lane group.</summary>
    [Property(Replay = "20261129,17", MaxTest = 10)]
    public Property IntoBuffersHoldTheBitsOfTheAllocatingForm() =>
        Prop.ForAll(Gen.Choose(1, 1500).ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (rows, seed) =>
        {
            var points = Points(rows, 5, seed);
            var (values, gradients) = Grad.ValueAndGradientBatch(Neuron)(points);
            var (intoValues, intoGradients) = (StaleBuffers.Vector(rows), StaleBuffers.Matrix(rows, 5));
            Grad.ValueAndGradientBatchInto(Neuron)(points, intoValues, intoGradients);
            var onlyGradients = StaleBuffers.Matrix(rows, 5);
            Grad.BatchInto(Neuron)(points, onlyGradients);
            Assert.Equal(Bits(values), Bits(intoValues));
            Assert.Equal(Bits(gradients), Bits(intoGradients));
            Assert.Equal(Bits(gradients), Bits(onlyGradients));
        });

    [Fact]
    public void EveryArityWritesItsGradientIntoTheBuffer()
    {
        // f = Σ_j (j + 1)·x_j²: ∂f/∂x_j = 2·(j + 1)·x_j, exact in binary for these points (multiples of 1/4).
        for (int k = 1; k <= 8; k++)
        {
            var xs = Enumerable.Range(0, k).Select(j => Expression.Parameter(typeof(double), $"x{j}")).ToArray();
            var body = xs.Select((x, j) => (Expression)Expression.Multiply(Expression.Constant(j + 1.0), Expression.Multiply(x, x)))
                .Aggregate(Expression.Add);
            var f = Expression.Lambda(body, xs);
            var points = new double[6, k];
            for (int i = 0; i < 6; i++)
                for (int j = 0; j < k; j++) points[i, j] = (i - 2.5) * (j + 1) / 4;
            var (values, gradients) = (StaleBuffers.Vector(6), StaleBuffers.Matrix(6, k));
            Delegate(nameof(Grad.ValueAndGradientBatchInto), f).DynamicInvoke(points, values, gradients);
            var only = StaleBuffers.Matrix(6, k);
            Delegate(nameof(Grad.BatchInto), f).DynamicInvoke(points, only);
            for (int i = 0; i < 6; i++)
            {
                Assert.Equal(Enumerable.Range(0, k).Sum(j => (j + 1) * points[i, j] * points[i, j]), values[i]);
                for (int j = 0; j < k; j++)
                {
                    Assert.Equal(2 * (j + 1) * points[i, j], gradients[i, j]);
                    Assert.Equal(2 * (j + 1) * points[i, j], only[i, j]);
                }
            }
        }
    }

    [Fact]
    public void AColumnTheFunctionNeverReadsIsZeroedInAStaleBuffer()
    {
        // f = p0²·p2 over rows of five columns (vectorized; columns 1, 3 and 4 unread): ∇ = (2·p0·p2, 0, p0², 0, 0).
        // The allocating form relied on its fresh matrix for the columns past the last read; a caller's buffer
        // kept its 123s there. Nine rows: two full lane groups of four and a padded tail.
        Expression<Func<double[], double>> f = p => p[0] * p[0] * p[2];
        var points = new double[9, 5];
        for (int i = 0; i < 9; i++) (points[i, 0], points[i, 2]) = (i - 4, 3);
        var gradients = StaleBuffers.Matrix(9, 5);
        Grad.BatchInto(f)(points, gradients);
        for (int i = 0; i < 9; i++)
            Assert.Equal([6.0 * (i - 4), 0, (i - 4.0) * (i - 4), 0, 0], Enumerable.Range(0, 5).Select(j => gradients[i, j]));
    }

    [Fact]
    public void AProgramRunPerPointWritesTheScalarGradient()
    {
        // f = (Σp)·p[last]: ∂f/∂p_j = p_last for j < last, Σp + p_last for the last.
        Expression<Func<double[], double>> f = p => Ops.Sum(p) * p[p.Length - 1];
        Assert.False(BatchProgram.ForArray(f, null).Vectorized);
        var points = new double[,] { { 1, 2, 4 }, { -1, 0.5, 2 } };
        var (values, gradients) = (StaleBuffers.Vector(2), StaleBuffers.Matrix(2, 3));
        Grad.ValueAndGradientBatchInto(f)(points, values, gradients);
        Assert.Equal([28.0, 3], values);
        Assert.Equal(new double[,] { { 4, 4, 11 }, { 2, 2, 3.5 } }, gradients);
    }

    [Fact]
    public void BuffersOfAnotherShapeAreRejectedNamingTheArgument()
    {
        var into = Grad.ValueAndGradientBatchInto(Neuron);
        var gradientsOnly = Grad.BatchInto(Neuron);
        var points = Points(8, 5, seed: 1);
        Assert.Equal("gradients", Assert.Throws<ArgumentException>(() => into(points, new double[8], new double[7, 5])).ParamName);
        Assert.Equal("gradients", Assert.Throws<ArgumentException>(() => into(points, new double[8], new double[8, 4])).ParamName);
        Assert.Equal("gradients", Assert.Throws<ArgumentException>(() => gradientsOnly(points, new double[9, 5])).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => into(points, new double[7], new double[8, 5])).ParamName);
        Assert.Equal("points", Assert.Throws<ArgumentException>(() => gradientsOnly(new double[8, 4], new double[8, 4])).ParamName);
        Assert.Equal("gradients", Assert.Throws<ArgumentException>(() => gradientsOnly(points, points)).ParamName);
        Assert.Equal("points", Assert.Throws<ArgumentNullException>(() => gradientsOnly(null!, new double[8, 5])).ParamName);
        Assert.Equal("gradients", Assert.Throws<ArgumentNullException>(() => gradientsOnly(points, null!)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentNullException>(() => into(points, null!, new double[8, 5])).ParamName);
        // An array function has no fixed column count: only the buffers' agreement with the points is checked.
        var array = Grad.BatchInto((double[] p) => p[0] * p[1]);
        Assert.Equal("gradients", Assert.Throws<ArgumentException>(() => array(new double[3, 2], new double[3, 3])).ParamName);
    }

    [Fact]
    public void ConcurrentCallsOfOneDelegateEachFillTheirOwnBuffers()
    {
        // Eight threads, each with its own points (past the split, so helpers join in too) and buffers.
        var into = Grad.ValueAndGradientBatchInto(Neuron);
        var reference = Grad.ValueAndGradientBatch(Neuron);
        var results = new (double[] Values, double[,] Gradients, (double[], double[,]) Expected)[8];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            var points = Points(700 + t, 5, seed: 100 + t);
            var (values, gradients) = (StaleBuffers.Vector(700 + t), StaleBuffers.Matrix(700 + t, 5));
            for (int repeat = 0; repeat < 5; repeat++) into(points, values, gradients);
            results[t] = (values, gradients, reference(points));
        });
        foreach (var (values, gradients, (expectedValues, expectedGradients)) in results)
        {
            Assert.Equal(Bits(expectedValues), Bits(values));
            Assert.Equal(Bits(expectedGradients), Bits(gradients));
        }
    }

    [Fact]
    public void AnEmptyBatchWritesNothingAndThrowsNothing()
    {
        Grad.ValueAndGradientBatchInto(Neuron)(new double[0, 5], [], new double[0, 5]);
    }

    [Fact]
    public void AnIntoCallAllocatesNoResult()
    {
        // Below the parallel threshold the call runs on this thread: the closure of the row range and its delegate,
        // nothing proportional to the 400 rows (the allocating form's results are 19 KB).
        var into = Grad.ValueAndGradientBatchInto(Neuron);
        var points = Points(400, 5, seed: 4);
        var (values, gradients) = (new double[400], new double[400, 5]);
        into(points, values, gradients);
        long before = GC.GetAllocatedBytesForCurrentThread();
        into(points, values, gradients);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(allocated, 0, 256);
    }

    private static Delegate Delegate(string name, LambdaExpression f) => (Delegate)typeof(Grad).GetMethods()
        .Single(m => m.Name == name && m.GetParameters()[0].ParameterType == typeof(Expression<>).MakeGenericType(f.Type))
        .Invoke(null, [f, null])!;

    private static long[] Bits(double[] v) => [.. v.Select(BitConverter.DoubleToInt64Bits)];

    private static long[] Bits(double[,] m) => [.. m.Cast<double>().Select(BitConverter.DoubleToInt64Bits)];

    private static double[,] Points(int rows, int columns, int seed) => BatchModeTests.Points(rows, columns, seed);
}
