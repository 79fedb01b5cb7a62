using System.Linq.Expressions;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Loops;

/// <summary>
/// Loop-invariant code motion (issue 13): stages of a loop's body (sum, scan, while-loop) that depend on nothing the body
/// computes run once before the loop (out of nested bodies too); their adjoints collect the iterations'
/// contributions and pass them on once after the loop. Each shape against hand-derived numbers through every
/// gradient entry point, hoisted and not; values that could throw stay in loops that may not run.
/// </summary>
public class LoopInvariantTests
{
    private static readonly double[] Z = [0.3, -1.1, 0.7];
    private static readonly GradientOptions InPlace = new() { HoistLoopInvariants = false };

    [Fact]
    public void TheDriftAndVolatilityOfALogPriceScanAreComputedOnce()
    {
        // x₀ = log w₀, x_{t+1} = x_t + (w₁ − w₂²/2)·dt + w₂·√dt·z_t, f = e^(x₃) = w₀·e^(3(w₁ − w₂²/2)dt + w₂√dt·Σz).
        // ∂f/∂w₀ = f/w₀, ∂f/∂w₁ = 3dt·f, ∂f/∂w₂ = (−3w₂dt + √dt·Σz)·f.
        double dt = LogPriceStep;
        Expression<Func<double[], double>> f = w =>
            Let(Scan(3, Math.Log(w[0]), (x, t) => x + (w[1] - w[2] * w[2] / 2) * dt + w[2] * Math.Sqrt(dt) * Z[t]), xs => Math.Exp(xs[3]));
        // With the pass, √dt is taken before any loop; without it, in the scan's loop.
        AssertLogPriceGradientAndSqrtHoisted(f);
    }

    private const double LogPriceStep = 0.25;

    /// <summary>The closed form of the log-price tests at w = (100, 0.05, 0.3), and √dt computed only before the loop.</summary>
    private static void AssertLogPriceGradientAndSqrtHoisted(Expression<Func<double[], double>> f)
    {
        double[] w = [100, 0.05, 0.3];
        double dt = LogPriceStep, sumZ = Z.Sum(), value = w[0] * Math.Exp(3 * (w[1] - w[2] * w[2] / 2) * dt + w[2] * Math.Sqrt(dt) * sumZ);
        LoopGradientAssert.Everywhere(f, w, value, [value / w[0], 3 * dt * value, (-3 * w[2] * dt + Math.Sqrt(dt) * sumZ) * value], InPlace);
        Assert.True(OnlyBeforeTheFirstLoop(f, "Math.Sqrt(", GradientOptions.Default));
        Assert.False(OnlyBeforeTheFirstLoop(f, "Math.Sqrt(", InPlace));
    }

    [Fact]
    public void AnInvariantLeavesAScanAndTheSumAroundIt()
    {
        // Paths p < 2 of x_{t+1} = x_t + b²·z_{p,t} from a (a = w₀, b = w₁), averaged: f = a + b²·S/2, S = Σ z.
        // ∂f/∂a = 1, ∂f/∂b = b·S.
        double[,] z = { { 0.5, -0.25 }, { 1.5, 0.75 } };
        Expression<Func<double[], double>> f = w =>
            Let(w[0], a => Let(w[1], b => Sum(2, p => Let(Scan(2, a, (x, t) => x + b * b * z[p, t]), xs => xs[2])) / 2));
        double s = 0.5 - 0.25 + 1.5 + 0.75;
        LoopGradientAssert.Everywhere(f, [0.4, -1.5], 0.4 + 2.25 * s / 2, [1, -1.5 * s], InPlace);
    }

    [Fact]
    public void AnInvariantInsideABranchStaysInTheBranch()
    {
        // Σ over x = (1, 2, 3, 4) of (x > 2 ? a²·x : a·y), y = (0.1, 0.2, 0.3, 0.4), a = w₀ = 1.5:
        // f = a²·7 + a·0.3 = 15.75 + 0.45 = 16.2; ∂f/∂a = 14a + 0.3 = 21.3.
        double[] x = [1, 2, 3, 4], y = [0.1, 0.2, 0.3, 0.4];
        Expression<Func<double[], double>> f = w => Let(w[0], a => Sum(4, i => x[i] > 2 ? a * a * x[i] : a * y[i]));
        LoopGradientAssert.Everywhere(f, [1.5], 16.2, [21.3], InPlace);
    }

    [Fact]
    public void AHoistedStageOfALoopThatDoesNotRunContributesNothing()
    {
        // Σ over no indices: f = 0 and ∇f = 0, though a² is computed before the loop.
        int none = 0;
        Expression<Func<double[], double>> f = w => Let(w[0], a => Math.Log(2 + Sum(none, i => a * a * Z[i])));
        LoopGradientAssert.Everywhere(f, [1.5], Math.Log(2), [0], InPlace);
    }

    [Fact]
    public void InvariantsThatCouldThrowStayInLoopsThatDoNotRun()
    {
        // w[5] of a two-element vector and an integer division by zero would throw; the loop runs zero times, so
        // neither is evaluated: f = 0 with ∇f = 0, as the function itself computes.
        int none = 0, zero = 0;
        Expression<Func<double[], double>> f = w => Sum(none, i => w[5] * Z[i] + 7 / zero);
        Assert.Equal(0, f.Compile()([1, 2]));
        LoopGradientAssert.Everywhere(f, [1, 2], 0, [0, 0], InPlace);
    }

