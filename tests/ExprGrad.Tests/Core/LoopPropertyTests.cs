using System.Linq.Expressions;
using ExprGrad.Tests.Oracles;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ExprGrad.Tests.Core;

/// <summary>Generated trees placed inside loops, against the dual-number gradient of the tree alone:
/// the loops' contribution is known in closed form, so the expected gradient is exact.</summary>
public class LoopPropertyTests
{
    private static Expression<Func<double[], double>> Wrap(GradientCase c, Func<ParameterExpression, Expression, Expression> around)
    {
        var x = c.Tree.Parameters[0];
        return Expression.Lambda<Func<double[], double>>(around(x, c.Tree.Body), x);
    }

    [Property(Arbitrary = [typeof(GradientCases)], MaxTest = 150, Replay = "2468024,1357913579")]
    public Property TreeInsideASum(GradientCase c)
    {
        // f = x₀ · Σ_{i<3} tree·(i + 1) = 6·x₀·tree, so ∇f = 6·(x₀·∇tree + tree·e₀).
        var reference = DualEvaluator.Gradient(c.Tree, c.Point);
        var i = Expression.Parameter(typeof(int), "i");
        var f = Wrap(c, (x, tree) => Expression.Multiply(Expression.ArrayIndex(x, Expression.Constant(0)),
            Expression.Call(OpsMethods.Sum, Expression.Constant(3), Expression.Lambda<Func<int, double>>(
                Expression.Multiply(tree, Expression.Convert(Expression.Add(i, Expression.Constant(1)), typeof(double))), i))));
        return Prop.When(c.SuitsFiniteDifferences(reference), () =>
        {
            var expected = reference.Gradient.Select((g, k) => 6 * (c.Point[0] * g + (k == 0 ? reference.Value : 0))).ToArray();
            FiniteDifferences.AssertClose(expected, Grad.Of(f)(c.Point), 1e-9, 1e-9, "sum around " + c);
        });
    }

    [Property(Arbitrary = [typeof(GradientCases)], MaxTest = 150, Replay = "9753197,1122334455")]
    public Property TreeInsideAScan(GradientCase c)
    {
        // s₀ = x₀, s_{t+1} = s_t/2 + tree: s₃ = x₀/8 + (1/4 + 1/2 + 1)·tree, so ∇s₃ = e₀/8 + 1.75·∇tree.
        var reference = DualEvaluator.Gradient(c.Tree, c.Point);
        var (s, t) = (Expression.Parameter(typeof(double), "s"), Expression.Parameter(typeof(int), "t"));
        var f = Wrap(c, (x, tree) => Expression.ArrayIndex(
            Expression.Call(OpsMethods.Scan, Expression.Constant(3), Expression.ArrayIndex(x, Expression.Constant(0)),
                Expression.Lambda<Func<double, int, double>>(Expression.Add(Expression.Multiply(s, Expression.Constant(0.5)), tree), s, t)),
            Expression.Constant(3)));
        return Prop.When(c.SuitsFiniteDifferences(reference), () =>
        {
            var expected = reference.Gradient.Select((g, k) => 1.75 * g + (k == 0 ? 0.125 : 0)).ToArray();
            FiniteDifferences.AssertClose(expected, Grad.Of(f)(c.Point), 1e-9, 1e-9, "scan around " + c);
        });
    }
}
