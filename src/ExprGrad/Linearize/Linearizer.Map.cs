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

        var forward = ElementLoop(options.HoistLoopInvariants ? Pipeline.Build(element, ProgramKind.Forward, options, rules) : element,
            (program, index) => Elementwise.Build(input, i => Expression.Invoke(program, Expression.ArrayAccess(input, i))));
        if (!active.Contains(input)) return Passive(forward, scope);

        var derivative = Pipeline.Build(element, ProgramKind.Gradient, options, rules);
        var (g, y, a) = (Expression.Parameter(input.Type, "g"), Expression.Parameter(input.Type, "y"), Expression.Parameter(input.Type, "a"));
        var adjoint = Expression.Lambda(
            ElementLoop(derivative, (program, _) => Elementwise.Build(a, index => ZeroAdjointGuard.Times(Expression.ArrayAccess(g, index),
                Expression.Invoke(program, Expression.ArrayAccess(a, index))))),
            g, y, a);
        var output = NewSlot(input.Type, "map", scope);
        scope.Tape.Steps.Add(new PrimitiveStep(output, forward, new Rule("Ops.Map", [adjoint], tangent: null), [input]));
        active.Add(output);
        return output;
    }

    /// <summary>The elementwise loop <paramref name="loop"/> builds over a program of one element, with the program's
    /// invariant statements run once before it (<see cref="ElementInvariants"/>) when loop invariants are hoisted.</summary>
    private Expression ElementLoop(LambdaExpression program, Func<LambdaExpression, int, Expression> loop)
    {
        if (!options.HoistLoopInvariants) return loop(program, 0);
        var (variables, statements, rest) = ElementInvariants.Split(program);
        var elements = loop(rest, 0);
        return statements.Count == 0 ? elements : Expression.Block(elements.Type, variables, [.. statements, elements]);
    }
}