    [Fact]
    public void SpecialFunctionsOfParametersAreComputedOnce()
    {
        // Σᵢ zᵢ·log Γ(w₀) + erf(w₁) over i < 3: f = S·log Γ(w₀) + 3 erf(w₁), S = Σz = −0.1;
        // ∂f/∂w₀ = S·ψ(w₀), ∂f/∂w₁ = 3·(2/√π)·e^(−w₁²).
        Expression<Func<double[], double>> f = w => Let(w[0], a => Let(w[1], b => Sum(3, i => Z[i] * LogGamma(a) + Erf(b))));
        double[] w = [2.5, 0.4];
        double s = Z.Sum();
        LoopGradientAssert.Everywhere(f, w, s * LogGamma(w[0]) + 3 * Erf(w[1]),
            [s * Digamma(w[0]), 3 * 2 / Math.Sqrt(Math.PI) * Math.Exp(-w[1] * w[1])], InPlace);
        Assert.True(OnlyBeforeTheFirstLoop(f, "LogGamma(", GradientOptions.Default));
        Assert.False(OnlyBeforeTheFirstLoop(f, "LogGamma(", InPlace));
    }

    [Fact]
    public void TheDriftAndVolatilityOfAnImperativeLogPriceLoopAreComputedOnce()
    {
        // The first test's scan as a while-loop: x = log w₀; t = 0; while (t < 3) { x += (w₁ − w₂²/2)·dt + w₂·√dt·z_t; t++; }
        // return e^x — the same f and the same closed-form gradient.
        double dt = LogPriceStep;
        var w = Expression.Parameter(typeof(double[]), "w");
        var (x, t) = (Expression.Variable(typeof(double), "x"), Expression.Variable(typeof(int), "t"));
        Expression W(int k) => Expression.ArrayIndex(w, Expression.Constant(k));
        var drift = Expression.Multiply(Expression.Subtract(W(1), Expression.Divide(Expression.Multiply(W(2), W(2)), Expression.Constant(2.0))), Expression.Constant(dt));
        var shock = Expression.Multiply(Expression.Multiply(W(2), Expression.Call(typeof(Math), nameof(Math.Sqrt), null, Expression.Constant(dt))),
            Expression.ArrayIndex(Expression.Constant(Z), t));
        var done = Expression.Label("done");
        var f = Expression.Lambda<Func<double[], double>>(Expression.Block([x, t],
            Expression.Assign(x, Expression.Call(typeof(Math), nameof(Math.Log), null, W(0))),
            Expression.Assign(t, Expression.Constant(0)),
            Expression.Loop(Expression.IfThenElse(Expression.LessThan(t, Expression.Constant(3)),
                Expression.Block(Expression.AddAssign(x, Expression.Add(drift, shock)), Expression.PostIncrementAssign(t)),
                Expression.Break(done)), done),
            Expression.Call(typeof(Math), nameof(Math.Exp), null, x)), w);
        AssertLogPriceGradientAndSqrtHoisted(f);
    }

    [Fact]
    public void InvariantsThatCouldThrowStayInAWhileLoopThatDoesNotRun()
    {
        // while (i < 0) { s += w[5] + 7 / zero; i++ } return s + w[0]: the body never runs, so f = w₀, ∇f = (1, 0),
        // and neither w[5] nor the division is evaluated.
        var w = Expression.Parameter(typeof(double[]), "w");
        var (s, i) = (Expression.Variable(typeof(double), "s"), Expression.Variable(typeof(int), "i"));
        var zero = Expression.Variable(typeof(int), "zero");
        var done = Expression.Label("done");
        var f = Expression.Lambda<Func<double[], double>>(Expression.Block([s, i, zero],
            Expression.Assign(s, Expression.Constant(0.0)),
            Expression.Assign(i, Expression.Constant(0)),
            Expression.Assign(zero, Expression.Constant(0)),
            Expression.Loop(Expression.IfThenElse(Expression.LessThan(i, Expression.Constant(0)),
                Expression.Block(
                    Expression.AddAssign(s, Expression.Add(Expression.ArrayIndex(w, Expression.Constant(5)),
                        Expression.Convert(Expression.Divide(Expression.Constant(7), zero), typeof(double)))),
                    Expression.PostIncrementAssign(i)),
                Expression.Break(done)), done),
            Expression.Add(s, Expression.ArrayIndex(w, Expression.Constant(0)))), w);
        Assert.Equal(1, f.Compile()([1, 2]));
        LoopGradientAssert.Everywhere(f, [1, 2], 1, [1, 0], InPlace);
    }

    private static bool OnlyBeforeTheFirstLoop(LambdaExpression f, string text, GradientOptions options)
    {
        var code = GradientCode.ToCSharp(Grad.ValueAndGradientExpression(f, options));
        int loop = new[] { "for (", "while (" }.Select(l => code.IndexOf(l, StringComparison.Ordinal)).Where(k => k >= 0).DefaultIfEmpty(-1).Min();
        int at = code.IndexOf(text, StringComparison.Ordinal);
        return at >= 0 && at < loop && code.IndexOf(text, loop, StringComparison.Ordinal) < 0;
    }
}
