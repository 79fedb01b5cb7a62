using static ExprGrad.Ops;

namespace ExprGrad.Tests.MachineLearning;

/// <summary>StopGradient: the value passes, the gradient stops, in reverse mode, forward mode and at second
/// order (derived by hand: the stopped value is a constant c equal to its argument).</summary>
public class StopGradientTests
{
    [Fact]
    public void ScalarValuePassesGradientStops()
    {
        // f(x) = x·c with c = x = 3: f = 9, f' = c = 3 (not 2x = 6).
        var (value, gradient) = Grad.ValueAndGradient((double x) => x * StopGradient(x))(3);
        Assert.Equal((9.0, 3.0), (value, gradient));
    }

    [Fact]
    public void StraightThroughEstimator()
    {
        // x + c with c = floor(x) − x: the value is floor(2.7) = 2, the derivative that of x, 1.
        var (value, gradient) = Grad.ValueAndGradient((double x) => x + StopGradient(Math.Floor(x) - x))(2.7);
        Assert.Equal(2, value, 15);
        Assert.Equal(1, gradient);
    }

    [Fact]
    public void ArraysValuePassesGradientStops()
    {
        // ⟨w, c⟩ with c = w: the gradient is c = w; ⟨M, C⟩ likewise.
        Assert.Equal([1.0, 2], Grad.Of((double[] w) => Dot(w, StopGradient(w)))([1, 2]));
        Assert.Equal(new double[,] { { 1, -2 } }, Grad.Of((double[,] m) => Dot(StopGradient(m), m))(new double[,] { { 1, -2 } }));
        Assert.Equal([0.0, 0], Grad.Of((double[] w) => Sum(StopGradient(Exp(w))))([1, 2]));
    }

    [Fact]
    public void ForwardModeTangentIsZero()
    {
        // d/dy y·c at y = 3 is c = 3; the JVP of (w₀·c) along 1 is c = 3.
        Assert.Equal(3, Derivative(y => y * StopGradient(y), 3));
        Assert.Equal([3.0], Grad.JacobianVectorProduct((double[] w) => new[] { w[0] * StopGradient(w[0]) })([3], [1]));
    }

    [Fact]
    public void SecondOrderTreatsTheStoppedValueAsAConstant()
    {
        // f(w) = w²·c: f'' = 2c = 4 at w = c = 2 (not 6w = 12 for w³); ⟨w, c⟩ has Hessian 0.
        Assert.Equal(new double[,] { { 4 } }, Grad.Hessian((double[] w) => w[0] * w[0] * StopGradient(w[0]))([2]));
        Assert.Equal(new double[2, 2], Grad.Hessian((double[] w) => Dot(w, StopGradient(w)))([1, 2]));
    }

    [Fact]
    public void ReturnsItsArgument()
    {
        double[] v = [1, 2];
        var m = new double[,] { { 1 } };
        Assert.Same(v, StopGradient(v));
        Assert.Same(m, StopGradient(m));
        Assert.Throws<ArgumentNullException>(() => StopGradient((double[])null!));
    }
}
