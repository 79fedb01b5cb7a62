using System.Linq.Expressions;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Regressions;

/// <summary>Found by the differential harness: forward mode gave NaN where reverse mode gave 0 for a scan that
/// does not depend on the input, because the exact-zero tangent of its overflowing states was computed as 0·∞.</summary>
public class ForwardModeActivityRegressions
{
    [Fact]
    public void TangentOfAScanThatDoesNotDependOnTheInputIsZeroEvenWhenItOverflows()
    {
        // The states grow 2 → 3·e⁴ → ∞: the value is +∞, the function constant in w, its derivative 0.
        Expression<Func<double[], double[]>> f = w => new[] { Scan(3, 2, (s, t) => Let(s, v => Sum(3, i => Math.Exp(s * s))))[3] };
        double[] point = [2.4, -1.1, -1.6];
        Assert.Equal([0.0], Grad.JacobianVectorProduct(f)(point, [1.0, 1, 1]));
        Assert.Equal([0.0, 0, 0], Grad.VectorJacobianProduct(f)(point, [1.0]));
    }
}

/// <summary>Found by the soak: a Scan whose step returns an outer value unchanged, shared with a stage outside
/// (here inside a non-differentiable initial), was taken for inactive, and <c>Grad.Of</c> returned 0.</summary>
public class LoopActivityRegressions
{
    [Fact]
    public void ScanReturningASharedOuterValueIsActive()
    {
        // s₁ = step(s₀) = w₀, so f(w) = w₀ and ∂f/∂w₀ = 1 whatever Truncate does to the initial state.
        Expression<Func<double[], double>> f = w => Scan(1, Math.Truncate(w[0] - 2.5), (s, t) => w[0])[1];
        Assert.Equal([1.0], Grad.Of(f)([2.6]));
        Assert.Equal([1.0], Grad.Of(f, new GradientOptions { ShareSubexpressions = false })([2.6]));
    }
}
