using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>The parameters a lambda reads that neither it nor anything inside it declares: the values it closes
/// over from the program around it (atoms of the enclosing tape, loop indices, the function's parameters).</summary>
internal sealed class FreeParameters : ExpressionVisitor
{
    private readonly HashSet<ParameterExpression> declared;
    private readonly List<ParameterExpression> found = [];

    private FreeParameters(IEnumerable<ParameterExpression> declared) => this.declared = [.. declared];

    /// <summary>In order of first reading, each once.</summary>
    public static IReadOnlyList<ParameterExpression> Of(LambdaExpression lambda) => Of(lambda.Body, lambda.Parameters);

    /// <summary>The parameters <paramref name="body"/> reads besides <paramref name="declared"/> and those it declares itself.</summary>
    public static IReadOnlyList<ParameterExpression> Of(Expression body, IEnumerable<ParameterExpression> declared)
    {
        var finder = new FreeParameters(declared);
        finder.Visit(body);
        return finder.found;
    }

    public override Expression? Visit(Expression? node) => node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

    private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

    protected override Expression VisitParameter(ParameterExpression node)
    {
        if (!declared.Contains(node) && !found.Contains(node)) found.Add(node);
        return node;
    }

    protected override Expression VisitBlock(BlockExpression node)
    {
        declared.UnionWith(node.Variables);
        return base.VisitBlock(node);
    }

    protected override Expression VisitLambda<T>(Expression<T> node)
    {
        declared.UnionWith(node.Parameters);
        return base.VisitLambda(node);
    }

    protected override CatchBlock VisitCatchBlock(CatchBlock node)
    {
        if (node.Variable is not null) declared.Add(node.Variable);
        return base.VisitCatchBlock(node);
    }
}
