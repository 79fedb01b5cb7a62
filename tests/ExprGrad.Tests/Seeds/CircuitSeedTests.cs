using static ExprGrad.Ops;

namespace ExprGrad.Tests.Seeds;

/// <summary>SEEDS.md §1. Every expected value is derived here by hand from the formulas (chain rule written
/// out), never copied from the notes' tables.</summary>
public class CircuitSeedTests
{
    private static double Sig(double z) => 1 / (1 + Math.Exp(-z));

    [Fact]
    public void AddMultiplyCircuit()
    {
        // q = x + y = 3, f = q z = -12; ∂f/∂x = ∂f/∂y = z = -4, ∂f/∂z = q = 3.
        var (value, gradient) = Grad.ValueAndGradient((double x, double y, double z) => (x + y) * z)(-2, 5, -4);
        Assert.Equal(-12.0, value);
        Assert.Equal((-4.0, -4.0, 3.0), gradient);
    }

    [Fact]
    public void SigmoidNeuron()
    {
        // z = w0 x0 + w1 x1 + w2 = -2 + 6 - 3 = 1; f = σ(1); ∂f/∂z = σ(1)(1 − σ(1)).
        double s = Sig(1), local = s * (1 - s);
        var (value, (dw, dx)) = Grad.ValueAndGradient((double[] w, double[] x) =>
            1 / (1 + Math.Exp(-(w[0] * x[0] + w[1] * x[1] + w[2]))))([2, -3, -3], [-1, -2]);
        Assert.Equal(s, value, 15);
        Support.CentralDifferences.AssertClose([-1 * local, -2 * local, local], dw, "dw", 1e-14, 1e-15);
        Support.CentralDifferences.AssertClose([2 * local, -3 * local], dx, "dx", 1e-14, 1e-15);
        // The notes round these to (-0.20, -0.39, 0.20) and (0.39, -0.59).
        Assert.Equal(-0.20, dw[0], 2);
        Assert.Equal(-0.59, dx[1], 2);
    }

    [Fact]
    public void StagedFunctionOfTheNotes()
    {
        // f = num / den, num = x + σ(y), den = σ(x) + (x + y)²:
        // ∂f/∂x = (den − num (σx(1−σx) + 2(x+y))) / den², ∂f/∂y = (σy(1−σy) den − num · 2(x+y)) / den².
        double x = 3, y = -4, sx = Sig(x), sy = Sig(y);
        double num = x + sy, den = sx + (x + y) * (x + y);
        double dfdx = (den - num * (sx * (1 - sx) + 2 * (x + y))) / (den * den);
        double dfdy = (sy * (1 - sy) * den - num * 2 * (x + y)) / (den * den);
        var (value, (gx, gy)) = Grad.ValueAndGradient((double a, double b) => (a + Sigmoid(b)) / (Sigmoid(a) + (a + b) * (a + b)))(x, y);
        Assert.Equal(num / den, value, 14);
        Assert.Equal(dfdx, gx, 13);
        Assert.Equal(dfdy, gy, 13);
    }

    [Fact]
    public void GatePatterns()
    {
        // f = 2 (x y + max(z, w)) = 2(−12 + 2) = −20. Multiply swaps: ∂/∂x = 2y = −8, ∂/∂y = 2x = 6;
        // max routes to the larger input: ∂/∂z = 2, ∂/∂w = 0.
        var (value, gradient) = Grad.ValueAndGradient((double x, double y, double z, double w) => 2 * (x * y + Math.Max(z, w)))(3, -4, 2, -1);
        Assert.Equal(-20.0, value);
        Assert.Equal((-8.0, 6.0, 2.0, 0.0), gradient);
    }
}
