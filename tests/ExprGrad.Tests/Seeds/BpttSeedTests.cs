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
}
