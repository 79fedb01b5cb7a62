using System.Linq.Expressions;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Loops;

/// <summary>
/// Store or recompute by cost (issue 13): a loop body's costly values that its backward pass reads are kept by
/// the forward loop and read back, not recomputed. Each shape against hand-derived numbers through every
/// gradient entry point, with the pass on and off, and the printed program shows the function computed once.
/// w = (0.5, −1.2, 2, 0.3), x = (1, 2, 3, 4).
/// </summary>
public class StoredValuesTests
{
    private static readonly double[] W = [0.5, -1.2, 2.0, 0.3];
    private static readonly double[] X = [1, 2, 3, 4];
    private static readonly GradientOptions Recomputing = new() { StoreCostlyValues = false };

    [Fact]
    public void ASumOfExponentialsUnderALogStoresThem()
    {
        // f = log S, S = Σ e^(wᵢxᵢ); ∂f/∂wᵢ = xᵢ e^(wᵢxᵢ) / S. Log reads S, so the sum is not fused: its backward loop
        // reads each e^(wᵢxᵢ) (Exp's adjoint is g·y), stored by the forward loop.
        Expression<Func<double[], double>> f = w => Math.Log(Sum(4, i => Math.Exp(w[i] * X[i])));
        Assert.Equal((1, 2), (Count(f, "Math.Exp("), Count(f, "Math.Exp(", Recomputing)));
        double[] e = [.. W.Select((v, i) => Math.Exp(v * X[i]))];
        double s = e.Sum();
        LoopGradientAssert.Everywhere(f, W, Math.Log(s), [.. e.Select((v, i) => X[i] * v / s)], Recomputing);
    }

    [Fact]
    public void ASumOfSpecialFunctionsUnderALogStoresThem()
    {
        // f = log S, S = Σ σ(wᵢxᵢ) with σ = InvLogit; ∂f/∂wᵢ = xᵢ σᵢ σ(−wᵢxᵢ) / S. InvLogit's adjoint reads y = σᵢ, which
        // the forward loop stores; σ(−wᵢxᵢ) is a new value the backward loop computes either way.
        Expression<Func<double[], double>> f = w => Math.Log(Sum(4, i => InvLogit(w[i] * X[i])));
        Assert.Equal((2, 3), (Count(f, "InvLogit("), Count(f, "InvLogit(", Recomputing)));
        double[] sigma = [.. W.Select((v, i) => 1 / (1 + Math.Exp(-v * X[i])))];
        double s = sigma.Sum();
        LoopGradientAssert.Everywhere(f, W, Math.Log(s), [.. sigma.Select((v, i) => X[i] * v * (1 - v) / s)], Recomputing);
    }

    [Fact]
    public void AScanOfTanhStoresItsStates()
    {
        // s₀ = w₀, s_{t+1} = tanh(w₁·s_t + xₜ), f = s₃. By hand, forward mode along the recurrence:
        // ∂s_{t+1} = (1 − s_{t+1}²)·(w₁·∂s_t + [∂ is ∂/∂w₁]·s_t), with ∂s₀/∂w₀ = 1, ∂s₀/∂w₁ = 0.
        Expression<Func<double[], double>> f = w => Let(Scan(3, w[0], (s, t) => Math.Tanh(w[1] * s + X[t])), xs => xs[3]);
        Assert.Equal((1, 2), (Count(f, "Math.Tanh("), Count(f, "Math.Tanh(", Recomputing)));
        double state = W[0], d0 = 1, d1 = 0;
        for (int t = 0; t < 3; t++)
        {
            double next = Math.Tanh(W[1] * state + X[t]), slope = 1 - next * next;
            (d0, d1) = (slope * W[1] * d0, slope * (W[1] * d1 + state));
            state = next;
        }
        LoopGradientAssert.Everywhere(f, W, state, [d0, d1, 0, 0], Recomputing);
    }

    [Fact]
    public void AnInnerSumRecomputedByItsOuterLoopStoresAgainEachIteration()
    {
        // f = w₀ · Σⱼ log Sⱼ, Sⱼ = Σᵢ e^(wᵢxⱼ), j < 2 (the scale by w₀ keeps the outer sum unfused, so its backward
        // loop recomputes each inner sum, which must store its exponentials again for that j).
        // ∂f/∂wₖ = [k = 0]·Σⱼ log Sⱼ + w₀ Σⱼ xⱼ e^(wₖxⱼ) / Sⱼ.
        Expression<Func<double[], double>> f = w => w[0] * Sum(2, j => Math.Log(Sum(4, i => Math.Exp(w[i] * X[j]))));
        double[] sums = [.. Enumerable.Range(0, 2).Select(j => W.Sum(v => Math.Exp(v * X[j])))];
        double logs = sums.Sum(Math.Log);
        double[] expected = [.. Enumerable.Range(0, 4).Select(k =>
            (k == 0 ? logs : 0) + W[0] * Enumerable.Range(0, 2).Sum(j => X[j] * Math.Exp(W[k] * X[j]) / sums[j]))];
        LoopGradientAssert.Everywhere(f, W, W[0] * logs, expected, Recomputing);
    }

    [Fact]
    public void ASumWithNoIterationsStoresNothingAndThrowsNothing()
    {
        // Σ over a negative count is 0, as Ops.Sum is; its stored values' array is empty, not of negative length.
        int count = -3;
        Expression<Func<double[], double>> f = w => Math.Log(1 + Sum(count, i => Math.Exp(w[0] * i)));
        LoopGradientAssert.Everywhere(f, W, 0, [0, 0, 0, 0], Recomputing);
    }

    private static int Count(LambdaExpression f, string text, GradientOptions? options = null) =>
        GradientCode.ToCSharp(Grad.ValueAndGradientExpression(f, options)).Split(text).Length - 1;
}
