using System.Linq.Expressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Batch;

/// <summary>Grad.Batch and Grad.ValueAndGradientBatch (issue 16): rows are points, the answers those of the scalar gradient.</summary>
public class BatchModeTests
{
    private static readonly Expression<Func<double, double, double>> Staged =
        (x, y) => (x + Sigmoid(y)) / (Sigmoid(x) + (x + y) * (x + y));

    private static readonly Expression<Func<double, double, double, double, double, double>> Neuron =
        (w0, x0, w1, x1, w2) => 1 / (1 + Math.Exp(-(w0 * x0 + w1 * x1 + w2)));

    [Fact]
    public void ScalarParametersGiveTheHandDerivedGradientAtEveryRow()
    {
        // f = x·y + sin x: ∂f/∂x = y + cos x, ∂f/∂y = x.
        var batch = Grad.ValueAndGradientBatch((double x, double y) => x * y + Math.Sin(x));
        var points = Points(37, 2, seed: 1);
        var (values, gradients) = batch(points);
        for (int i = 0; i < 37; i++)
        {
            double x = points[i, 0], y = points[i, 1];
            Assert.Equal(x * y + Math.Sin(x), values[i], 1e-14);
            Assert.Equal(y + Math.Cos(x), gradients[i, 0], 1e-14);
            Assert.Equal(x, gradients[i, 1], 1e-14);
        }
    }

    [Fact]
    public void AnArrayReadAtConstantIndicesIsVectorizedAndLaterColumnsGetZero()
    {
        // f = p0² · p2: ∇ = (2·p0·p2, 0, p0², 0) for a row of four columns (column 3 is never read).
        Expression<Func<double[], double>> f = p => p[0] * p[0] * p[2];
        Assert.True(BatchProgram.ForArray(f, null).Vectorized);
        var gradients = Grad.Batch(f)(new double[,] { { 3, 9, 5, 9 }, { -1, 9, 2, 9 } });
        Assert.Equal(new double[,] { { 30, 0, 9, 0 }, { -4, 0, 1, 0 } }, gradients);
    }

    [Fact]
    public void TheNotesNeuronAndStagedFunctionRunVectorized()
    {
        Assert.True(BatchProgram.ForScalars(Neuron, null).Vectorized);
        Assert.True(BatchProgram.ForScalars(Staged, null).Vectorized);
    }

    [Fact]
    public void WithVectorizeBatchesOffEveryProgramRunsPerPointAndMatchesGradOfBitForBit()
    {
        // The switch's off side: the scalar delegate per row, so Grad.ValueAndGradient's numbers exactly.
        var off = new GradientOptions { VectorizeBatches = false };
        Expression<Func<double[], double>> f = p => p[0] * p[0] * p[2];
        Assert.False(BatchProgram.ForArray(f, off).Vectorized);
        Assert.False(BatchProgram.ForScalars(Neuron, off).Vectorized);
        Assert.False(BatchProgram.ForScalars(Staged, off).Vectorized);
        var points = Points(5, 5, seed: 3);
        var (values, gradients) = Grad.ValueAndGradientBatch(Neuron, off)(points);
        var grad = Grad.ValueAndGradient(Neuron);
        for (int i = 0; i < 5; i++)
        {
            var (value, g) = grad(points[i, 0], points[i, 1], points[i, 2], points[i, 3], points[i, 4]);
            Assert.Equal(value, values[i]);
            Assert.Equal([g.Item1, g.Item2, g.Item3, g.Item4, g.Item5], Enumerable.Range(0, 5).Select(j => gradients[i, j]).ToArray());
        }
    }

    [Fact]
    public void ArraysUsedWholeRunPerPointAndMatchGradOfBitForBit()
    {
        Expression<Func<double[], double>> f = p => Ops.Sum(p) * p[p.Length - 1];
        Assert.False(BatchProgram.ForArray(f, null).Vectorized);
        var grad = Grad.ValueAndGradient(f);
        var points = Points(5, 3, seed: 2);
        var (values, gradients) = Grad.ValueAndGradientBatch(f)(points);
        for (int i = 0; i < 5; i++)
        {
            var (value, gradient) = grad([points[i, 0], points[i, 1], points[i, 2]]);
            Assert.Equal(value, values[i]);
            Assert.Equal(gradient, new[] { gradients[i, 0], gradients[i, 1], gradients[i, 2] });
        }
    }

