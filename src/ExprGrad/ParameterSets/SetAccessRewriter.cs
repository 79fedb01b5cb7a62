using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad;

/// <summary>
/// Rewrites a function of parameter sets into a function of their members: a read of a parameter
/// (<c>p.W1</c>, <c>p.Layers[0].b</c>) becomes that member's own parameter, the length of an array of sets a
/// constant of the structure, and a read of a data member stays a read of the set, made at call time. A set
/// bound to a lambda's parameter (an invoked lambda, <c>Ops.Let</c>) is substituted into its body. Any other
/// use of a set as a value (passed to a method, compared, returned) would lose the gradients through it, so it
/// throws, as do a computed index into an array of sets and a read of a computed property.
/// </summary>
internal sealed class SetAccessRewriter : ExpressionVisitor
{
    private readonly IReadOnlyDictionary<ParameterExpression, SetInstanceNode> roots;

    private SetAccessRewriter(IReadOnlyDictionary<ParameterExpression, SetInstanceNode> roots) => this.roots = roots;

    public static Expression Rewrite(Expression body, IReadOnlyDictionary<ParameterExpression, SetInstanceNode> roots) =>
        StackGuard.Run(() => new SetAccessRewriter(roots).Visit(body)!);

    public override Expression? Visit(Expression? node)
    {
        if (node is ParameterExpression or MemberExpression or BinaryExpression { NodeType: ExpressionType.ArrayIndex })
        {
            switch (Resolve(node))
            {
                case LeafNode leaf:
                    return leaf.Parameter;
                case SetNode set:
                    throw new UnsupportedExpressionException(node,
                        $"The parameter set '{set.Path}' ({node.Type.Name}) is used as a whole, so ExprGrad cannot follow the gradients through it.",
                        $"read its members in the lambda instead ({set.Path}.Member), or pass the members themselves.");
                case DataRead:
                    return node;
            }
        }
        return node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);
    }

    private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

    protected override Expression VisitUnary(UnaryExpression node)
    {
        if (node.NodeType == ExpressionType.ArrayLength && Resolve(node.Operand) is SetArrayNode array)
            return array.Grows ? node : Expression.Constant(array.Elements.Count);
        return base.VisitUnary(node);
    }

    protected override Expression VisitInvocation(InvocationExpression node)
    {
        var target = node.Expression is UnaryExpression { NodeType: ExpressionType.Convert, Operand: LambdaExpression converted } ? converted : node.Expression;
        if (target is not LambdaExpression lambda || !node.Arguments.Any(IsSet)) return base.VisitInvocation(node);
        var map = new Dictionary<ParameterExpression, Expression>();
        var rest = new List<(ParameterExpression Parameter, Expression Argument)>();
        for (int i = 0; i < lambda.Parameters.Count; i++)
        {
            if (IsSet(node.Arguments[i])) map[lambda.Parameters[i]] = node.Arguments[i];
            else rest.Add((lambda.Parameters[i], node.Arguments[i]));
        }
        var body = ParameterSubstitution.Apply(lambda.Body, map);
        return rest.Count == 0 ? Visit(body)! : Visit(Expression.Invoke(Expression.Lambda(body, rest.Select(r => r.Parameter)), rest.Select(r => r.Argument)))!;
    }

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        if (node.Method.IsGenericMethod && node.Method.GetGenericMethodDefinition() == OpsMethods.Let && IsSet(node.Arguments[0])
            && node.Arguments[1] is LambdaExpression { Parameters: [var bound] } body)
            return Visit(ParameterSubstitution.Apply(body.Body, new Dictionary<ParameterExpression, Expression> { [bound] = node.Arguments[0] }))!;
        return base.VisitMethodCall(node);
    }

    private bool IsSet(Expression e) => Resolve(e) is SetInstanceNode or SetArrayNode;

    /// <summary>A data member of a set: read as written, at call time.</summary>
    private sealed class DataRead
    {
        public static readonly DataRead Instance = new();
    }

    /// <summary>What <paramref name="e"/> denotes inside a parameter set: a node, a data read, or null when it
    /// is not a chain of member reads and constant indices starting at a set parameter.</summary>
    private object? Resolve(Expression e)
    {
        switch (e)
        {
            case ParameterExpression p:
                return roots.GetValueOrDefault(p);
            case MemberExpression { Expression: { } inner } m:
                if (Resolve(inner) is not SetInstanceNode set) return null;
                var member = set.Layout.Members.FirstOrDefault(x => Same(x.Info, m.Member));
                if (member is null)
                {
                    if (TensorTypes.IsDifferentiable(m.Type))
                        throw new UnsupportedExpressionException(m,
                            $"The function reads {set.Path}.{m.Member.Name}, which is not a public member of {set.Layout.Type.Name}, so it is not one of its parameters.",
                            "make the member public, or read it from the closure as data.");
                    return DataRead.Instance;
                }
                if (member.Kind == SetMemberKind.Computed)
                    throw new UnsupportedExpressionException(m,
                        $"The function reads {set.Path}.{member.Name}, a property computed by code ExprGrad cannot see, so no gradient could flow through it.",
                        "write its computation out in the lambda from the members it reads.");
                return set.Child(member) ?? (object)DataRead.Instance;
            case BinaryExpression { NodeType: ExpressionType.ArrayIndex, Left: var left, Right: var index } read:
                if (Resolve(left) is not SetArrayNode array) return null;
                if (index is not ConstantExpression { Value: int k })
                    throw new UnsupportedExpressionException(read,
                        $"The array of parameter sets {array.Path} is indexed by a value computed when the function runs; each set in it has parameters of its own, " +
                        "which ExprGrad must know when it builds the gradient.",
                        $"index it with constants ({array.Path}[0], {array.Path}[1], …).");
                return array.Element(k);
            default:
                return null;
        }
    }

    private static bool Same(MemberInfo a, MemberInfo b) => a.Module == b.Module && a.MetadataToken == b.MetadataToken;
}
