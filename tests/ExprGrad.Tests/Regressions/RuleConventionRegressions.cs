using static ExprGrad.Ops;

namespace ExprGrad.Tests.Regressions;

/// <summary>Issue 10, observations 4, 5, 6 and 10: rule-level wrong numbers, each named after its bug.
/// Expected values are derived by hand in the comments.</summary>
public class RuleConventionRegressions
{
    // Obs 4. d/dx x⁰ = 0 everywhere (x⁰ ≡ 1, also at 0 in IEEE); the rule's b·a^(b−1) was 0·∞ = NaN at 0.
    [Fact]
    public void PowWithZeroExponentHasZeroGradientAtZero()
    {
        Assert.Equal(0.0, Grad.Of((double x) => Math.Pow(x, 0.0))(0));
        Assert.Equal(0.0, Ops.Derivative(y => Math.Pow(y, 0.0), 0.0));
    }

    // Obs 4, through a closure read at call time: p = 0 gives 0 at x = 0; then p = 2 gives 2·3 = 6 at x = 3.
    [Fact]
    public void PowWithClosureZeroExponentHasZeroGradientAtZero()
    {
        double p = 0;
        var grad = Grad.Of((double x) => Math.Pow(x, p));
        Assert.Equal(0.0, grad(0));
        p = 2;
        Assert.Equal(6.0, grad(3));
    }

    // Obs 4. x¹ = x: second derivative 0; the first derivative 1·x⁰ differentiated again gave 0·0⁻¹ = NaN.
    [Fact]
    public void PowWithUnitExponentHasZeroSecondDerivativeAtZero()
    {
        Assert.Equal(0.0, Grad.Hessian((double[] v) => Math.Pow(v[0], 1.0))([0.0])[0, 0]);
        Assert.Equal(0.0, Grad.Of((double x) => Ops.Derivative(y => Math.Pow(y, 1.0), x))(0));
        // (x²)'' = 2 at 0 through the same rule, so the fix does not zero a real second derivative.
        Assert.Equal(2.0, Grad.Hessian((double[] v) => Math.Pow(v[0], 2.0))([0.0])[0, 0]);
    }

    // ∂²aᵇ/∂a∂b = a^(b−1)(1 + b·ln a), so at (a, b) = (2, 0) the mixed partial is ½ (and ∂²/∂b² = aᵇ ln²a = ln²2,
    // ∂²/∂a² = b(b−1)a^(b−2) = 0). The zero-exponent guard on ∂/∂a used to fire for every a at b = 0, so the
    // branch taken was the constant 0 and the mixed partial came out 0; the guard is needed only at a = 0.
    [Fact]
    public void PowMixedSecondDerivativeAtZeroExponentIsNotZero()
    {
        var hessian = Grad.Hessian((double a, double b) => Math.Pow(a, b))(2, 0);
        Assert.Equal(0.0, hessian[0, 0]);
        Assert.Equal(0.5, hessian[0, 1], 15);
        Assert.Equal(0.5, hessian[1, 0], 15);
        Assert.Equal(Math.Log(2) * Math.Log(2), hessian[1, 1], 15);
        Assert.Equal(0.5, Grad.Of((double b) => Ops.Derivative(a => Math.Pow(a, b), 2.0))(0), 15);
    }

    // Obs 10. On a tie each argument gets half: max(a, b) at a = b = 2 → (½, ½); max(x, x) = x → ½ + ½ = 1.
    [Fact]
    public void MaxAndMinSplitATieEvenly()
    {
        Assert.Equal((0.5, 0.5), Grad.Of((double a, double b) => Math.Max(a, b))(2, 2));
        Assert.Equal((0.5, 0.5), Grad.Of((double a, double b) => Math.Min(a, b))(2, 2));
        Assert.Equal(1.0, Grad.Of((double x) => Math.Max(x, x))(3));
        Assert.Equal(1.0, Grad.Of((double x) => Math.Min(x, x))(3));
        Assert.Equal((0.0, 1.0), Grad.Of((double a, double b) => Math.Max(a, b))(1, 2));
    }

