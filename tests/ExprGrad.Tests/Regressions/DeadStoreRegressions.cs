using System.Linq.Expressions;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Regressions;

/// <summary>
/// Found by the differential harness (CI seed set at 3,000 programs): a dead loop nested in a dead loop had
/// its reads taken off twice, so a closure read that a later statement still used was removed too — the
/// gradient then read an unassigned variable (a NullReferenceException here; an unassigned double would
/// have been a silent 0).
/// </summary>
public class DeadStoreRegressions
{
    private static readonly double[] Data = [-2.33632];

    private static readonly Expression<Func<double[], double>> F =
        w => Sum(1, i => Let(Sum(1, j => Data[j]), v => Data.Sum(u => Math.Tanh(w[i])) / 1)) / 1;

    [Fact]
    public void DeadNestedLoopsDoNotTakeAStillReadVariableWithThem()
    {
        // f(w) = tanh(w₀)·|Data| = tanh(w₀): f′ = 1 − tanh²(w₀), f″ = −2·tanh(w₀)·(1 − tanh²(w₀)).
        double w0 = -0.47615, t = Math.Tanh(w0);
        Assert.Equal(1 - t * t, Grad.Of(F)([w0])[0], 1e-15);
        Assert.Equal(-2 * t * (1 - t * t), Grad.Hessian(F)([w0])[0, 0], 1e-14);
    }

    [Fact]
    public void EveryPassConfigurationAgreesOnTheDeadNestedLoops()
    {
        var expected = Grad.Of(F, new GradientOptions { EliminateDeadStores = false })([-0.47615]);
        foreach (var pass in GradientOptions.Passes)
            Assert.Equal(expected, Grad.Of(F, GradientOptions.Default.With(pass, false))([-0.47615]));
    }
}
