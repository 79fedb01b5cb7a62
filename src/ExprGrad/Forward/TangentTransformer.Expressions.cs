using System.Linq.Expressions;

namespace ExprGrad;

internal sealed partial class TangentTransformer
{
    /// <summary>The tangent of a side-effect-free expression, or null when it is identically zero.</summary>
    private Expression? Tangent(Expression node) => StackGuard.Run(() => TangentOf(node));

    private Expression? TangentOf(Expression node)
    {
        if (!CarriesTangent(node.Type)) return null;
        switch (node)
        {
            case ConstantExpression or DefaultExpression:
                return null;
            case MemberExpression member:
                // A closure's field is data, constant with respect to the inputs (its object carries no tangent); a
                // tuple's item (an inlined gradient program's result) has the item of the tuple's tangent.
                return member.Expression is { } owner && Tangent(owner) is { } ownerTangent
                    ? Expression.MakeMemberAccess(ownerTangent, member.Member)
                    : null;
            case ParameterExpression p:
                // A variable nobody gave a tangent is held constant: that is what keeps a nested
                // derivative (d/dy inside d/dx) from confusing its perturbation with the outer one.
                return tangents.GetValueOrDefault(p);
            case IndexExpression { Indexer: null, Object: { } array } ix:
                return ElementTangent(array, ix.Arguments);
            case BinaryExpression { NodeType: ExpressionType.ArrayIndex, Left: var array } b:
                return ElementTangent(array, [b.Right]);
            case MethodCallExpression { Object: { } array, Method.Name: "Get" } get when array.Type == typeof(double[,]):
                return ElementTangent(array, get.Arguments);
            case MethodCallExpression call when TryStructure(call, out var structure):
                return structure;
            case NewExpression { Arguments.Count: 0 } trail when IsTrail(trail.Type):
                return Expression.New(trail.Type);
            case NewArrayExpression { NodeType: ExpressionType.NewArrayBounds } fresh:
                return fresh;
            case NewArrayExpression { NodeType: ExpressionType.NewArrayInit } init:
                return Expression.NewArrayInit(typeof(double), init.Expressions.Select(e => Tangent(e) ?? Expression.Constant(0.0)));
            case NewExpression tuple when tuple.Type.IsValueType:
                return Expression.New(tuple.Constructor!, tuple.Arguments.Select(a => Tangent(a) ?? ZeroLike(a)));
            case ConditionalExpression c:
                var (t, f) = (Tangent(c.IfTrue), Tangent(c.IfFalse));
                return t is null && f is null ? null : Expression.Condition(c.Test, t ?? ZeroLike(c.IfTrue), f ?? ZeroLike(c.IfFalse));
            case UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } u:
                return u.Operand.Type == u.Type ? Tangent(u.Operand) : null;
            case UnaryExpression { NodeType: ExpressionType.UnaryPlus } u:
                return Tangent(u.Operand);
            case BlockExpression block:
                // A value block (a guarded contribution binding its adjoint once, an inlined elementwise loop
                // filling a fresh array): the statements carry their own tangents, the result's tangent is the block's.
                var statements = block.Expressions.Take(block.Expressions.Count - 1).Select(Statement).ToList();
                statements.Add(Tangent(block.Result) ?? ZeroLike(block.Result));
                return Expression.Block(block.Type,
                    [.. block.Variables, .. block.Variables.Where(Varies).Select(TangentOf)], statements);
            case InvocationExpression { Expression: LambdaExpression lambda } invoke:
                return Tangent(ParameterSubstitution.Inline(lambda, [.. invoke.Arguments]));
        }
        if (RuleKey.Of(node) is { } key && rules.TryGet(key, out var rule))
        {
            var args = RuleKey.Arguments(node);
            return rule.TangentOf(node, args, [.. args.Select(Tangent)]);
        }
        throw UnsupportedExpressionException.Printed(node, $"Forward mode has no tangent rule for this {node.NodeType} node.",
            "rewrite this part with arithmetic, System.Math, ExprGrad.Ops or a method with a registered derivative.");
    }

    /// <summary>An element's tangent is the same element of the array's tangent: of a variable, an array
    /// literal, a scan's states or any tensor primitive's result.</summary>
    private Expression? ElementTangent(Expression array, IReadOnlyList<Expression> indices) => array switch
    {
        ParameterExpression p => tangents.TryGetValue(p, out var dot) ? Expression.ArrayAccess(dot, indices) : null,
        _ => Tangent(array) is { } dot ? Expression.ArrayAccess(dot, indices) : null,
    };


}
