using System.Linq.Expressions;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Loops;

/// <summary>
/// <see cref="GradientOptions.SkipZeroAdjointLoops"/> (issue 13): a path whose payoff Max(a − K, 0) is out of the money
/// sends an adjoint of exactly 0 to its path's loops, whose backward code is then skipped. Hand-derived gradients
/// through every gradient entry point with the switch on and off, the guard present only when on, a NaN seed that
/// still runs, and the one documented difference: a NaN partial behind a zero seed.
/// </summary>
public class ZeroAdjointSkipTests
{
    private static readonly GradientOptions Off = new() { SkipZeroAdjointLoops = false };

    // c's rows: path p's increments.
    private static readonly double[,] C = { { 1, 1, 1 }, { 0.1, 0.1, 0.1 }, { 2, 0, 1 } };

    [Fact]
    public void OutOfTheMoneyPathsOfASumContributeNothing()
    {
        // Σ_p Max(w₀·Σ_t c[p,t] + w₁ − 2, 0) at w = (1, 0.5): the paths give 1.5, −1.2, 1.5, so paths 0 and 2 are in
        // the money: f = 3, ∂f/∂w₀ = Σ_t c[0,t] + Σ_t c[2,t] = 6, ∂f/∂w₁ = 2.
        Expression<Func<double[], double>> f = w => Sum(3, p => Math.Max(Sum(3, t => w[0] * C[p, t]) + w[1] - 2, 0));
        LoopGradientAssert.Everywhere(f, [1, 0.5], 3, [6, 2], Off);
        Assert.True(ZeroTests(f, GradientOptions.Default) > ZeroTests(f, Off));
    }

    [Fact]
    public void OutOfTheMoneyPathsOfAScanWithAFusedAverageContributeNothing()
    {
        // x₀ = w₁, x_{t+1} = x_t + w₀·c[p,t]; payoff Max(Σ_{t=1..3} x_t − 5, 0) with Σ x_t = 3w₁ + w₀(3c₀ + 2c₁ + c₂).
        // At w = (1, 0.5): 7.5, 2.1, 8.5 → paths 0 and 2 pay 2.5 and 3.5: f = 6, ∂f/∂w₀ = 6 + 7 = 13, ∂f/∂w₁ = 3 + 3 = 6.
        Expression<Func<double[], double>> f = w =>
            Sum(3, p => Let(Scan(3, w[1], (x, t) => x + w[0] * C[p, t]), xs => Math.Max(Sum(3, t => xs[t + 1]) - 5, 0)));
        LoopGradientAssert.Everywhere(f, [1, 0.5], 6, [13, 6], Off);
        Assert.True(ZeroTests(f, GradientOptions.Default) > ZeroTests(f, Off));
    }

    [Fact]
    public void ANaNSeedIsNotSkipped()
    {
        // w₀ = NaN makes every path NaN, Max(NaN, 0) is NaN and so is its adjoint: both components are NaN either way.
        Expression<Func<double[], double>> f = w => Sum(3, p => Math.Max(Sum(3, t => w[0] * C[p, t]) + w[1] - 2, 0));
        foreach (var options in new[] { GradientOptions.Default, Off })
            Assert.All(Grad.Of(f, options)([double.NaN, 0.5]), d => Assert.True(double.IsNaN(d)));
    }

    [Fact]
    public void ANaNPartialBehindAZeroSeedIsTheOneDifference()
    {
        // Max(Σ_t atan2(w₀·c, w₁·c) − 10, 0) at w = (0, 0): atan2(0, 0) = 0, so the payoff is out of the money and its
        // adjoint is 0; atan2's partials there are 0/0 = NaN. Running the loop gives 0·NaN = NaN, skipping it gives 0
        // (the documented difference of the switch); f itself is 0 either way.
        Expression<Func<double[], double>> f = w => Math.Max(Sum(3, t => Math.Atan2(w[0] * C[0, t], w[1] * C[0, t])) - 10, 0);
        Assert.Equal([0.0, 0.0], Grad.Of(f)([0, 0]));
        Assert.All(Grad.Of(f, Off)([0, 0]), d => Assert.True(double.IsNaN(d)));
    }

    private static int ZeroTests(LambdaExpression f, GradientOptions options)
    {
        var code = GradientCode.ToCSharp(Grad.ValueAndGradientExpression(f, options));
        return code.Split(" != 0.0)").Length - 1;
    }
}
