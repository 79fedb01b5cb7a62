using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad;

internal sealed partial class Linearizer
{
    private static readonly MethodInfo? MatrixMap = typeof(Ops).GetMethod("Map", [typeof(double[,]), typeof(Func<double, double>)]);
    private static readonly MethodInfo? VectorMap = typeof(Ops).GetMethod("Map", [typeof(double[]), typeof(Func<double, double>)]);

    private static bool IsMap(MethodInfo method) => method == MatrixMap || method == VectorMap;

    /// <summary>
    /// <c>Ops.Map(a, v =&gt; f(v))</c>: a primitive whose rule is made for this call site. The forward value
    /// is an inline loop applying f; the adjoint is g ∘ f'(a), with f' compiled by this same compiler
    /// from f's own tree and inlined into the loop.
    /// </summary>
    private Expression Map(MethodCallExpression call, Scope scope)
    {
        var input = Atom(call.Arguments[0], scope);
        var f = LambdaArgument(call, 1, 1);
        var element = Expression.Lambda<Func<double, double>>(
            ParameterSubstitution.Apply(f.Body, scope.VisibleBindings()), f.Parameters);
        if (FreeParameters.Of(element) is { Count: > 0 } outer) return MapReadingOuterValues(call, input, element, outer, scope);
        if (ActiveReferences.Any(element.Body, active))
            throw UnsupportedExpressionException.Node(call,
                "Map's lambda reads a differentiable value from outside its own parameter; its gradient would need a reduction over all elements.");

        var forward = Elementwise.Build(input, index => Expression.Invoke(element, Expression.ArrayAccess(input, index)));
        if (!active.Contains(input)) return Passive(forward, scope);

        var derivative = Pipeline.Build(element, ProgramKind.Gradient, options, rules);
        var (g, y, a) = (Expression.Parameter(input.Type, "g"), Expression.Parameter(input.Type, "y"), Expression.Parameter(input.Type, "a"));
        var adjoint = Expression.Lambda(
            Elementwise.Build(a, index => ZeroAdjointGuard.Times(Expression.ArrayAccess(g, index),
                Expression.Invoke(derivative, Expression.ArrayAccess(a, index)))),
            g, y, a);
        var output = NewSlot(input.Type, "map", scope);
        scope.Tape.Steps.Add(new PrimitiveStep(output, forward, new Rule("Ops.Map", [adjoint], tangent: null), [input]));
        active.Add(output);
        return output;
    }
}
