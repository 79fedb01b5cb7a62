using System.Linq.Expressions;
using ExprGrad.Tests.Support;

namespace ExprGrad.Tests.HigherOrder;

/// <summary>
/// <see cref="GradientOptions.BindTangentValues"/>: forward over reverse reads a primitive's value from the variable the
/// gradient program assigned it to, instead of computing the primitive again inside its tangent rule.
/// </summary>
public class BindTangentValuesTests
{
    /// <summary>
    /// The logistic loss log(1 + e^z), z = w₀w₁: its gradient program computes σ(z); the tangent of σ is σ(z)σ(−z). Bound,
    /// the Hessian-vector program computes σ(z) once and σ(−z) once; unbound, the tangent rule computed σ(z) again (the
    /// B14 cause: a third exponential per row).
    /// </summary>
    [Fact]
    public void TheTangentOfALogisticLossComputesTheSigmoidOnce()
    {
        Expression<Func<double[], double>> f = w => Ops.Log1pExp(w[0] * w[1]);
        var options = GradientOptions.Default with { Checkpointing = false, ReuseTrails = false, WriteArraysInPlace = false };
        var gradient = Pipeline.BuildGradient(f, withValue: false, options, RuleTable.Current);
        var bound = TangentTransformer.Transform(gradient, RuleTable.Current, options);
        var unbound = TangentTransformer.Transform(gradient, RuleTable.Current, options with { BindTangentValues = false });
        Assert.Equal(2, Calls(bound, nameof(Ops.InvLogit)));
        Assert.True(Calls(unbound, nameof(Ops.InvLogit)) > 2, "the unbound program is the reference: it recomputes σ(z)");
    }

    /// <summary>The same Hessian bit for bit either way (the values bound are the values recomputed): the logistic loss, a
    /// square root and an exponential, whose rules read their values, at a point where each is far from 1.</summary>
    [Fact]
    public void BindingGivesTheSameHessianBitForBit()
    {
        Expression<Func<double[], double>> f = w => Ops.Log1pExp(w[0] * w[1]) + Math.Sqrt(w[1] * w[1] + w[2]) * Math.Exp(w[0] - w[2]);
        double[] x = [0.7, -1.3, 2.1];
        var on = Grad.Hessian(f)(x);
        var off = Grad.Hessian(f, GradientOptions.Default with { BindTangentValues = false })(x);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) Assert.Equal(off[i, j], on[i, j]);
    }

    private static int Calls(LambdaExpression program, string name) =>
        NodeCount.Of(program, node => node is MethodCallExpression call && call.Method.Name == name);
}
