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

/// <summary>Found by the soak: (e^(cosh a²))^(−½) at a = 3 is 0 (e^4051 overflows, its −½ power is 0) with
/// derivative −½·f·2a·sinh(a²) = 0. Reverse mode met the zero partial first and gave 0; forward mode met the
/// overflowed tangent first and gave ∞·0 = NaN. Forward mode now keeps a zero partial zero too.</summary>
public class ForwardModeOverflowRegressions
{
    [Fact]
    public void ForwardAndReverseAgreeWhereAnOverflowMeetsAZeroPartial()
    {
        Expression<Func<double, double>> f = a => Math.Pow(Math.Exp(Math.Cosh(a * a)), -0.5);
        Assert.Equal(0.0, Grad.Of(f)(3));
        Assert.Equal([0.0], Grad.JacobianVectorProduct((Expression<Func<double[], double[]>>)(x => new[] { Math.Pow(Math.Exp(Math.Cosh(x[0] * x[0])), -0.5) }))([3.0], [1.0]));
        Assert.Equal(0.0, Ops.Derivative(a => Math.Pow(Math.Exp(Math.Cosh(a * a)), -0.5), 3));
    }

    [Fact]
    public void ForwardModeStillPropagatesNaN() =>
        Assert.True(double.IsNaN(Ops.Derivative(a => Math.Pow(Math.Exp(a), -0.5) * double.NaN, 3)));
}
