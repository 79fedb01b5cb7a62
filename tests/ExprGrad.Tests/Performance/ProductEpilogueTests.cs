using System.Linq.Expressions;
using FsCheck.Xunit;
using K = ExprGrad.Runtime.Kernels;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Performance;

/// <summary>
/// Issue 16 (<see cref="GradientOptions.FuseProductEpilogues"/>): the adjoint a dense layer sends back through its
/// sigmoid, <c>SigmoidBackward(g·bᵀ, y)</c>, as one kernel that finishes each row of the product in cache. It does
/// the same operations per element in the same order, so it equals the two kernels bit for bit, at every shape
/// (single columns take the outer-product path, empty rows of g give zero products) and when the rows are split
/// across threads; and a gradient with the pass equals the gradient without it.
/// </summary>
public class ProductEpilogueTests
{
    [Property(Replay = "(161803,314159)", MaxTest = 150)]
    public void TheFusedKernelIsTheTwoKernelsBitForBit(byte rows, byte inner, byte cols, int seed)
    {
        int m = rows % 40, n = inner % 6, k = cols % 20;
        var random = new Random(seed);
        var (g, b, y) = (Matrix(random, m, n), Matrix(random, k, n), Matrix(random, m, k));
        Assert.Equal(Bits(K.SigmoidBackward(K.MatMulTransposeB(g, b), y)), Bits(K.MatMulTransposeBSigmoidBackward(g, b, y)));
    }

    [Fact]
    public void RowsSplitAcrossThreadsGiveTheSameBits()
    {
        // 256×64 · (64×64)ᵀ is 2^20 multiply-adds: the size at which the product splits its rows.
        var random = new Random(3);
        var (g, b, y) = (Matrix(random, 256, 64), Matrix(random, 64, 64), Matrix(random, 256, 64));
        Assert.Equal(Bits(K.SigmoidBackward(K.MatMulTransposeB(g, b), y)), Bits(K.MatMulTransposeBSigmoidBackward(g, b, y)));
    }

    [Fact]
    public void AnOutputOfAnotherShapeIsRejectedAsSigmoidBackwardRejectsIt()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            K.MatMulTransposeBSigmoidBackward(new double[3, 2], new double[4, 2], new double[3, 5]));
        Assert.Contains("SigmoidBackward", error.Message);
        Assert.Throws<ArgumentNullException>(() => K.MatMulTransposeBSigmoidBackward(new double[3, 2], new double[4, 2], null!));
    }

    [Fact]
    public void ADenseNetsGradientIsTheSameWithAndWithoutThePass()
    {
        // Two sigmoid layers (both fused), and a hidden layer that is also summed: its adjoint is the product plus
        // ones, read by Add, so that product is not fused.
        var random = new Random(5);
        var (x, y) = (Matrix(random, 24, 6), Matrix(random, 24, 1));
        var (w1, w2, w3) = (Matrix(random, 6, 6), Matrix(random, 6, 6), Matrix(random, 6, 1));
        Expression<Func<double[,], double[,], double[,], double>> net =
            (a, b, c) => 0.5 * SumOfSquares(Subtract(MatMul(Sigmoid(MatMul(Sigmoid(MatMul(x, a)), b)), c), y));
        Expression<Func<double[,], double[,], double[,], double>> shared =
            (a, b, c) => Let(Sigmoid(MatMul(x, a)), h => SumOfSquares(MatMul(Sigmoid(MatMul(h, b)), c)) + Sum(h));
        foreach (var f in new[] { net, shared })
        {
            var with = Grad.ValueAndGradient(f)(w1, w2, w3);
            var without = Grad.ValueAndGradient(f, new GradientOptions { FuseProductEpilogues = false })(w1, w2, w3);
            Assert.Equal(without.Value, with.Value);
            Assert.Equal(Bits(without.Gradient.Item1), Bits(with.Gradient.Item1));
            Assert.Equal(Bits(without.Gradient.Item2), Bits(with.Gradient.Item2));
            Assert.Equal(Bits(without.Gradient.Item3), Bits(with.Gradient.Item3));
        }
    }

    [Fact]
    public void TheBenchmarkNetsTwoSigmoidLayersAreFused()
    {
        var x = new double[8, 4];
        var y = new double[8, 1];
        Expression<Func<double[,], double[,], double[,], double>> net =
            (a, b, c) => 0.5 * SumOfSquares(Subtract(MatMul(Sigmoid(MatMul(Sigmoid(MatMul(x, a)), b)), c), y));
        var program = Pipeline.Build(net, ProgramKind.Gradient, null, delegateType: typeof(Func<double[,], double[,], double[,], (double[,], double[,], double[,])>), compiled: true);
        var calls = new List<string>();
        new CallNames(calls).Visit(program);
        Assert.Equal(2, calls.Count(c => c == nameof(K.MatMulTransposeBSigmoidBackward)));
        Assert.DoesNotContain(nameof(K.SigmoidBackward), calls);
    }

    private sealed class CallNames(List<string> names) : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            names.Add(node.Method.Name);
            return base.VisitMethodCall(node);
        }
    }

    private static double[,] Matrix(Random random, int rows, int cols)
    {
        var m = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) m[i, j] = 2 * random.NextDouble() - 1;
        return m;
    }

    private static long[] Bits(double[,] m) => [.. m.Cast<double>().Select(BitConverter.DoubleToInt64Bits)];
}
