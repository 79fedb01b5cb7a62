using System.Linq.Expressions;
using ExprGrad.Tests.Oracles;

namespace ExprGrad.Tests.Regressions;

/// <summary>
/// Issue 10, observation 1: <c>Grad.Of</c> returned zeros for functions ending in a sum, because the fused
/// loop carrying the backward pass was dropped as a dead store (its sum was unread in the gradient-only
/// program, and its adjoint accumulations were taken for local computation). Each case is checked against
/// hand-derived numbers or against both ValueAndGradient and central differences.
/// </summary>
public class FinalSumRegressions
{
    private static readonly double[] Xs = [1, 2, 3, 4];
    private static readonly double[] Ys = [2.1, 3.9, 6.2, 7.8];

    [Fact]
    public void GradOfLeastSquaresWithScalarParametersIsNotZero()
    {
        // Residuals at (a, b) = (1, 0): r = x − y = (−1.1, −1.9, −3.2, −3.8).
        // ∂/∂a = Σ 2·r·x = 2·(−1.1 − 3.8 − 9.6 − 15.2) = −59.4;  ∂/∂b = Σ 2·r = 2·(−10) = −20.
        var (da, db) = Grad.Of((double a, double b) => Ops.Sum(Xs.Length, i => (a * Xs[i] + b - Ys[i]) * (a * Xs[i] + b - Ys[i])))(1, 0);
        Assert.Equal(-59.4, da, 1e-12);
        Assert.Equal(-20, db, 1e-12);
    }

    [Fact]
    public void GradOfEnumerableRangeSumIsNotZero() =>
        AgreesEverywhere((a, b) => Enumerable.Range(0, Xs.Length).Sum(i => (a * Xs[i] + b - Ys[i]) * (a * Xs[i] + b - Ys[i])), 1, 0);

    [Fact]
    public void GradOfLinqSumOverAnArrayIsNotZero()
    {
        // Σ (a·v + b)² at (1, 0): ∂/∂a = Σ 2·v·v = 2·30 = 60, ∂/∂b = Σ 2·v = 20.
        var (da, db) = Grad.Of((double a, double b) => Xs.Sum(v => (a * v + b) * (a * v + b)))(1, 0);
        Assert.Equal(60, da, 1e-12);
        Assert.Equal(20, db, 1e-12);
    }

    [Fact]
    public void GradOfSumWithOneScalarParameterIsNotZero()
    {
        // Σ (a·x − y)² at a = 1: ∂/∂a = Σ 2·(x − y)·x = −59.4 (as above with b = 0).
        var da = Grad.Of((double a) => Ops.Sum(Xs.Length, i => (a * Xs[i] - Ys[i]) * (a * Xs[i] - Ys[i])))(1);
        Assert.Equal(-59.4, da, 1e-12);
    }

    [Fact]
    public void GradOfLetFeedingAFinalSumIsNotZero() =>
        AgreesEverywhere((a, b) => Ops.Let(a * b, ab => Ops.Sum(Xs.Length, i => Math.Sin(ab * Xs[i]) + b * Ys[i])), 0.3, -0.7);

    [Fact]
    public void GradOfNestedSumsIsNotZero() =>
        AgreesEverywhere((a, b) => Ops.Sum(3, i => Ops.Sum(Xs.Length, j => a * Xs[j] * i - b * b * Ys[j])), 0.4, 1.3);

    [Fact]
    public void GradOfSumWithBranchInsideIsNotZero() =>
        AgreesEverywhere((a, b) => Ops.Sum(Xs.Length, i => Xs[i] > 2 ? a * a * Xs[i] : Math.Exp(b * Ys[i])), 0.9, 0.2);

    [Fact]
    public void GradOfSumGivesTheScalarParameterBesideAnArrayItsGradient()
    {
        // Σ (w[i]·x[i] + b)² at w = 0, b = 1: each term is 1, so ∂/∂w[i] = 2·x[i], ∂/∂b = Σ 2 = 8.
        var (dw, db) = Grad.Of((double[] w, double b) => Ops.Sum(w.Length, i => (w[i] * Xs[i] + b) * (w[i] * Xs[i] + b)))(new double[4], 1);
        Assert.Equal([2.0, 4, 6, 8], dw);
        Assert.Equal(8, db);
    }

    [Fact]
    public void GradOfSumDividedByNAgreesWithTheUndividedOne()
    {
        var (da, db) = Grad.Of((double a, double b) => Ops.Sum(Xs.Length, i => (a * Xs[i] + b - Ys[i]) * (a * Xs[i] + b - Ys[i])) / 4)(1, 0);
        Assert.Equal(-59.4 / 4, da, 1e-12);
        Assert.Equal(-20.0 / 4, db, 1e-12);
    }

    [Fact]
    public void GradOfSumStillGetsTheBugBackWhenTheLegacySwitchIsOn()
    {
        // The internal switch exists so the differential harness can prove it catches this bug.
        var legacy = new GradientOptions { LegacyAccumulationPurity = true };
        var (da, db) = Grad.Of((double a, double b) => Ops.Sum(Xs.Length, i => (a * Xs[i] + b - Ys[i]) * (a * Xs[i] + b - Ys[i])), legacy)(1, 0);
        Assert.Equal((0.0, 0.0), (da, db));
    }

    /// <summary>Of, ValueAndGradient and central differences of the plain function give the same gradient.</summary>
    private static void AgreesEverywhere(Expression<Func<double, double, double>> f, double a, double b)
    {
        var of = Grad.Of(f)(a, b);
        var (_, withValue) = Grad.ValueAndGradient(f)(a, b);
        Assert.Equal(withValue, of);
        var plain = f.Compile();
        var numeric = FiniteDifferences.Gradient(x => plain(x[0], x[1]), [a, b]);
        FiniteDifferences.AssertClose(numeric, [of.Item1, of.Item2], 1e-6, 1e-7, f.ToString());
        Assert.True(of.Item1 != 0 || of.Item2 != 0, "the gradient is not identically zero");
    }
}
