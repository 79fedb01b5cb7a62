using FsCheck.Xunit;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.MachineLearning;

/// <summary>
/// CrossEntropy and BinaryCrossEntropyWithLogits: values and gradients derived by hand, stability at logits of
/// ±1000, labels checked (the message names the row), and each loss against its textbook definition.
/// </summary>
public class LossTests
{
    [Fact]
    public void CrossEntropyIsTheMeanNegativeLogLikelihood()
    {
        // Row 0: logits (0, log 3), label 1: log(1 + 3) − log 3 = log(4/3); softmax (¼, ¾), gradient (¼, −¼)/2.
        // Row 1: logits (2, 2), label 0: log 2; softmax (½, ½), gradient (−½, ½)/2. Mean over the two rows.
        var logits = new double[,] { { 0, Math.Log(3) }, { 2, 2 } };
        int[] labels = [1, 0];
        var (value, gradient) = Grad.ValueAndGradient((double[,] z) => CrossEntropy(z, labels))(logits);
        Assert.Equal((Math.Log(4.0 / 3) + Math.Log(2)) / 2, value, 15);
        var expected = new double[] { 0.125, -0.125, -0.25, 0.25 };
        SoftmaxTests.AssertClose(expected, [.. gradient.Cast<double>()]);
    }

    [Fact]
    public void CrossEntropyIsStableAtLargeLogits()
    {
        // Label 0 with logits (1000, −1000): log(1 + e^−2000) = 0, gradient (1 − 1, 0 − 0) = 0; label 1: the loss is
        // 1000 − (−1000) = 2000 and the gradient softmax − onehot = (1, −1). The mean halves both.
        var logits = new double[,] { { 1000, -1000 }, { 1000, -1000 } };
        var (value, gradient) = Grad.ValueAndGradient((double[,] z) => CrossEntropy(z, new[] { 0, 1 }))(logits);
        Assert.Equal(1000, value);
        Assert.Equal(new double[,] { { 0, 0 }, { 0.5, -0.5 } }, gradient);
        Assert.Equal(new double[,] { { 0, 0 }, { 0, 0 } }, Grad.Of((double[,] z) => CrossEntropy(z, new[] { 0, 0 }))(logits));
    }

