using System.Linq.Expressions;
using FsCheck.Xunit;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.MachineLearning;

/// <summary>
/// GradientOptions.FuseCrossEntropy: the compiled gradient computes each row's exponentials once (the forward pass
/// keeps them for the backward kernel). The pass must be invisible in the results — the same value and gradient bit
/// for bit as with it off — and must happen where it is meant to.
/// </summary>
public class FusedCrossEntropyTests
{
    private static readonly GradientOptions Unfused = GradientOptions.Default with { FuseCrossEntropy = false };

    // Random shapes (rows 0–6, classes 1–12, sometimes 300 so a row no longer fits the stack scratch), logits of mixed
    // scales with an occasional ±∞ or NaN, random labels; three functions: the loss alone (adjoint 1), a product of
    // two losses (a computed adjoint, so the kernel scales by g ≠ 1), and a layer with a penalty. Value and gradient
    // with the pass equal those without it, bit for bit (NaN as NaN), through ValueAndGradient and Grad.Of.
    [Property(Replay = "(271828,314159)", MaxTest = 60)]
    public void FusedAndUnfusedAgreeBitForBit(int seed)
    {
        var random = new Random(seed);
        int rows = random.Next(7), classes = random.Next(4) == 0 ? 300 : 1 + random.Next(12);
        var z = new double[rows, classes];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < classes; j++)
                z[i, j] = random.Next(20) switch
                {
                    0 => double.PositiveInfinity,
                    1 => double.NegativeInfinity,
                    2 => double.NaN,
                    _ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(4)),
                };
        int[] labels = [.. Enumerable.Range(0, rows).Select(_ => random.Next(classes))];
        var x = RandomMatrix(random, rows, 3);

        Same((double[,] w) => CrossEntropy(w, labels), z);
        Same((double[,] w) => 3 * CrossEntropy(w, labels) * CrossEntropy(w, labels), z);
        Same((double[,] w) => CrossEntropy(MatMul(x, w), labels) + 0.1 * SumOfSquares(w), RandomMatrix(random, 3, classes));
    }

    [Fact]
    public void TheCompiledGradientKeepsTheExponentialsAndTheExpressionFormDoesNot()
    {
        int[] labels = [0, 1];
        Expression<Func<double[,], double>> f = z => CrossEntropy(z, labels);
        Assert.Equal((1, 0), Calls(Pipeline.Build(f, ProgramKind.ValueAndGradient, null, compiled: true)));
        Assert.Equal((0, 1), Calls(Pipeline.Build(f, ProgramKind.ValueAndGradient, Unfused, compiled: true)));
        Assert.Equal((0, 1), Calls(Grad.ValueAndGradientExpression(f)));
    }

    [Fact]
    public void LabelsOutsideTheClassesStillNameTheRowWhenOnlyTheGradientIsAsked()
    {
        // Grad.Of drops the loss's value; the fused forward call, which checks the labels, must stay.
        var error = Assert.Throws<ArgumentException>(() => Grad.Of((double[,] z) => CrossEntropy(z, new[] { 0, 3 }))(new double[2, 3]));
        Assert.Contains("row 1", error.Message);
    }

    /// <summary>(fused state kernels, unfused backward kernels) in a program.</summary>
    private static (int, int) Calls(LambdaExpression program)
    {
        var counter = new CallCounter();
        counter.Visit(program);
        return (counter.Fused, counter.Unfused);
    }

    private static void Same(Expression<Func<double[,], double>> f, double[,] w)
    {
        var (value, gradient) = Grad.ValueAndGradient(f)(w);
        var (unfusedValue, unfusedGradient) = Grad.ValueAndGradient(f, Unfused)(w);
        AssertSameBits([value], [unfusedValue]);
        AssertSameBits([.. gradient.Cast<double>()], [.. unfusedGradient.Cast<double>()]);
        AssertSameBits([.. Grad.Of(f)(w).Cast<double>()], [.. unfusedGradient.Cast<double>()]);
        // Into a buffer holding old numbers: the exponentials may be computed in it, and must all be overwritten.
        var buffer = new double[w.GetLength(0), w.GetLength(1)];
        for (int i = 0; i < buffer.GetLength(0); i++)
            for (int j = 0; j < buffer.GetLength(1); j++) buffer[i, j] = 7;
        AssertSameBits([Grad.ValueAndGradientInto(f)(w, buffer)], [unfusedValue]);
        AssertSameBits([.. buffer.Cast<double>()], [.. unfusedGradient.Cast<double>()]);
    }

    [Fact]
    public void IntoABufferTheGradientIsComputedInTheBuffer()
    {
        // B17's shape: the 256×10 gradient (20,520 B as a new matrix) is not allocated; what a call still allocates is
        // the per-row sums (2 KB) and the state holding them.
        int[] labels = [.. Enumerable.Range(0, 256).Select(i => i % 10)];
        var z = RandomMatrix(new Random(3), 256, 10);
        var into = Grad.ValueAndGradientInto((double[,] w) => CrossEntropy(w, labels));
        var buffer = new double[256, 10];
        double sink = into(z, buffer) + into(z, buffer);
        long before = GC.GetAllocatedBytesForCurrentThread();
        sink += into(z, buffer);
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        long gradient = GC.GetAllocatedBytesForCurrentThread();
        var fresh = new double[256, 10];
        gradient = GC.GetAllocatedBytesForCurrentThread() - gradient;
        Assert.True(bytes < gradient, $"{bytes} B per call; a new gradient is {gradient} B");
        Assert.False(double.IsNaN(sink + fresh[0, 0]));
    }

    private static void AssertSameBits(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
            Assert.True(double.IsNaN(expected[k]) ? double.IsNaN(actual[k]) : BitConverter.DoubleToInt64Bits(expected[k]) == BitConverter.DoubleToInt64Bits(actual[k]),
                $"element {k}: {actual[k]:R}, expected {expected[k]:R}");
    }

    private static double[,] RandomMatrix(Random random, int rows, int columns)
    {
        var m = new double[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++) m[i, j] = random.NextDouble() * 2 - 1;
        return m;
    }

    private sealed class CallCounter : ExpressionVisitor
    {
        public int Fused { get; private set; }

        public int Unfused { get; private set; }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.Name == nameof(ExprGrad.Runtime.Kernels.CrossEntropyState)) Fused++;
            if (node.Method.Name == nameof(ExprGrad.Runtime.Kernels.CrossEntropyBackward) && node.Arguments.Count == 3) Unfused++;
            return base.VisitMethodCall(node);
        }
    }
}
