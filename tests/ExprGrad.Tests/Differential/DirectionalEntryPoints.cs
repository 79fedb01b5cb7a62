using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace ExprGrad.Tests.Differential;

/// <summary>
/// The entry points that take functions of one <c>double</c> (<c>Ops.Derivative</c>, <c>Grad.NthDerivative</c>)
/// reach every program through a line: g(t) = f(x + t·v), with v the program's <see cref="RenderedProgram.Direction"/>,
/// so g′(0) = ∇f·v and g″(0) = vᵀHv whatever the parameter types. The line is written as the user would:
/// the program invoked on shifted arguments (<c>x + t·v</c>, <c>Ops.Add(w, Ops.Scale(t, V))</c>).
/// </summary>
public static class DirectionalEntryPoints
{
    /// <summary>
    /// <c>Grad.ValueAndGradient</c> of <c>x =&gt; Ops.Derivative(t =&gt; f(x + t·v), 0)</c>: a derivative nested in a
    /// gradient (reverse over forward), whose value is ∇f·v and whose gradient is H·v.
    /// </summary>
    public static readonly EntryPoint DerivativeInsideAGradient = new("Ops.Derivative inside Grad.ValueAndGradient", false, _ => true, (p, _) =>
    {
        var t = Expression.Parameter(typeof(double), "t");
        var line = Expression.Lambda<Func<double, double>>(Along(p, p.Function.Parameters, t), t);
        var body = Expression.Call(typeof(Ops), nameof(Ops.Derivative), null, Expression.Quote(line), Expression.Constant(0.0));
        var gradient = EntryPoints.ValueAndGradientOf(Expression.Lambda(body, p.Function.Parameters), p);
        return args => EntryPoints.Call(gradient, args) is ITuple { Length: 2 } r
            ? new Answer(null, [(double)r[0]!], EntryPoints.Flatten(r[1]))
            : throw new InvalidOperationException("ValueAndGradient did not return (value, gradient).");
    })
    {
        Expected = (p, gradient) => [Dot(gradient, p.Direction())],
        CurvatureFromHessian = Times,
    };

    /// <summary>
    /// <c>Grad.NthDerivative</c> of t ↦ f(x + t·v) at 0, orders 1 and 2: ∇f·v, and vᵀHv as curvature. It is
    /// built at the call, with the point as constants, because the line starts at the point.
    /// </summary>
    public static readonly EntryPoint NthDerivative = new("Grad.NthDerivative", false, _ => true, (p, _) => args =>
    {
        var t = Expression.Parameter(typeof(double), "t");
        var line = Expression.Lambda<Func<double, double>>(Along(p, [.. args.Select(a => Expression.Constant(a))], t), t);
        return new Answer(null, [Grad.NthDerivative(line, 1)(0)], [Grad.NthDerivative(line, 2)(0)]);
    })
    {
        Expected = (p, gradient) => [Dot(gradient, p.Direction())],
        CurvatureFromHessian = (h, v) => [Dot(v, Times(h, v))],
    };

    /// <summary>The program invoked at <paramref name="point"/> + t·v, one shifted argument per parameter.</summary>
    private static Expression Along(RenderedProgram p, IReadOnlyList<Expression> point, ParameterExpression t)
    {
        var direction = p.Unflatten(p.Direction());
        var shifted = point.Select((x, i) => direction[i] switch
        {
            double v => Expression.Add(x, Expression.Multiply(t, Expression.Constant(v))),
            var array => (Expression)Expression.Call(typeof(Ops), nameof(Ops.Add), null, x,
                Expression.Call(typeof(Ops), nameof(Ops.Scale), null, t, Expression.Constant(array))),
        });
        return Expression.Invoke(p.Function, shifted);
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b).Sum(ab => ab.First * ab.Second);

    /// <summary>H·v.</summary>
    public static double[] Times(double[,] h, double[] v) =>
        [.. Enumerable.Range(0, v.Length).Select(i => Enumerable.Range(0, v.Length).Sum(j => h[i, j] * v[j]))];
}
