using FsCheck.Xunit;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.MachineLearning;

/// <summary>
/// Softmax, LogSoftmax and LogSumExp: values and gradients derived by hand, stability at ±1000, the special
/// values, and shift invariance. Random shapes, forward mode and second order are covered by the registry's
/// generated tests.
/// </summary>
public class SoftmaxTests
{
    [Fact]
    public void SoftmaxOfLogsIsTheNormalizedValues()
    {
        // exp(log k) = k: softmax(0, log 2, log 3) = (1, 2, 3)/6; each row of a matrix separately.
        AssertClose([1.0 / 6, 2.0 / 6, 3.0 / 6], Softmax([0, Math.Log(2), Math.Log(3)]));
        var rows = Softmax(new double[,] { { 0, 0 }, { Math.Log(3), 0 } });
        AssertClose([0.5, 0.5, 0.75, 0.25], [.. rows.Cast<double>()]);
    }

    [Fact]
    public void LargeLogitsDoNotOverflow()
    {
        // e^1000 overflows; with the maximum subtracted: softmax(1000, 1000) = (½, ½), log Σ = 1000 + log 2;
        // softmax(−1000, 0) = (e^−1000, 1) = (0, 1); log-softmax(1000, 0) = (0, −1000), where log(softmax) is −∞.
        Assert.Equal([0.5, 0.5], Softmax([1000, 1000]));
        Assert.Equal(1000 + Math.Log(2), LogSumExp([1000, 1000]));
        Assert.Equal(-1000 + Math.Log(2), LogSumExp([-1000, -1000]));
        Assert.Equal([0.0, 1], Softmax([-1000, 0]));
        Assert.Equal([0.0, -1000], LogSoftmax([1000, 0]));
        Assert.Equal([1000 + Math.Log(2), 0], LogSumExp(new double[,] { { 1000, 1000 }, { 0, double.NegativeInfinity } }));
    }

    [Fact]
    public void SpecialValues()
    {
        // log Σ over nothing is log 0 = −∞; so is a row of −∞; a +∞ element gives +∞; NaN stays NaN.
        Assert.Equal(double.NegativeInfinity, LogSumExp(Array.Empty<double>()));
        Assert.Equal(double.NegativeInfinity, LogSumExp([double.NegativeInfinity, double.NegativeInfinity]));
        Assert.Equal(double.PositiveInfinity, LogSumExp([1, double.PositiveInfinity]));
        Assert.True(double.IsNaN(LogSumExp([double.NaN, 1])));
        Assert.All(Softmax([double.NaN, 1]), v => Assert.True(double.IsNaN(v)));
        Assert.Empty(Softmax(Array.Empty<double>()));
        Assert.Equal([double.NegativeInfinity], LogSumExp(new double[1, 0]));
    }

    [Fact]
    public void GradientsAtLargeLogits()
    {
        // ∇ log Σ exp = softmax: (½, ½) at (1000, 1000). ∂ log-softmax(x)₁ / ∂x = e₁ − softmax(x) = (−1, 1) at (1000, 0).
        Assert.Equal([0.5, 0.5], Grad.Of((double[] x) => LogSumExp(x))([1000, 1000]));
        Assert.Equal([-1.0, 1], Grad.Of((double[] x) => Dot(LogSoftmax(x), new double[] { 0, 1 }))([1000, 0]));
        // ⟨softmax(x), w⟩ has gradient s∘(w − ⟨w, s⟩): at x = 0, s = (½, ½), w = (1, 3): (½(1 − 2), ½(3 − 2)) = (−½, ½).
        Assert.Equal([-0.5, 0.5], Grad.Of((double[] x) => Dot(Softmax(x), new double[] { 1, 3 }))([0, 0]));
        // Per row: the row i of ∇⟨LogSumExp(m), w⟩ is wᵢ·softmax(row i).
        Assert.Equal(new double[,] { { 5, 5 }, { 0, 0 } },
            Grad.Of((double[,] m) => Dot(LogSumExp(m), new double[] { 10, 0 }))(new double[,] { { 1000, 1000 }, { 1, 2 } }));
    }

    [Fact]
    public void SecondOrder()
    {
        // The Hessian of log Σ exp is diag(s) − ssᵀ: at 0 with two elements, s = (½, ½): [[¼, −¼], [−¼, ¼]].
        var expected = new double[,] { { 0.25, -0.25 }, { -0.25, 0.25 } };
        Assert.Equal(expected, Grad.Hessian((double[] x) => LogSumExp(x))([0, 0]));
        Assert.Equal(expected, Grad.Hessian((double[,] m) => Sum(LogSumExp(m)))(new double[,] { { 0, 0 } }));
        // Σ log-softmax(x) = Σx − n·LSE(x): the same Hessian times −n = −2.
        Assert.Equal(new double[,] { { -0.5, 0.5 }, { 0.5, -0.5 } }, Grad.Hessian((double[] x) => Sum(LogSoftmax(x)))([0, 0]));
    }

    [Property(Replay = "(314159,271829)", MaxTest = 100)]
    public void ShiftingARowChangesNothingButLogSumExp(byte seed)
    {
        var random = new Random(seed);
        double[] x = [.. Enumerable.Range(0, 1 + seed % 6).Select(_ => 6 * random.NextDouble() - 3)];
        double c = 20 * random.NextDouble() - 10;
        var shifted = Add(x, c);
        AssertClose(Softmax(x), Softmax(shifted));
        AssertClose(LogSoftmax(x), LogSoftmax(shifted), absolute: 1e-13);
        Assert.Equal(LogSumExp(x) + c, LogSumExp(shifted), 1e-13);
        // exp(log-softmax) = softmax, and log-softmax = x − LogSumExp, in value and gradient.
        AssertClose(Softmax(x), Exp(LogSoftmax(x)));
        double[] w = [.. x.Select(_ => random.NextDouble())];
        AssertClose(Grad.Of((double[] v) => Dot(Add(v, -LogSumExp(v)), w))(x), Grad.Of((double[] v) => Dot(LogSoftmax(v), w))(x));
    }

    internal static void AssertClose(double[] expected, double[] actual, double absolute = 1e-15)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], absolute);
    }
}
