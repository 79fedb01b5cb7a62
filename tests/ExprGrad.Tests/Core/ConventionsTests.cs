using FsCheck;
using FsCheck.Xunit;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Core;

/// <summary>The documented conventions at non-differentiable points, and IEEE special values.</summary>
public class ConventionsTests
{
    // A tie splits the gradient evenly, whatever the tied value: each side gets ½, and max(x, x) = x gets 1.
    [Property(Replay = "20261001,1", MaxTest = 100)]
    public void MaxAndMinSplitTheGradientEvenlyOnATie(NormalFloat t)
    {
        double v = t.Get;
        Assert.Equal((0.5, 0.5), MaxGrad(v, v));
        Assert.Equal((0.5, 0.5), MinGrad(v, v));
        Assert.Equal(1.0, MaxSelfGrad(v));
        Assert.Equal(1.0, MinSelfGrad(v));
    }

    private static readonly Func<double, double, (double, double)> MaxGrad = Grad.Of((double a, double b) => Math.Max(a, b));
    private static readonly Func<double, double, (double, double)> MinGrad = Grad.Of((double a, double b) => Math.Min(a, b));
    private static readonly Func<double, double> MaxSelfGrad = Grad.Of((double x) => Math.Max(x, x));
    private static readonly Func<double, double> MinSelfGrad = Grad.Of((double x) => Math.Min(x, x));

    [Fact]
    public void KinksHaveZeroDerivative()
    {
        Assert.Equal(0.0, Grad.Of((double x) => Relu(x))(0));
        Assert.Equal(0.0, Grad.Of((double x) => Math.Abs(x))(0));
        Assert.Equal(-1.0, Grad.Of((double x) => Math.Abs(x))(-2));
        Assert.Equal(0.0, Grad.Of((double x) => Math.Floor(x) + Math.Round(x, 2) + Math.Sign(x))(1.234));
    }

    [Fact]
    public void OnlyTheTakenBranchContributes()
    {
        var grad = Grad.Of((double x) => x > 0 ? Math.Sqrt(x) : 0);
        Assert.Equal(0.0, grad(-1));
        Assert.Equal(0.25, grad(4));
        var log = Grad.Of((double x) => x > 0 && Math.Log(x) > 1 ? Math.Log(x) : -x);
        Assert.Equal(-1.0, log(-3));
        Assert.Equal(1.0 / 5, log(5));
        Assert.Equal(-1.0, log(2));
    }

    [Fact]
    public void LogicalOperatorsAndNegationSelectBranches()
    {
        var grad = Grad.Of((double x, double y) => !(x > 0 || y > 0) ? x * y : (x > 1 && y > 1 ? x * x : y * y));
        Assert.Equal((-2.0, -1.0), grad(-1, -2));
        Assert.Equal((4.0, 0.0), grad(2, 3));
        Assert.Equal((0.0, 1.0), grad(0.5, 0.5));
    }

    [Fact]
    public void NaNAndInfinityPropagateWithoutThrowing()
    {
        var vg = Grad.ValueAndGradient((double x) => Math.Log(x) * x);
        var (value, gradient) = vg(-1);
        Assert.True(double.IsNaN(value));
        Assert.True(double.IsNaN(gradient));
        var inf = Grad.ValueAndGradient((double x) => Math.Exp(x));
        Assert.Equal((double.PositiveInfinity, double.PositiveInfinity), inf(1000));
        Assert.True(double.IsNaN(Grad.Of((double x) => Math.Sqrt(x))(double.NaN)));
        Assert.True(double.IsNaN(Grad.Of((double x) => Math.Abs(x))(double.NaN)));
    }
}
