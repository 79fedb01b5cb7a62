using System.Linq.Expressions;
using System.Text.RegularExpressions;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Loops;

/// <summary>
/// A sum over a scan's steps fused into the scan's loops (issue 13): Σₜ f(xs[t + 1]) (and xs[t]) computed beside
/// step t, its backward code inside the scan's backward loop. Each shape against hand-derived numbers through every
/// gradient entry point, fused and not; shapes that must not fuse are just as right. States s₀ = w₀,
/// s_{k+1} = s_k + w₁·z_k, so s_k = w₀ + w₁·C_k with C_k = z₀ + … + z_{k−1}; z = (0.3, −1.1, 0.7), w = (0.2, 0.5).
/// </summary>
public class ScanSumFusionTests
{
    private static readonly double[] Z = [0.3, -1.1, 0.7];
    private static readonly double[] Y = [2, -1, 0.5];
    private static readonly double[] W = [0.2, 0.5];
    private static readonly double[] C = [0, 0.3, -0.8, -0.1];
    private static readonly GradientOptions Unfused = new() { FuseSumsIntoScans = false };

    private static double S(int k) => W[0] + W[1] * C[k];

    [Fact]
    public void AnAverageOfExponentialsAlongThePath()
    {
        // f = Σ_{k=1..3} e^(s_k); ∂f/∂w₀ = Σ e^(s_k), ∂f/∂w₁ = Σ C_k e^(s_k).
        Expression<Func<double[], double>> f = w => Let(Scan(3, w[0], (x, t) => x + w[1] * Z[t]), xs => Sum(3, t => Math.Exp(xs[t + 1])));
        double[] e = [.. Enumerable.Range(1, 3).Select(k => Math.Exp(S(k)))];
        LoopGradientAssert.Everywhere(f, W, e.Sum(), [e.Sum(), Enumerable.Range(1, 3).Sum(k => C[k] * e[k - 1])], Unfused);
        // Fused: the scan's loop and its backward loop; unfused, the sum's loop besides (one: a final sum's backward
        // runs in its forward loop). No state is stored: the sum reads each at hand, the linear step's backward none.
        Assert.Equal((2, 3), (LoopGradientAssert.Loops(f), LoopGradientAssert.Loops(f, Unfused)));
        Assert.DoesNotMatch(new Regex(@"states\w*\["), GradientCode.Of(f));
    }

    [Fact]
    public void TermsReadingTheStateBeforeAndAfterTheStep()
    {
        // f = Σ_{t<3} s_t·s_{t+1}; ∂f/∂w₀ = Σ (s_t + s_{t+1}), ∂f/∂w₁ = Σ (C_t·s_{t+1} + s_t·C_{t+1}).
        Expression<Func<double[], double>> f = w => Let(Scan(3, w[0], (x, t) => x + w[1] * Z[t]), xs => Sum(3, t => xs[t] * xs[t + 1]));
        var ts = Enumerable.Range(0, 3);
        LoopGradientAssert.Everywhere(f, W, ts.Sum(t => S(t) * S(t + 1)),
            [ts.Sum(t => S(t) + S(t + 1)), ts.Sum(t => C[t] * S(t + 1) + S(t) * C[t + 1])], Unfused);
        Assert.Equal(2, LoopGradientAssert.Loops(f));
    }

    [Fact]
    public void ANonlinearStepRestoresItsStatesInTheBackwardLoop()
    {
        // s_{t+1} = w₁·sin(s_t) + z_t, f = Σ s_{t+1}². By hand along the recurrence:
        // ∂s_{t+1} = w₁·cos(s_t)·∂s_t + [∂ is ∂/∂w₁]·sin(s_t).
        Expression<Func<double[], double>> f = w => Let(Scan(3, w[0], (x, t) => w[1] * Math.Sin(x) + Z[t]), xs => Sum(3, t => xs[t + 1] * xs[t + 1]));
        double s = W[0], d0 = 1, d1 = 0, value = 0, g0 = 0, g1 = 0;
        for (int t = 0; t < 3; t++)
        {
            (s, d0, d1) = (W[1] * Math.Sin(s) + Z[t], W[1] * Math.Cos(s) * d0, W[1] * Math.Cos(s) * d1 + Math.Sin(s));
            (value, g0, g1) = (value + s * s, g0 + 2 * s * d0, g1 + 2 * s * d1);
        }
        LoopGradientAssert.Everywhere(f, W, value, [g0, g1], Unfused);
        Assert.Equal(2, LoopGradientAssert.Loops(f));
    }

