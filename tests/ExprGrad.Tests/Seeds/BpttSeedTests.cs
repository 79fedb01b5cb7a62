using static ExprGrad.Ops;

namespace ExprGrad.Tests.Seeds;

/// <summary>SEEDS.md §4, derived by hand: h = (0, 0, 0.5, 0) since w·h₂ + v·y₂ = 0.25 − 0.5 &lt; 0;
/// ŷ = (0, 0.25, 0); L = 1 + 1.5625 + 4 = 6.5625. With ReLU'(0) = 0 only t = 2 passes gradient:
/// ∂L/∂ŷ₂ = −2(y₂ − ŷ₂) = 2.5, ∂L/∂u = 2.5·h₂ = 1.25, ∂L/∂h₂ = 2.5·u = 1.25, ∂L/∂v = 1.25·y₁ = 1.25,
/// ∂L/∂w = 1.25·h₁ = 0. (The notes' h₃ = 0.375 is a slip.)</summary>
public class BpttSeedTests
{
    private static readonly double[] Y = [0, 1, -1, 2];

    [Fact]
    public void ForwardTableLossAndGradients()
    {
        var h = Scan(3, 0.0, (s, t) => Relu(0.5 * s + 0.5 * Y[t]));
        Assert.Equal(new[] { 0, 0, 0.5, 0 }, h);
        var y = Y;
        var vg = Grad.ValueAndGradient((double u, double v, double w) =>
            Let(Scan(3, 0.0, (s, t) => Relu(w * s + v * y[t])), hs =>
                Sum(3, t => (y[t + 1] - Relu(u * hs[t + 1])) * (y[t + 1] - Relu(u * hs[t + 1])))));
        var (loss, (du, dv, dw)) = vg(0.5, 0.5, 0.5);
        Assert.Equal(6.5625, loss);
        Assert.Equal(1.25, du);
        Assert.Equal(1.25, dv);
        Assert.Equal(0.0, dw);
        Assert.Equal(0.375, 0.5 - 0.1 * du);
    }

    [Fact]
    public void BatchedCellWithMatrixWeightsMatchesCentralDifferences()
    {
        var random = new Random(11);
        double[,] Random(int r, int c)
        {
            var m = new double[r, c];
            for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) m[i, j] = random.NextDouble() * 2 - 0.5;
            return m;
        }
        double[][,] ys = [Random(4, 1), Random(4, 1), Random(4, 1), Random(4, 1)];
        var h0 = new double[4, 3];
        System.Linq.Expressions.Expression<Func<double[,], double[,], double[,], double>> loss = (u, v, w) =>
            Let(Relu(Add(MatMul(h0, w), MatMul(ys[0], v))), h1 =>
            Let(Relu(Add(MatMul(h1, w), MatMul(ys[1], v))), h2 =>
            Let(Relu(Add(MatMul(h2, w), MatMul(ys[2], v))), h3 =>
                SumOfSquares(Subtract(ys[1], Relu(MatMul(h1, u)))) + SumOfSquares(Subtract(ys[2], Relu(MatMul(h2, u))))
                + SumOfSquares(Subtract(ys[3], Relu(MatMul(h3, u)))))));
        var (u0, v0, w0) = (Random(3, 1), Random(1, 3), Random(3, 3));
        var (du, dv, dw) = Grad.Of(loss)(u0, v0, w0);
        var plain = loss.Compile();
        double[] Flat(double[,] m) => m.Cast<double>().ToArray();
        double[,] Shape(double[] v, double[,] like) { var m = (double[,])like.Clone(); Buffer.BlockCopy(v, 0, m, 0, v.Length * 8); return m; }
        Support.CentralDifferences.AssertClose(Support.CentralDifferences.Gradient(p => plain(Shape(p, u0), v0, w0), Flat(u0)), Flat(du), "dU", 1e-6, 1e-6);
        Support.CentralDifferences.AssertClose(Support.CentralDifferences.Gradient(p => plain(u0, Shape(p, v0), w0), Flat(v0)), Flat(dv), "dV", 1e-6, 1e-6);
        Support.CentralDifferences.AssertClose(Support.CentralDifferences.Gradient(p => plain(u0, v0, Shape(p, w0)), Flat(w0)), Flat(dw), "dW", 1e-6, 1e-6);
    }
}
