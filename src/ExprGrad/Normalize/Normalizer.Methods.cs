using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad;

internal sealed partial class Normalizer
{
    /// <summary>The [Differentiable] methods being inlined, innermost last: a call to one of them again is recursion.</summary>
    private readonly List<MethodInfo> inlining = [];

    /// <summary>
    /// A call to a <see cref="DifferentiableAttribute"/> method as its registered body: a block whose variables,
    /// the method's parameters, are assigned the arguments first (each evaluated once, in order), its jumps
    /// lowered to the loop shapes the core differentiates. A rule registered for the method wins over its body.
    /// </summary>
    private Expression? InlinedMethod(MethodCallExpression node)
    {
        if (node.Object is not null || !DifferentiableMethods.TryGet(node.Method, out var lambda)) return null;
        if (rules.Contains(RuleKey.Of(node.Method))) return null;
        if (inlining.Contains(node.Method))
            throw new UnsupportedExpressionException(node,
                $"The [Differentiable] method {DifferentiableMethods.Name(node.Method)} calls itself (through {string.Join(" → ", inlining.Select(m => m.Name))}); ExprGrad inlines method bodies and cannot differentiate recursion.",
                "write the recursion as a loop, or register a derivative rule for the method with Derivatives.Register.");
        // The arguments are outside the method: a call to it there (Square(Square(x))) is not recursion.
        var arguments = node.Arguments.Select(a => Visit(a)!).ToArray();
        var (parameters, body) = FreshCopy.Of(lambda);
        inlining.Add(node.Method);
        try
        {
            body = Visit(ArrayAliases.Run(JumpLowering.ApplyThroughout(body)))!;
        }
        finally
        {
            inlining.RemoveAt(inlining.Count - 1);
        }
        var bindings = parameters.Select((p, i) => (Expression)Expression.Assign(p, arguments[i]));
        // Visited once more as a whole, so that the parameter bindings become lets where they can.
        return Visit(Expression.Block(node.Type, parameters, [.. bindings, body]))!;
    }
}
