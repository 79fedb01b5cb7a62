using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Registers derivative rules for your own static methods, in one line and the same way the built-in
/// table does. A rule gives, for each argument, the contribution <c>(g, y, x…) =&gt; …</c> that the output
/// adjoint g sends to that argument, where y is the method's forward output:
/// <code>Derivatives.Register((double x) =&gt; MyMath.Softplus(x), (g, y, x) =&gt; g * Ops.Sigmoid(x));</code>
/// Registration affects gradients built afterwards; a gradient being built while another thread registers
/// uses the whole table from before the registration or the whole table from after it, never a mix.
/// Registering a method that already has a rule of yours replaces that rule (so re-running setup code is
/// harmless). A method with a built-in rule (<c>Math.Exp</c>, <c>Ops.Sigmoid</c>, operators…) is replaced only
/// with <c>replace: true</c>, because the change applies to every gradient in the process; without it the
/// registration throws <see cref="ArgumentException"/>. Check a new rule with <c>GradCheck</c>.
/// A <c>double</c> contribution is emitted as <c>g == 0 &amp;&amp; double.IsInfinity(c(1)) ? 0 : c(g)</c>, so a zero
/// adjoint stays zero even where the partial is infinite; write contributions linear in g.
/// </summary>
public static class Derivatives
{
    /// <summary>Registers the rule of a one-argument method.</summary>
    /// <param name="primitive">A sample call of the method on the lambda's parameter, e.g. <c>(double x) =&gt; MyMath.F(x)</c>.</param>
    /// <param name="adjoint">The contribution to the argument, <c>(g, y, x) =&gt; …</c>.</param>
    /// <param name="replace">True to replace a built-in rule; otherwise a built-in method is an <see cref="ArgumentException"/>.</param>
    public static void Register<T1, TResult>(Expression<Func<T1, TResult>> primitive,
        Expression<Func<TResult, TResult, T1, T1>> adjoint, bool replace = false) =>
        RuleTable.Register(primitive, replace, Required(adjoint));

    /// <summary>Registers the rule of a two-argument method; a null adjoint means no gradient to that argument.</summary>
    /// <param name="primitive">A sample call, e.g. <c>(double a, double b) =&gt; MyMath.F(a, b)</c>.</param>
    /// <param name="adjoint1">The contribution to the first argument, <c>(g, y, a, b) =&gt; …</c>.</param>
    /// <param name="adjoint2">The contribution to the second argument, <c>(g, y, a, b) =&gt; …</c>.</param>
    /// <param name="replace">True to replace a built-in rule; otherwise a built-in method is an <see cref="ArgumentException"/>.</param>
    public static void Register<T1, T2, TResult>(Expression<Func<T1, T2, TResult>> primitive,
        Expression<Func<TResult, TResult, T1, T2, T1>>? adjoint1,
        Expression<Func<TResult, TResult, T1, T2, T2>>? adjoint2, bool replace = false) =>
        RuleTable.Register(primitive, replace, adjoint1, adjoint2);

    /// <summary>Registers the rule of a three-argument method; a null adjoint means no gradient to that argument.</summary>
    /// <param name="primitive">A sample call, e.g. <c>(double a, double b, double c) =&gt; MyMath.F(a, b, c)</c>.</param>
    /// <param name="adjoint1">The contribution to the first argument.</param>
    /// <param name="adjoint2">The contribution to the second argument.</param>
    /// <param name="adjoint3">The contribution to the third argument.</param>
    /// <param name="replace">True to replace a built-in rule; otherwise a built-in method is an <see cref="ArgumentException"/>.</param>
    public static void Register<T1, T2, T3, TResult>(Expression<Func<T1, T2, T3, TResult>> primitive,
        Expression<Func<TResult, TResult, T1, T2, T3, T1>>? adjoint1,
        Expression<Func<TResult, TResult, T1, T2, T3, T2>>? adjoint2,
        Expression<Func<TResult, TResult, T1, T2, T3, T3>>? adjoint3, bool replace = false) =>
        RuleTable.Register(primitive, replace, adjoint1, adjoint2, adjoint3);

    /// <summary>Declares that a method's output carries no gradient (like Math.Floor), so it may take
    /// differentiable inputs without an error.</summary>
    /// <param name="primitive">A sample call, e.g. <c>(double x) =&gt; MyMath.Bucket(x)</c>.</param>
    /// <param name="replace">True to replace a built-in rule; otherwise a built-in method is an <see cref="ArgumentException"/>.</param>
    public static void NonDifferentiable(LambdaExpression primitive, bool replace = false)
    {
        ArgumentNullException.ThrowIfNull(primitive);
        RuleTable.Register(primitive, replace, new LambdaExpression?[primitive.Parameters.Count]);
    }

    private static LambdaExpression Required(LambdaExpression? adjoint) =>
        adjoint ?? throw new ArgumentNullException(nameof(adjoint));
}
