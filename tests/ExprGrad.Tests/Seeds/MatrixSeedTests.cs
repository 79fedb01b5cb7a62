using ExprGrad.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Seeds;

/// <summary>SEEDS.md §1 (matrix product), §2 and §3, against formulas evaluated here with plain loops.</summary>
public class MatrixSeedTests
{
    private static double[,] Product(double[,] a, double[,] b, bool transposeA = false, bool transposeB = false)
    {
        int n = transposeA ? a.GetLength(1) : a.GetLength(0), k = transposeA ? a.GetLength(0) : a.GetLength(1);
        int m = transposeB ? b.GetLength(0) : b.GetLength(1);
        var c = new double[n, m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                for (int t = 0; t < k; t++)
                    c[i, j] += (transposeA ? a[t, i] : a[i, t]) * (transposeB ? b[j, t] : b[t, j]);
        return c;
    }

    private static double Sig(double z) => 1 / (1 + Math.Exp(-z));

    private static double[,] Apply(double[,] a, Func<double, double> f)
    {
        var r = (double[,])a.Clone();
        for (int i = 0; i < r.GetLength(0); i++) for (int j = 0; j < r.GetLength(1); j++) r[i, j] = f(r[i, j]);
        return r;
    }

    private static double[,] Hadamard(double[,] a, double[,] b)
    {
        var r = (double[,])a.Clone();
        for (int i = 0; i < r.GetLength(0); i++) for (int j = 0; j < r.GetLength(1); j++) r[i, j] *= b[i, j];
        return r;
    }

    private static void AssertClose(double[,] expected, double[,] actual, string what) =>
        CentralDifferences.AssertClose(expected.Cast<double>().ToArray(), actual.Cast<double>().ToArray(), what, 1e-12, 1e-14);

    private static Gen<double[,]> Matrix(int rows, int cols) => Gen.Choose(-1000, 1000).Select(k => k / 500.0).Array2DOf(rows, cols);

    [Fact]
    public void MatrixProductGradientIsUpstreamTimesTranspose()
    {
        // For L = ⟨W·X, G⟩: ∂L/∂W = G·Xᵀ, ∂L/∂X = Wᵀ·G, for random shapes (the notes' W 5×10, X 10×3 among them).
        var cases = Gen.Choose(1, 10).Three().SelectMany(s => Matrix(s.Item1, s.Item2).SelectMany(w =>
            Matrix(s.Item2, s.Item3).SelectMany(x => Matrix(s.Item1, s.Item3).Select(g => (w, x, g)))));
        Prop.ForAll(cases.ToArbitrary(), t =>
        {
            var (w, x, g) = t;
            var (dW, dX) = Grad.Of((double[,] W, double[,] X) => Dot(MatMul(W, X), g))(w, x);
            AssertClose(Product(g, x, transposeB: true), dW, "dW = dD·Xᵀ");
            AssertClose(Product(w, g, transposeA: true), dX, "dX = Wᵀ·dD");
        }).Check(Checks.Seeded(510, maxTest: 60));
        var (w5, x10) = (new double[5, 10], new double[10, 3]);
        Assert.Equal(5, Grad.Of((double[,] W, double[,] X) => Sum(MatMul(W, X)))(w5, x10).Item1.GetLength(0));
    }

    [Fact]
    public void ThreeLayerNetMatchesTheRunningDFormula()
    {
        // §2 with f = σ and L = ½Σ(ŷ − y)²: d = ŷ − y; dW3 = O2ᵀd; d ← d·W3ᵀ ∘ O2(1−O2); dW2 = O1ᵀd;
        // d ← d·W2ᵀ ∘ O1(1−O1); dW1 = Xᵀd.
        var cases = Gen.Choose(1, 8).SelectMany(n => Matrix(n, 2).SelectMany(x => Matrix(n, 1).SelectMany(y =>
            Matrix(2, 2).SelectMany(w1 => Matrix(2, 2).SelectMany(w2 => Matrix(2, 1).Select(w3 => (x, y, w1, w2, w3)))))));
        Prop.ForAll(cases.ToArbitrary(), t =>
        {
            var (x, y, w1, w2, w3) = t;
            var grad = Grad.Of((double[,] W1, double[,] W2, double[,] W3) =>
                0.5 * SumOfSquares(Subtract(MatMul(Sigmoid(MatMul(Sigmoid(MatMul(x, W1)), W2)), W3), y)));
            var (dW1, dW2, dW3) = grad(w1, w2, w3);

            var o1 = Apply(Product(x, w1), Sig);
            var o2 = Apply(Product(o1, w2), Sig);
            var yHat = Product(o2, w3);
            var d = (double[,])yHat.Clone();
            for (int i = 0; i < d.GetLength(0); i++) d[i, 0] -= y[i, 0];
            AssertClose(Product(o2, d, transposeA: true), dW3, "dW3");
            d = Hadamard(Product(d, w3, transposeB: true), Apply(o2, o => o * (1 - o)));
            AssertClose(Product(o1, d, transposeA: true), dW2, "dW2");
            d = Hadamard(Product(d, w2, transposeB: true), Apply(o1, o => o * (1 - o)));
            AssertClose(Product(x, d, transposeA: true), dW1, "dW1");
        }).Check(Checks.Seeded(2, maxTest: 60));
    }

    [Fact]
    public void TwoSgdStepsFromZeroWeights()
    {
        // §3 by hand. All weights 0 ⇒ O1 = O2 = (½, ½), ŷ = O2·W3 = 0.
        // Step 1, x = (5, 2), y = 0: d = ŷ − y = 0 ⇒ every gradient is 0; the weights stay 0.
        // Step 2, x = (1, 1), y = 1: d = −1 ⇒ dW3 = O2ᵀd = (−½, −½); d·W3ᵀ = 0 ⇒ dW2 = dW1 = 0.
        // So W3 = (½, ½) and W1 = W2 = 0. (The notes swap the two labels and get W3 = (¼, ¼), W2 = −1/32.)
        double[,] input = new double[1, 2], target = new double[1, 1];
        var grad = Grad.Of((double[,] W1, double[,] W2, double[,] W3) =>
            0.5 * SumOfSquares(Subtract(MatMul(Sigmoid(MatMul(Sigmoid(MatMul(input, W1)), W2)), W3), target)));
        double[,] w1 = new double[2, 2], w2 = new double[2, 2], w3 = new double[2, 1];
        foreach (var (x0, x1, y) in new[] { (5.0, 2.0, 0.0), (1.0, 1.0, 1.0) })
        {
            (input[0, 0], input[0, 1], target[0, 0]) = (x0, x1, y);
            var (g1, g2, g3) = grad(w1, w2, w3);
            (w1, w2, w3) = (Subtract(w1, g1), Subtract(w2, g2), Subtract(w3, g3));
            if (y == 0) Assert.All(new[] { w1, w2, w3 }.SelectMany(m => m.Cast<double>()), v => Assert.Equal(0.0, v));
        }
        Assert.Equal(new double[2, 2], w1);
        Assert.Equal(new double[2, 2], w2);
        Assert.Equal(new[,] { { 0.5 }, { 0.5 } }, w3);
    }

    [Fact]
    public void ConstantInitialisationKeepsTheNeuronsOfALayerIdentical()
    {
        double[,] input = new double[1, 2], target = new double[1, 1];
        var grad = Grad.Of((double[,] W1, double[,] W2, double[,] W3) =>
            0.5 * SumOfSquares(Subtract(MatMul(Sigmoid(MatMul(Sigmoid(MatMul(input, W1)), W2)), W3), target)));
        double[,] w1 = { { 0.3, 0.3 }, { 0.3, 0.3 } }, w2 = { { 0.3, 0.3 }, { 0.3, 0.3 } }, w3 = { { 0.3 }, { 0.3 } };
        for (int epoch = 0; epoch < 50; epoch++)
            foreach (var (x0, x1, y) in new[] { (5.0, 2.0, 0.0), (1.0, 1.0, 1.0) })
            {
                (input[0, 0], input[0, 1], target[0, 0]) = (x0, x1, y);
                var (g1, g2, g3) = grad(w1, w2, w3);
                (w1, w2, w3) = (Subtract(w1, g1), Subtract(w2, g2), Subtract(w3, g3));
            }
        Assert.NotEqual(0.3, w1[0, 0]);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(w1[i, 0], w1[i, 1]);
            Assert.Equal(w2[i, 0], w2[i, 1]);
        }
        Assert.Equal(w3[0, 0], w3[1, 0]);
    }
}
