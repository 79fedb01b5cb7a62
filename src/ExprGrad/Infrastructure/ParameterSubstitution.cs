using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>Replaces parameters by expressions: inlines rule lambdas and rebinds lambda bodies.</summary>
internal sealed class ParameterSubstitution : ExpressionVisitor
{
    private readonly IReadOnlyDictionary<ParameterExpression, Expression> map;

    private ParameterSubstitution(IReadOnlyDictionary<ParameterExpression, Expression> map) => this.map = map;

    public static Expression Apply(Expression body, IReadOnlyDictionary<ParameterExpression, Expression> map) =>
        map.Count == 0 ? body : StackGuard.Run(() => new ParameterSubstitution(map).Visit(body)!);

    /// <summary>The body of <paramref name="lambda"/> with its parameters replaced by <paramref name="arguments"/>.</summary>
    public static Expression Inline(LambdaExpression lambda, params Expression[] arguments)
    {
        var map = new Dictionary<ParameterExpression, Expression>(lambda.Parameters.Count);
        for (int i = 0; i < lambda.Parameters.Count; i++) map[lambda.Parameters[i]] = arguments[i];
        return Apply(lambda.Body, map);
    }

    /// <summary>A lambda's own parameters shadow the map: the same ParameterExpression can be bound outside
    /// (a scan's state, once its step was inlined) and be the parameter of a lambda inside (the same step,
    /// kept whole in a verbatim node), and substituting it there makes an ill-typed or unbound lambda.</summary>
    protected override Expression VisitLambda<T>(Expression<T> node)
    {
        if (!node.Parameters.Any(map.ContainsKey)) return base.VisitLambda(node);
        var inner = map.Where(kv => !node.Parameters.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
        return node.Update(Apply(node.Body, inner), node.Parameters);
    }

    protected override Expression VisitParameter(ParameterExpression node) =>
        map.TryGetValue(node, out var replacement) ? replacement : node;

    public override Expression? Visit(Expression? node) =>
        node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

    private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));
}
