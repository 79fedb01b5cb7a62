using System.Linq.Expressions;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Loops;

/// <summary>
/// Final-sum fusion through a linear tail (issue 13): a function ending in Σ followed by stages whose backward
/// code does not read the sum — a mean, a constant scale or shift, a value computed from earlier inputs —
/// runs the sum's backward code inside its forward loop. Each shape against hand-derived numbers through every
/// gradient entry point, fused and unfused; shapes whose tail reads the sum (an active scale, an Exp) are not
/// fused and must be just as right. w = (0.5, −1.2, 2, 0.3), x = (1, 2, 3, 4), y = (0.1, 0.2, 0.3, 0.4).
/// </summary>
public class FinalSumFusionTests
{
    private static readonly double[] W = [0.5, -1.2, 2.0, 0.3];
    private static readonly double[] X = [1, 2, 3, 4];
    private static readonly double[] Y = [0.1, 0.2, 0.3, 0.4];
    private static readonly GradientOptions Unfused = new() { FuseFinalSum = false };

    [Fact]
    public void AMeanOverTheParametersLengthIsFused()
    {
        // w − y = (0.4, −1.4, 1.7, −0.1), squares (0.16, 1.96, 2.89, 0.01): Σ = 5.02, f = 5.02 / 4 = 1.255;
        // ∂f/∂wᵢ = 2(wᵢ − yᵢ)/4 = (0.2, −0.7, 0.85, −0.05).
        Expression<Func<double[], double>> f = w => Sum(w.Length, i => (w[i] - Y[i]) * (w[i] - Y[i])) / w.Length;
        AssertFused(f);
        LoopGradientAssert.Everywhere(f, W, 1.255, [0.2, -0.7, 0.85, -0.05], Unfused);
    }

    [Fact]
    public void AMeanOverAClosureCountIsFused()
    {
        // The Monte-Carlo shape: Σ over a captured path count, divided by it. ∂f/∂wᵢ = e^wᵢ / 4.
        int paths = 4;
        Expression<Func<double[], double>> f = w => Sum(paths, i => Math.Exp(w[i])) / paths;
        AssertFused(f);
        double[] expected = [.. W.Select(v => Math.Exp(v) / 4)];
        LoopGradientAssert.Everywhere(f, W, expected.Sum(), expected, Unfused);
    }

    [Fact]
    public void AConstantScaleIsFused()
    {
        // Σ wᵢxᵢ = 0.5 − 2.4 + 6 + 1.2 = 5.3, f = 2.5 · 5.3 = 13.25; ∂f/∂wᵢ = 2.5 xᵢ.
        Expression<Func<double[], double>> f = w => 2.5 * Sum(4, i => w[i] * X[i]);
        AssertFused(f);
        LoopGradientAssert.Everywhere(f, W, 13.25, [2.5, 5, 7.5, 10], Unfused);
    }

    [Fact]
    public void ANegatedShiftedSumIsFused()
    {
        // Σ wᵢ³ = 0.125 − 1.728 + 8 + 0.027 = 6.424, f = 1.5 − 6.424 = −4.924; ∂f/∂wᵢ = −3wᵢ².
        Expression<Func<double[], double>> f = w => 1.5 - Sum(4, i => w[i] * w[i] * w[i]);
        AssertFused(f);
        LoopGradientAssert.Everywhere(f, W, -4.924, [-0.75, -4.32, -12, -0.27], Unfused);
    }

    [Fact]
    public void ATailTermComputedFromEarlierValuesIsFused()
    {
        // a = w₂ = 2 is read before the sum; log a is computed after it but does not depend on it, so it runs
        // before the loop. Σ wᵢ = 1.6: f = 0.4 + ln 2; ∂f/∂wᵢ = 1/4, plus 1/a = 0.5 for w₂.
        Expression<Func<double[], double>> f = w => Let(w[2], a => Sum(4, i => w[i]) / 4 + Math.Log(a));
        AssertFused(f);
        LoopGradientAssert.Everywhere(f, W, 0.4 + Math.Log(2), [0.25, 0.25, 0.75, 0.25], Unfused);
    }

    [Fact]
    public void TheLastOfTwoSumsIsFused()
    {
        // Σ wᵢxᵢ + Σ wᵢ²/4 = 5.3 + 5.78/4 = 6.745; ∂f/∂wᵢ = xᵢ + wᵢ/2 = (1.25, 1.4, 4, 4.15).
        Expression<Func<double[], double>> f = w => Sum(4, i => w[i] * X[i]) + Sum(4, i => w[i] * w[i]) / 4;
        Assert.Equal(3, LoopGradientAssert.Loops(f));
        Assert.Equal(4, LoopGradientAssert.Loops(f, Unfused));
        LoopGradientAssert.Everywhere(f, W, 6.745, [1.25, 1.4, 4, 4.15], Unfused);
    }

    [Fact]
    public void AScaleByAParameterIsNotFusedAndIsRight()
    {
        // The scale's own adjoint needs the sum, which the loop has not computed yet: no fusion.
        // S = Σ wᵢ² = 5.78, f = w₀·S = 2.89; ∂f/∂wₖ = 2wₖw₀ + [k = 0]·S = (6.28, −1.2, 2, 0.3).
        Expression<Func<double[], double>> f = w => w[0] * Sum(4, i => w[i] * w[i]);
        Assert.Equal(2, LoopGradientAssert.Loops(f));
        LoopGradientAssert.Everywhere(f, W, 2.89, [6.28, -1.2, 2, 0.3], Unfused);
    }

    [Fact]
    public void AnExpOfAMeanIsNotFusedAndIsRight()
    {
        // f = e^(Σwᵢ/4) = e^0.4; ∂f/∂wᵢ = e^0.4/4. Exp's rule reads its output, computed after the loop.
        Expression<Func<double[], double>> f = w => Math.Exp(Sum(4, i => w[i]) / 4);
        Assert.Equal(2, LoopGradientAssert.Loops(f));
        var e = Math.Exp(0.4);
        LoopGradientAssert.Everywhere(f, W, e, [e / 4, e / 4, e / 4, e / 4], Unfused);
    }

    [Fact]
    public void ADivisorReadFromAClosureArrayStaysAfterTheLoopAndIsNotFused()
    {
        // Reading data[1] could throw, so it is not moved before the loop, and the division's adjoint needs it.
        // f = Σ wᵢ / 2 = 0.8; ∂f/∂wᵢ = 1/2.
        double[] data = [7, 2];
        Expression<Func<double[], double>> f = w => Sum(4, i => w[i]) / data[1];
        Assert.Equal(2, LoopGradientAssert.Loops(f));
        LoopGradientAssert.Everywhere(f, W, 0.8, [0.5, 0.5, 0.5, 0.5], Unfused);
    }

    /// <summary>One loop carries the forward and backward code; without fusion there are two.</summary>
    private static void AssertFused(LambdaExpression f)
    {
        Assert.Equal(1, LoopGradientAssert.Loops(f));
        Assert.Equal(2, LoopGradientAssert.Loops(f, Unfused));
    }
}