    [Fact]
    public void LabelsOutsideTheClassesNameTheRow()
    {
        var logits = new double[2, 3];
        var e = Assert.Throws<ArgumentException>(() => CrossEntropy(logits, [0, 3]));
        Assert.Equal("labels", e.ParamName);
        Assert.Contains("row 1", e.Message);
        Assert.Contains("row 0", Assert.Throws<ArgumentException>(() => CrossEntropy(logits, [-1, 0])).Message);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => CrossEntropy(logits, [0])).ParamName);
        Assert.Throws<ArgumentNullException>(() => CrossEntropy(logits, null!));
        // Inside a gradient the labels are checked at every call (they are read from the closure then).
        int[] labels = [0, 1];
        var grad = Grad.Of((double[,] z) => CrossEntropy(z, labels));
        grad(logits);
        labels[1] = 7;
        Assert.Contains("row 1", Assert.Throws<ArgumentException>(() => grad(logits)).Message);
        Assert.Throws<ArgumentException>(() => Grad.Of((double[,] z) => Let(CrossEntropy(z, new[] { 9, 9 }), unused => Sum(z)))(logits));
    }

    [Fact]
    public void CrossEntropySecondOrder()
    {
        // One row, logits (0, 0), label 0: the Hessian of log Σ exp − z₀ is diag(s) − ssᵀ with s = (½, ½).
        Assert.Equal(new double[,] { { 0.25, -0.25 }, { -0.25, 0.25 } },
            Grad.Hessian((double[,] z) => CrossEntropy(z, new[] { 0 }))(new double[,] { { 0, 0 } }));
    }

    [Property(Replay = "(271828,161803)", MaxTest = 100)]
    public void CrossEntropyIsMinusTheMeanLogSoftmaxOfTheLabels(byte seed)
    {
        var random = new Random(seed);
        int rows = 1 + seed % 4, classes = 1 + seed / 4 % 5;
        var z = new double[rows, classes];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < classes; j++) z[i, j] = 8 * random.NextDouble() - 4;
        int[] labels = [.. Enumerable.Range(0, rows).Select(_ => random.Next(classes))];
        var (value, gradient) = Grad.ValueAndGradient((double[,] x) => CrossEntropy(x, labels))(z);
        var (expected, expectedGradient) = Grad.ValueAndGradient((double[,] x) =>
            -Ops.Sum(x.GetLength(0), i => LogSoftmax(x)[i, labels[i]]) / x.GetLength(0))(z);
        Assert.Equal(expected, value, 1e-13);
        SoftmaxTests.AssertClose([.. expectedGradient.Cast<double>()], [.. gradient.Cast<double>()], 1e-15);
    }

    [Fact]
    public void BinaryCrossEntropyAtZeroAndAtLargeLogits()
    {
        // x = 0, t = 1: log 2, gradient σ(0) − 1 = −½ to x and −x = 0 to t.
        var (value, (dx, dt)) = Grad.ValueAndGradient((double[] x, double[] t) => BinaryCrossEntropyWithLogits(x, t))([0], [1]);
        Assert.Equal(Math.Log(2), value);
        Assert.Equal([-0.5], dx);
        Assert.Equal([0.0], dt);
        // Right at ±1000: each term is 0 (log(1 + e^−1000) = 0), gradient (σ − t)/2 = 0. Wrong at ±1000: 1000 each,
        // gradient (1 − 0) and (0 − 1); the targets' gradient is −x/n.
        Assert.Equal(0, BinaryCrossEntropyWithLogits([1000, -1000], [1, 0]));
        Assert.Equal([0.0, 0], Grad.Of((double[] x) => BinaryCrossEntropyWithLogits(x, new double[] { 1, 0 }))([1000, -1000]));
        (value, (dx, dt)) = Grad.ValueAndGradient((double[] x, double[] t) => BinaryCrossEntropyWithLogits(x, t))([1000, -1000], [0, 1]);
        Assert.Equal(1000, value);
        Assert.Equal([0.5, -0.5], dx);
        Assert.Equal([-500.0, 500], dt);
    }

    [Fact]
    public void BinaryCrossEntropyChecksLengthsAndHasSecondOrder()
    {
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => BinaryCrossEntropyWithLogits([1, 2], [1])).ParamName);
        Assert.True(double.IsNaN(BinaryCrossEntropyWithLogits([], [])));
        // d²/dx² at x = 0 of the one-element loss is σ'(0) = ¼; x and t interact through −x·t: ∂²/∂x∂t = −1.
        Assert.Equal(new double[,] { { 0.25, -1 }, { -1, 0 } },
            Grad.Hessian((double[] x, double[] t) => BinaryCrossEntropyWithLogits(x, t))([0], [0.3]));
    }

    [Property(Replay = "(314159,271829)", MaxTest = 100)]
    public void BinaryCrossEntropyIsTheTextbookFormWhereThatIsFinite(byte seed)
    {
        var random = new Random(seed);
        double[] x = [.. Enumerable.Range(0, 1 + seed % 5).Select(_ => 10 * random.NextDouble() - 5)];
        double[] t = [.. x.Select(_ => random.NextDouble())];
        var (value, (dx, dt)) = Grad.ValueAndGradient((double[] l, double[] y) => BinaryCrossEntropyWithLogits(l, y))(x, t);
        var (expected, (ex, et)) = Grad.ValueAndGradient((double[] l, double[] y) => Ops.Sum(l.Length, i =>
            -y[i] * Math.Log(Sigmoid(l[i])) - (1 - y[i]) * Math.Log(1 - Sigmoid(l[i]))) / l.Length)(x, t);
        Assert.Equal(expected, value, 1e-12);
        SoftmaxTests.AssertClose(ex, dx, 1e-12);
        SoftmaxTests.AssertClose(et, dt, 1e-12);
    }
}
