using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Registers derivative rules for your own static methods, in one line and the same way the built-in
/// table does. A rule gives, for each argument, the contribution <c>(g, y, x…) =&gt; …</c> that the output
/// adjoint g sends to that argument, where y is the method's forward output:
/// <code>Derivatives.Register((double x) =&gt; MyMath.Softplus(x), (g, y, x) =&gt; g * Ops.Sigmoid(x));</code>
/// Registration affects gradients built afterwards. Check a new rule with <c>GradCheck</c>.
/// A <c>double</c> contribution is emitted as <c>g == 0 &amp;&amp; double.IsInfinity(c(1)) ? 0 : c(g)</c>, so a zero
/// adjoint stays zero even where the partial is infinite; write contributions linear in g.
/// </summary>
public static class Derivatives
{
    /// <summary>Registers the rule of a one-argument method.</summary>
    /// <param name="primitive">A sample call of the method on the lambda's parameter, e.g. <c>(double x) =&gt; MyMath.F(x)</c>.</param>
    /// <param name="adjoint">The contribution to the argument, <c>(g, y, x) =&gt; …</c>.</param>
    public static void Register<T1, TResult>(Expression<Func<T1, TResult>> primitive,
        Expression<Func<TResult, TResult, T1, T1>> adjoint) =>
        RuleTable.Add(primitive, Required(adjoint));

    /// <summary>Registers the rule of a two-argument method; a null adjoint means no gradient to that argument.</summary>
    /// <param name="primitive">A sample call, e.g. <c>(double a, double b) =&gt; MyMath.F(a, b)</c>.</param>
    /// <param name="adjoint1">The contribution to the first argument, <c>(g, y, a, b) =&gt; …</c>.</param>
    /// <param name="adjoint2">The contribution to the second argument, <c>(g, y, a, b) =&gt; …</c>.</param>
    public static void Register<T1, T2, TResult>(Expression<Func<T1, T2, TResult>> primitive,
        Expression<Func<TResult, TResult, T1, T2, T1>>? adjoint1,
        Expression<Func<TResult, TResult, T1, T2, T2>>? adjoint2) =>
        RuleTable.Add(primitive, adjoint1, adjoint2);

    /// <summary>Registers the rule of a three-argument method; a null adjoint means no gradient to that argument.</summary>
    /// <param name="primitive">A sample call, e.g. <c>(double a, double b, double c) =&gt; MyMath.F(a, b, c)</c>.</param>
    /// <param name="adjoint1">The contribution to the first argument.</param>
    /// <param name="adjoint2">The contribution to the second argument.</param>
    /// <param name="adjoint3">The contribution to the third argument.</param>
    public static void Register<T1, T2, T3, TResult>(Expression<Func<T1, T2, T3, TResult>> primitive,
        Expression<Func<TResult, TResult, T1, T2, T3, T1>>? adjoint1,
        Expression<Func<TResult, TResult, T1, T2, T3, T2>>? adjoint2,
        Expression<Func<TResult, TResult, T1, T2, T3, T3>>? adjoint3) =>
        RuleTable.Add(primitive, adjoint1, adjoint2, adjoint3);

    /// <summary>Declares that a method's output carries no gradient (like Math.Floor), so it may take
    /// differentiable inputs without an error.</summary>
    /// <param name="primitive">A sample call, e.g. <c>(double x) =&gt; MyMath.Bucket(x)</c>.</param>
    public static void NonDifferentiable(LambdaExpression primitive) => RuleTable.MarkNonDifferentiable(primitive);

    private static LambdaExpression Required(LambdaExpression? adjoint) =>
        adjoint ?? throw new ArgumentNullException(nameof(adjoint));
}
