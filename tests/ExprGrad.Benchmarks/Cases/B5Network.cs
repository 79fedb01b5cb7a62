using System.Linq.Expressions;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using static ExprGrad.Ops;
using K = ExprGrad.Benchmarks.B5DenseKernels;

namespace ExprGrad.Benchmarks;

/// <summary>
/// B5: the notes' net ŷ = σ(σ(X·W1)·W2)·W3 at a realistic size (X 256×64, W1 64×64, W2 64×64, W3 64×1),
/// L = ½Σ(ŷ − y)², gradient over the three weight matrices; X and y sit in closures.
/// </summary>
[MemoryDiagnoser]
public class B5Network
{
    private const int Rows = 256, Width = 64;
    private double[,] x = new double[0, 0], y = new double[0, 0];
    private double[,] w1 = new double[0, 0], w2 = new double[0, 0], w3 = new double[0, 0];
    private Func<double[,], double[,], double[,], (double[,], double[,], double[,])> gradient = null!;
    private Func<double[,], double[,], double[,], (double Value, (double[,], double[,], double[,]) Gradient)> valueAndGradient = null!;

    // The hand-written gradient's workspace: allocated once, as an engineer tuning a training loop would.
    private double[,] h1 = new double[0, 0], h2 = new double[0, 0], residual = new double[0, 0];
    private double[,] dh = new double[0, 0], dz = new double[0, 0];

    [GlobalSetup]
    public void Setup()
    {
        x = RandomData.Matrix(Rows, Width, seed: 10);
        y = RandomData.Matrix(Rows, 1, seed: 11);
        w1 = RandomData.Matrix(Width, Width, seed: 12, scale: 0.2);
        w2 = RandomData.Matrix(Width, Width, seed: 13, scale: 0.2);
        w3 = RandomData.Matrix(Width, 1, seed: 14, scale: 0.2);
        (h1, h2, residual) = (new double[Rows, Width], new double[Rows, Width], new double[Rows, 1]);
        (dh, dz) = (new double[Rows, Width], new double[Rows, Width]);

        var loss = Loss();
        gradient = Grad.Of(loss);
        valueAndGradient = Grad.ValueAndGradient(loss);

        var (e1, e2, e3) = HandWritten();
        var (g1, g2, g3) = gradient(w1, w2, w3);
        Agreement.Require(e1, g1, "dW1");
        Agreement.Require(e2, g2, "dW2");
        Agreement.Require(e3, g3, "dW3");
        var (value, (v1, _, _)) = valueAndGradient(w1, w2, w3);
        Agreement.Require(Plain(), value, "value");
        Agreement.Require(e1, v1, "ValueAndGradient dW1");
        Agreement.Require(Plain(), loss.Compile()(w1, w2, w3), "function through Ops");
        TierUp.Run(() => Plain(), () => HandWritten(), () => GradOf(), () => ValueAndGradient());
    }

    private Expression<Func<double[,], double[,], double[,], double>> Loss()
    {
        var (inputs, targets) = (x, y);
        return (w1, w2, w3) =>
            0.5 * SumOfSquares(Subtract(MatMul(Sigmoid(MatMul(Sigmoid(MatMul(inputs, w1)), w2)), w3), targets));
    }

    [Benchmark]
    public double Plain()
    {
        K.MatMul(x, w1, h1);
        TensorPrimitives.Sigmoid(K.Flat(h1), K.Flat(h1));
        K.MatMul(h1, w2, h2);
        TensorPrimitives.Sigmoid(K.Flat(h2), K.Flat(h2));
        K.MatMul(h2, w3, residual);
        TensorPrimitives.Subtract(K.Flat(residual), K.Flat(y), K.Flat(residual));
        return 0.5 * TensorPrimitives.SumOfSquares(K.Flat(residual));
    }

    /// <summary>The notes' backward pass with one running d: dW3 = H2ᵀ·d, d ← d·W3ᵀ ∘ σ′, dW2 = H1ᵀ·d, …</summary>
    [Benchmark(Baseline = true)]
    public (double[,], double[,], double[,]) HandWritten()
    {
        Plain();
        var (dw1, dw2, dw3) = (new double[Width, Width], new double[Width, Width], new double[Width, 1]);
        K.MatMulTransposedLeft(h2, residual, dw3);
        K.MatMulTransposedRight(residual, w3, dh);
        K.SigmoidBackward(h2, dh, dz);
        K.MatMulTransposedLeft(h1, dz, dw2);
        K.MatMulTransposedRight(dz, w2, dh);
        K.SigmoidBackward(h1, dh, dz);
        K.MatMulTransposedLeft(x, dz, dw1);
        return (dw1, dw2, dw3);
    }

    [Benchmark]
    public (double[,], double[,], double[,]) GradOf() => gradient(w1, w2, w3);

    [Benchmark]
    public (double, (double[,], double[,], double[,])) ValueAndGradient() => valueAndGradient(w1, w2, w3);
}