    // Obs 10. softplus'(0) = σ(0) = ½; the stable form max(x,0) + log(1 + e^{−|x|}) gets ½ from Max's tie
    // and 0 from the log term (Abs'(0) = 0).
    [Fact]
    public void StableSoftplusHasDerivativeOneHalfAtZero()
    {
        Assert.Equal(0.5, Grad.Of((double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x))))(0));
    }

    // Obs 10. Logistic loss Σᵢ softplus(θxᵢ) − yᵢθxᵢ, so dL/dθ = Σᵢ (σ(θxᵢ) − yᵢ)xᵢ; at θ = 0, σ = ½:
    // (½ − 1)·1 + (½ − 0)·2 + (½ − 1)·(−1) = −½ + 1 + ½ = 1. The old tie rule gave Σ (1 − yᵢ)xᵢ = 2.
    [Fact]
    public void LogisticRegressionGradientAtZeroIsExact()
    {
        double[] xs = [1, 2, -1], ys = [1, 0, 1];
        var grad = Grad.Of((double theta) => Ops.Sum(xs.Length, i =>
            Math.Max(theta * xs[i], 0) + Math.Log(1 + Math.Exp(-Math.Abs(theta * xs[i]))) - ys[i] * theta * xs[i]));
        Assert.Equal(1.0, grad(0), 15);
    }

    // Obs 6. max(NaN, 0) is NaN: its gradient must not pretend the NaN side was untaken.
    [Fact]
    public void MaxMinAndClampPropagateNaNInputs()
    {
        Assert.True(double.IsNaN(Grad.Of((double x) => Math.Max(x, 0))(double.NaN)));
        Assert.True(double.IsNaN(Grad.Of((double x) => Math.Max(0, x))(double.NaN)));
        Assert.True(double.IsNaN(Grad.Of((double x) => Math.Min(x, 0))(double.NaN)));
        Assert.True(double.IsNaN(Grad.Of((double x) => Math.Min(0, x))(double.NaN)));
        var (a, b) = Grad.Of((double a, double b) => Math.Max(a, b))(1, double.NaN);
        Assert.True(double.IsNaN(a) && double.IsNaN(b));
        var clamp = Grad.Of((double v, double lo, double hi) => Math.Clamp(v, lo, hi));
        foreach (var (v, lo, hi) in new[] { (double.NaN, 0.0, 1.0), (0.5, double.NaN, 1.0), (0.5, 0.0, double.NaN) })
        {
            var (dv, dlo, dhi) = clamp(v, lo, hi);
            Assert.True(double.IsNaN(dv) && double.IsNaN(dlo) && double.IsNaN(dhi), $"Clamp({v}, {lo}, {hi})");
        }
    }

    // Obs 5. min(max(a, b) − log(x − x), c) = min(+∞, c) = c for every a, b, x: gradient (0, 0, 0, 1).
    // The untaken side of Min sent 0 to log, whose partial 1/0 = ∞ made 0·∞ = NaN.
    [Fact]
    public void ZeroAdjointTimesInfinitePartialIsZero()
    {
        var grad = Grad.Of((double a, double b, double x, double c) => Math.Min(Math.Max(a, b) - Math.Log(x - x), c));
        Assert.Equal((0.0, 0.0, 0.0, 1.0), grad(1, 2, 3, 4));
    }

    // Obs 5, each selector and each singular partial: the function equals x (or x + const) near the point,
    // so the gradient is exactly (1, 0).
    [Fact]
    public void UntakenSelectorSidesReachingSingularPartialsGiveZero()
    {
        Assert.Equal((1.0, 0.0), Grad.Of((double x, double y) => x + Math.Max(1, Math.Sqrt(y)))(2, 0));        // √ at 0
        Assert.Equal((1.0, 0.0), Grad.Of((double x, double y) => x + Math.Min(1, 1 / y))(2, 0));               // 1/y at 0
        Assert.Equal((1.0, 0.0), Grad.Of((double x, double y) => x + Math.Max(1, Math.Pow(y, 0.5)))(2, 0));   // y^½ at 0
        Assert.Equal((1.0, 0.0), Grad.Of((double x, double y) => x + Math.Clamp(Math.Log(y), -1, 1))(2, 0));  // log at 0
        Assert.Equal((1.0, 0.0), Grad.Of((double x, double y) => x + Relu(-1 - Math.Sqrt(y)))(2, 0));         // Relu off
        Assert.Equal((1.0, 0.0), Grad.Of((double x, double y) => x + Math.Abs(Math.Cbrt(y) - Math.Cbrt(y)))(2, 0)); // Abs'(0) = 0
        Assert.Equal((1.0, 0.0), Grad.Of((double x, double y) => x + Math.Clamp(Math.Exp(y), 0, 1))(2, 1000)); // e^y overflows
        Assert.Equal((1.0, 0.0), Grad.Of((double x, double y) => x + Math.Max(0, Math.Asin(y)))(2, -1));       // asin at −1
    }

    // Obs 5: the guard never clears a NaN. x·log(y) at (0, NaN): the adjoint of log is x = 0, the partial
    // 1/NaN = NaN, so ∂/∂y stays NaN; and min(1, √y) at y = NaN is NaN with a NaN gradient.
    [Fact]
    public void ZeroAdjointGuardKeepsNaN()
    {
        Assert.True(double.IsNaN(Grad.Of((double x, double y) => x * Math.Log(y))(0, double.NaN).Item2));
        Assert.True(double.IsNaN(Grad.Of((double y) => Math.Min(1, Math.Sqrt(y)))(double.NaN)));
        Assert.True(double.IsNaN(Grad.Of((double y) => 1 + Math.Max(0, Math.Log(y)))(double.NaN)));
    }

    // Obs 5 in forward mode: f(v) = min(v₀ − log(v₁ − v₁), v₂²) = v₂² (the left side is +∞), so the Hessian
    // is diag(0, 0, 2) and f's directional derivative along (1, 1, 1) at v₂ = 3 is 2·3 = 6.
    [Fact]
    public void ForwardModeKeepsZeroTangentsZero()
    {
        double[] at = [1, 0, 3];
        var hessian = Grad.Hessian((double[] v) => Math.Min(v[0] - Math.Log(v[1] - v[1]), v[2] * v[2]))(at);
        Assert.Equal(new double[,] { { 0, 0, 0 }, { 0, 0, 0 }, { 0, 0, 2 } }, hessian);
        var jvp = Grad.JacobianVectorProduct((double[] v) => new[] { Math.Min(v[0] - Math.Log(v[1] - v[1]), v[2] * v[2]) });
        Assert.Equal([6.0], jvp(at, [1, 1, 1]));
        // Inside Ops.Derivative the tangent of y − y is a runtime 0 meeting log's infinite partial at 0:
        // y + min(1, −log(y − y)) = y + 1, derivative 1.
        Assert.Equal(1.0, Ops.Derivative(y => y + Math.Min(1, -Math.Log(y - y)), 2.0));
    }

    // Obs 5 for element-wise tensor rules: Σ relu(log vᵢ) at v = (0, e) is 0 + 1; relu is off at log 0 = −∞
    // (and stays off for v₀ < 1), so ∂/∂v₀ = 0, and ∂/∂v₁ = 1/e. The log kernel's 0/0 gave NaN.
    [Fact]
    public void TensorLogBackwardKeepsZeroAdjointsZero()
    {
        var grad = Grad.Of((double[] v) => Ops.Sum(Ops.Relu(Ops.Log(v))))([0.0, Math.E]);
        Assert.Equal([0.0, 1 / Math.E], grad);
        var matrix = Grad.Of((double[,] m) => Ops.Sum(Ops.Relu(Ops.Log(m))))(new double[,] { { 0.0, Math.E } });
        Assert.Equal(new double[,] { { 0.0, 1 / Math.E } }, matrix);
        // A NaN element still gives NaN in its own component only.
        var nan = Grad.Of((double[] v) => Ops.Sum(Ops.Log(v)))([double.NaN, 2.0]);
        Assert.True(double.IsNaN(nan[0]));
        Assert.Equal(0.5, nan[1]);
    }

    // Obs 5 through Map: Σ relu(√vᵢ − 1) at v = (0, 4) is 0 + 1; relu is off at √0 − 1 = −1, so ∂/∂v₀ = 0,
    // and ∂/∂v₁ = 1/(2√4) = ¼. The map's backward g·(1/(2√0)) was 0·∞ = NaN.
    [Fact]
    public void MapBackwardKeepsZeroAdjointsZero()
    {
        var grad = Grad.Of((double[] v) => Ops.Sum(Ops.Relu(Ops.Map(v, x => Math.Sqrt(x) - 1))))([0.0, 4.0]);
        Assert.Equal([0.0, 0.25], grad);
    }
}