    [Fact]
    public void AStateAlsoReadOutsideTheSumKeepsTheAdjointArray()
    {
        // f = s₃ + Σ e^(s_k); ∂f/∂w₀ = 1 + Σ e^(s_k), ∂f/∂w₁ = C₃ + Σ C_k e^(s_k).
        Expression<Func<double[], double>> f = w => Let(Scan(3, w[0], (x, t) => x + w[1] * Z[t]), xs => xs[3] + Sum(3, t => Math.Exp(xs[t + 1])));
        double[] e = [.. Enumerable.Range(1, 3).Select(k => Math.Exp(S(k)))];
        LoopGradientAssert.Everywhere(f, W, S(3) + e.Sum(), [1 + e.Sum(), C[3] + Enumerable.Range(1, 3).Sum(k => C[k] * e[k - 1])], Unfused);
        Assert.Equal(2, LoopGradientAssert.Loops(f));
    }

    [Fact]
    public void AScanOfConstantsUnderAScaledSum()
    {
        // The scan does not depend on w: s_k = 1 + C_k. f = a·Σ s_k, a = w₀ = 0.2: ∂f/∂w₀ = Σ s_k = 3 − 0.6 = 2.4.
        Expression<Func<double[], double>> f = w => Let(w[0], a => Let(Scan(3, 1.0, (x, t) => x + Z[t]), xs => Sum(3, t => a * xs[t + 1])));
        LoopGradientAssert.Everywhere(f, W, 0.2 * 2.4, [2.4, 0], Unfused, 1e-12);
    }

    [Fact]
    public void NoSteps()
    {
        int none = 0;
        Expression<Func<double[], double>> f = w => Let(Scan(none, w[0], (x, t) => x + w[1]), xs => Sum(none, t => Math.Exp(xs[t + 1])));
        LoopGradientAssert.Everywhere(f, W, 0, [0, 0], Unfused);
    }

    [Fact]
    public void SumsThatMustNotFuseAreRight()
    {
        // A value computed between the scan and the sum (g = e^(w₀), after the scan), a shorter sum, a read of
        // closure data (it could throw): each stays a loop of its own. f₁ = g·Σ s_k: ∂/∂w₀ = g·Σ s_k + 3g,
        // ∂/∂w₁ = g·Σ C_k. f₂ = s₁ + s₂. f₃ = Σ yₜ·s_{t+1}: ∂/∂w₀ = Σ y, ∂/∂w₁ = Σ yₜ·C_{t+1}.
        double g = Math.Exp(W[0]), sum = S(1) + S(2) + S(3), sumC = C[1] + C[2] + C[3];
        Expression<Func<double[], double>> between = w => Let(Scan(3, w[0], (x, t) => x + w[1] * Z[t]), xs => Let(Math.Exp(w[0]), e => Sum(3, t => e * xs[t + 1])));
        LoopGradientAssert.Everywhere(between, W, g * sum, [g * sum + 3 * g, g * sumC], Unfused);
        Expression<Func<double[], double>> shorter = w => Let(Scan(3, w[0], (x, t) => x + w[1] * Z[t]), xs => Sum(2, t => xs[t + 1]));
        LoopGradientAssert.Everywhere(shorter, W, S(1) + S(2), [2, C[1] + C[2]], Unfused);
        Expression<Func<double[], double>> data = w => Let(Scan(3, w[0], (x, t) => x + w[1] * Z[t]), xs => Sum(3, t => Y[t] * xs[t + 1]));
        LoopGradientAssert.Everywhere(data, W, Enumerable.Range(0, 3).Sum(t => Y[t] * S(t + 1)), [Y.Sum(), Enumerable.Range(0, 3).Sum(t => Y[t] * C[t + 1])], Unfused);
        foreach (var f in new[] { between, shorter, data }) Assert.Equal(3, LoopGradientAssert.Loops(f));
    }
}