    [Fact]
    public void AnUntakenSideGivesNoNaNInItsLane()
    {
        // x > y ? log x : y²; the second row's untaken log(−1) is NaN, its answer (9; 0, 6) is not.
        var batch = Grad.ValueAndGradientBatch((double x, double y) => x > y ? Math.Log(x) : y * y);
        var (values, gradients) = batch(new double[,] { { 2, 1 }, { -1, 3 }, { 4, 1 } });
        Assert.Equal([Math.Log(2), 9, Math.Log(4)], values);
        Assert.Equal(new double[,] { { 0.5, 0 }, { 0, 6 }, { 0.25, 0 } }, gradients);
    }

    [Fact]
    public void AnOverflowedExpKeepsTheScalarConventionPerLane()
    {
        // σ(x) at x = −1000: e^1000 = ∞, σ = 0, and Grad.Of's guard gives σ′ = 0 (not ∞·0 = NaN); in the same
        // lane group as ordinary points.
        Expression<Func<double, double>> sigma = x => 1 / (1 + Math.Exp(-x));
        var (values, gradients) = Grad.ValueAndGradientBatch(sigma)(new double[,] { { 0 }, { -1000 }, { 1 }, { 1000 }, { double.NaN } });
        Assert.Equal([0.5, 0, 1 / (1 + Math.Exp(-1)), 1, double.NaN], values);
        // σ′ = σ(1 − σ): 0.25 at 0, 0 at −1000 by the guard, ≈0.1966 at 1, 0 at 1000, NaN at NaN.
        Assert.Equal(0.25, gradients[0, 0]);
        Assert.Equal(0.0, gradients[1, 0]);
        Assert.Equal(Math.Exp(-1) / ((1 + Math.Exp(-1)) * (1 + Math.Exp(-1))), gradients[2, 0], 1e-16);
        Assert.Equal(0.0, gradients[3, 0]);
        Assert.True(double.IsNaN(gradients[4, 0]));
    }

    [Fact]
    public void AMatrixWithAnotherColumnCountIsRejectedNamingPoints()
    {
        var batch = Grad.Batch(Staged);
        var e = Assert.Throws<ArgumentException>(() => batch(new double[4, 3]));
        Assert.Equal("points", e.ParamName);
        Assert.Equal("points", Assert.Throws<ArgumentNullException>(() => batch(null!)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Grad.Batch((Expression<Func<double, double>>)null!)).ParamName);
    }

    [Fact]
    public void AnArrayShorterThanAnIndexReadThrowsAsGradOfDoes()
    {
        Expression<Func<double[], double>> f = p => p[0] * p[3];
        Assert.Throws<IndexOutOfRangeException>(() => Grad.Of(f)([1, 2]));
        Assert.Throws<IndexOutOfRangeException>(() => Grad.Batch(f)(new double[,] { { 1, 2 } }));
    }

    [Fact]
    public void ABatchSharedAmongTheCoresThrowsTheIndexErrorUnwrapped()
    {
        // 4,096 rows are past BatchSplit.ParallelRows: the rows ran under Parallel.For, which wrapped the error in an
        // AggregateException where a small batch and Grad.Of throw IndexOutOfRangeException.
        Expression<Func<double[], double>> f = p => p[0] * p[3];
        Assert.Throws<IndexOutOfRangeException>(() => Grad.Batch(f)(new double[4096, 2]));
    }

    [Fact]
    public void ABatchSharedAmongTheCoresGivesTheBitsOfSmallBatches()
    {
        // Past the threshold the rows are cut into blocks that two threads take in any order; each row's numbers
        // are those of the same row in batches small enough to run on one thread.
        var points = Points(5000, 5, seed: 9);
        var (values, gradients) = Grad.ValueAndGradientBatch(Neuron)(points);
        var batch = Grad.ValueAndGradientBatch(Neuron);
        for (int first = 0; first < 5000; first += 500)
        {
            var part = new double[500, 5];
            for (int i = 0; i < 500; i++)
                for (int j = 0; j < 5; j++) part[i, j] = points[first + i, j];
            var (partValues, partGradients) = batch(part);
            for (int i = 0; i < 500; i++)
            {
                Assert.Equal(partValues[i], values[first + i]);
                for (int j = 0; j < 5; j++) Assert.Equal(partGradients[i, j], gradients[first + i, j]);
            }
        }
    }

