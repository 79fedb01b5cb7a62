using System.Linq.Expressions;

namespace ExprGrad.Tests.HigherOrder;

/// <summary>A derivative nested in a gradient runs reverse mode over tangent code: an overflowed tangent on a path
/// that never reaches the result must not turn the gradient into NaN (found by the differential harness).</summary>
public class NestedDerivativeOverflowTests
{
    [Fact]
    public void AnOverflowedValueOverwrittenInALoopLeavesTheNestedDerivativesGradientFinite()
    {
        // Along the line w + t·(1, 1): s = exp(exp(exp(w₀ + t))) overflows at w₀ = 2.6 (e^e^13.5), then the loop
        // overwrites it three times, the last with (w₁ + t)² + 0. So g(w) = d/dt (w₁ + t)² at 0 = 2w₁ = 3 at w₁ = 1.5,
        // and ∇g = (0, 2): the overflowed value reaches neither.
        var w = Expression.Parameter(typeof(double[]), "w");
        var t = Expression.Parameter(typeof(double), "t");
        var s = Expression.Variable(typeof(double), "s");
        var k = Expression.Variable(typeof(int), "k");
        var done = Expression.Label("done");
        var exp = typeof(Math).GetMethod(nameof(Math.Exp))!;
        Expression At(int i) => Expression.Add(Expression.ArrayIndex(w, Expression.Constant(i)), t);
        var line = Expression.Lambda<Func<double, double>>(Expression.Block(typeof(double), [s, k],
            Expression.Assign(s, Expression.Call(exp, Expression.Call(exp, Expression.Call(exp, At(0))))),
            Expression.Assign(k, Expression.Constant(2)),
            Expression.Loop(Expression.IfThenElse(Expression.GreaterThanOrEqual(k, Expression.Constant(0)),
                Expression.Block(
                    Expression.Assign(s, Expression.Add(Expression.Multiply(At(1), At(1)), Expression.Convert(k, typeof(double)))),
                    Expression.PostDecrementAssign(k)),
                Expression.Break(done)), done),
            s), t);
        var g = Expression.Lambda<Func<double[], double>>(
            Expression.Call(typeof(Ops), nameof(Ops.Derivative), null, Expression.Quote(line), Expression.Constant(0.0)), w);

        var (value, gradient) = Grad.ValueAndGradient(g)([2.6, 1.5]);

        Assert.Equal(3.0, value, 12);
        Assert.Equal([0.0, 2.0], gradient);
    }
}
