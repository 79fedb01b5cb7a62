using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// A copy of a method body with new variables and labels: each inlined call gets its own, so the same method
/// inlined twice (or into its own arguments) never shares a local or a loop label between the two copies.
/// </summary>
internal sealed class FreshCopy : ExpressionVisitor
{
    private readonly Dictionary<ParameterExpression, ParameterExpression> variables = [];
    private readonly Dictionary<LabelTarget, LabelTarget> labels = [];

    /// <summary>The body of <paramref name="lambda"/> over new parameters, returned alongside.</summary>
    public static (IReadOnlyList<ParameterExpression> Parameters, Expression Body) Of(LambdaExpression lambda)
    {
        var copy = new FreshCopy();
        var parameters = lambda.Parameters.Select(copy.Renamed).ToArray();
        return (parameters, StackGuard.Run(() => copy.Visit(lambda.Body)!));
    }

    private ParameterExpression Renamed(ParameterExpression v)
    {
        var fresh = Expression.Variable(v.Type, v.Name);
        variables[v] = fresh;
        return fresh;
    }

    public override Expression? Visit(Expression? node) =>
        node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

    private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

    protected override Expression VisitBlock(BlockExpression node)
    {
        var locals = node.Variables.Select(Renamed).ToArray();
        return Expression.Block(node.Type, locals, node.Expressions.Select(e => Visit(e)!));
    }

    protected override CatchBlock VisitCatchBlock(CatchBlock node) =>
        throw UnsupportedExpressionException.Node(Expression.Empty(), "ExprGrad cannot differentiate try/catch in a [Differentiable] method.");

    protected override Expression VisitLambda<T>(Expression<T> node)
    {
        var parameters = node.Parameters.Select(Renamed).ToArray();
        return Expression.Lambda<T>(Visit(node.Body)!, node.Name, node.TailCall, parameters);
    }

    protected override Expression VisitParameter(ParameterExpression node) =>
        variables.TryGetValue(node, out var fresh) ? fresh : node;

    protected override LabelTarget? VisitLabelTarget(LabelTarget? node)
    {
        if (node is null) return null;
        if (!labels.TryGetValue(node, out var fresh)) labels[node] = fresh = Expression.Label(node.Type, node.Name);
        return fresh;
    }
}