    [Fact]
    public void AnEmptyBatchGivesEmptyResults()
    {
        var (values, gradients) = Grad.ValueAndGradientBatch(Neuron)(new double[0, 5]);
        Assert.Empty(values);
        Assert.Equal(0, gradients.GetLength(0));
        Assert.Equal(5, gradients.GetLength(1));
    }

    [Fact]
    public void AnUnsupportedNodeIsReportedWhenBuilding()
    {
        // A round trip through float, which Grad.Of rejects (it would silently lose the derivative's precision).
        Assert.Throws<UnsupportedExpressionException>(() => Grad.Batch((double x) => (double)(float)x * 2));
        Assert.Throws<UnsupportedExpressionException>(() => Grad.Batch((double[] p) => (double)(float)p[0] * 2));
    }

    [Fact]
    public void ClosureVariablesAreReadAtCallTime()
    {
        double scale = 2;
        var batch = Grad.Batch((double x) => scale * x * x);
        Assert.Equal(new double[,] { { 12 } }, batch(new double[,] { { 3 } }));
        scale = 5;
        Assert.Equal(new double[,] { { 30 } }, batch(new double[,] { { 3 } }));
    }

    [Fact]
    public void EightParametersUseEightColumns()
    {
        // Σ k·x_k: ∂f/∂x_k = k.
        var batch = Grad.Batch((double a, double b, double c, double d, double e, double f, double g, double h) =>
            a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h);
        var gradients = batch(Points(3, 8, seed: 3));
        for (int i = 0; i < 3; i++)
            Assert.Equal([1.0, 2, 3, 4, 5, 6, 7, 8], Enumerable.Range(0, 8).Select(k => gradients[i, k]));
    }

    /// <summary>Batches past the parallel threshold and block size, with a tail: every row as the scalar gradient.</summary>
    [Property(Replay = "20261128,17", MaxTest = 12)]
    public Property EveryRowIsTheScalarGradientAtThatRow() =>
        Prop.ForAll(Gen.Choose(1, 3000).ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (rows, seed) =>
        {
            var points = Points(rows, 2, seed);
            var (values, gradients) = Grad.ValueAndGradientBatch(Staged)(points);
            var scalar = Grad.ValueAndGradient(Staged);
            for (int i = 0; i < rows; i++)
            {
                var (value, (dx, dy)) = scalar(points[i, 0], points[i, 1]);
                // SIMD e^x is within an ulp or two of Math.Exp. The denominator σ(x) + (x + y)² stays above σ(−3)
                // on [−3, 3]², so each result is within a few ulps of 1 + its own size, cancelling sums included.
                Assert.Equal(value, values[i], 1e-14 * (1 + Math.Abs(value)));
                Assert.Equal(dx, gradients[i, 0], 1e-14 * (1 + Math.Abs(dx)));
                Assert.Equal(dy, gradients[i, 1], 1e-14 * (1 + Math.Abs(dy)));
            }
        });

    [Fact]
    public void ABatchAllocatesItsResultsAndLittleElse()
    {
        // Below the parallel threshold the call runs on this thread: the value array and gradient matrix, the
        // closure of the row range, nothing per point or per block (the block buffers are kept per thread).
        var batch = Grad.ValueAndGradientBatch(Neuron);
        var points = Points(400, 5, seed: 4);
        batch(points);
        long before = GC.GetAllocatedBytesForCurrentThread();
        batch(points);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long results = (24 + 400 * 8) + (32 + 400 * 5 * 8);
        Assert.InRange(allocated, results, results + 256);
    }

    /// <summary>A rows×columns matrix of points uniform in [−3, 3), from <paramref name="seed"/>.</summary>
    internal static double[,] Points(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var m = new double[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++) m[i, j] = random.NextDouble() * 6 - 3;
        return m;
    }
}
