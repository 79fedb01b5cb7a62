using ExprGrad.Tests.Support;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Core;

/// <summary>Index loops, bindings and recurrences against central differences.</summary>
public class LoopTests
{
    [Fact]
    public void RangeSumAndOpsSumAgree()
    {
        var viaRange = Grad.Of((double[] x) => Enumerable.Range(1, x.Length - 1).Sum(i => x[i] * x[i - 1]));
        var viaOps = Grad.Of((double[] x) => Sum(x.Length - 1, i => x[i + 1] * x[i]));
        double[] point = [0.5, -1, 2, 3];
        Assert.Equal(viaRange(point), viaOps(point));
        Assert.Equal(new[] { -1.0, 2.5, 2.0, 2.0 }, viaOps(point));
    }

    [Fact]
    public void SelectSumIsAnIndexLoop()
    {
        var grad = Grad.Of((double[] x) => Enumerable.Range(0, x.Length).Select(i => x[i] * x[i]).Sum());
        Assert.Equal(new[] { 2.0, -4.0 }, grad([1, -2]));
    }

    [Fact]
    public void NestedSumsWithOuterParametersAndClosures()
    {
        double[] data = [0.5, 1.5, -2];
        var f = (System.Linq.Expressions.Expression<Func<double[], double>>)(w =>
            Sum(data.Length, i => Sum(w.Length, j => Math.Tanh(w[j] * data[i] + j)) * w[0]));
        var grad = Grad.Of(f);
        var plain = f.Compile();
        double[] point = [0.3, -0.7, 1.1];
        CentralDifferences.AssertClose(CentralDifferences.Gradient(plain, point), grad(point), "nested sums");
    }

    [Fact]
    public void BranchesInsideALoopBodyAreReplayedPerIndex()
    {
        // The term's value is not needed backwards (the sum is linear in it), but the branch's inner
        // exp(x_i) is: the backward loop must recompute the branch for every i, not reuse the last one.
        var f = (System.Linq.Expressions.Expression<Func<double[], double>>)(x =>
            x[0] * Sum(x.Length, i => x[i] > 0 ? Math.Exp(x[i]) * 2 : x[i] * x[i]));
        var plain = f.Compile();
        double[] point = [0.3, -0.8, 1.1, 0.5];
        CentralDifferences.AssertClose(CentralDifferences.Gradient(plain, point), Grad.Of(f)(point), "branch in loop");
    }

    [Fact]
    public void LinqSumsOverArraysAreIndexLoops()
    {
        double w = 3;
        var (dx, dw) = Grad.Of((double[] x, double s) => x.Sum(v => v * v * s) + x.Select(v => Math.Sin(v)).Sum() + x.Sum() * w)([1, -2], 0.5);
        // ∂/∂x_k = 2 s x_k + cos x_k + w; ∂/∂s = Σ x_k².
        Assert.Equal(new[] { 2 * 0.5 * 1 + Math.Cos(1) + 3, 2 * 0.5 * -2 + Math.Cos(-2) + 3 }, dx);
        Assert.Equal(5.0, dw);
    }

    [Fact]
    public void SumOverEmptyRangeIsZero()
    {
        var vg = Grad.ValueAndGradient((double[] x) => Sum(x.Length - 5, i => x[i]));
        var (value, gradient) = vg([1, 2]);
        Assert.Equal(0.0, value);
        Assert.Equal(new double[2], gradient);
    }

    [Fact]
    public void LetNamesAnIntermediateOnce()
    {
        var grad = Grad.Of((double x, double y) => Let(x * y, p => Let(Math.Exp(p), e => e * e + p)));
        // f = e^{2xy} + xy: ∂f/∂x = 2y e^{2xy} + y.
        var (dx, dy) = grad(0.5, 0.4);
        Assert.Equal(2 * 0.4 * Math.Exp(0.4) + 0.4, dx, 14);
        Assert.Equal(2 * 0.5 * Math.Exp(0.4) + 0.5, dy, 14);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(100)]
    public void ScanBackpropagatesThroughTime(int steps)
    {
        var f = (System.Linq.Expressions.Expression<Func<double[], double>>)(p =>
            Let(Scan(steps, p[3], (h, t) => Math.Tanh(p[0] * h + p[1] * Math.Sin(t))), hs =>
                Sum(steps, t => (hs[t + 1] - 0.1 * t) * (hs[t + 1] - 0.1 * t) * p[2])));
        var grad = Grad.Of(f);
        var plain = f.Compile();
        double[] point = [0.9, 0.6, 0.5, 0.2];
        CentralDifferences.AssertClose(CentralDifferences.Gradient(plain, point), grad(point), $"scan T={steps}");
    }

    [Fact]
    public void ScanWithNegativeStepsThrows()
    {
        var grad = Grad.Of((double x) => Scan(-1, x, (s, t) => s)[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => grad(1));
    }

    [Fact]
    public void ScanWhoseStepIgnoresTheStateStillReachesOuterParameters()
    {
        var grad = Grad.Of((double x, double y) => Scan(3, y, (s, t) => x * t)[3] + Scan(2, y, (s, t) => s)[2]);
        Assert.Equal((2.0, 1.0), grad(5, 7));
    }
}
