using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Takes the statements a pass found dead out of every block of a program: each expression of a block but its
/// value (the last one, unless the block is void) that <c>drop</c> picks. A block left with nothing becomes
/// <c>Empty()</c>. Shared by the passes that remove statements (dead stores, overwritten stores, dead element writes).
/// </summary>
internal class StatementRemover(Func<Expression, bool> drop) : ExpressionVisitor
{
    /// <inheritdoc/>
    public override Expression? Visit(Expression? node) => node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

    private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

    /// <inheritdoc/>
    protected override Expression VisitBlock(BlockExpression node)
    {
        var kept = new List<Expression>(node.Expressions.Count);
        for (int i = 0; i < node.Expressions.Count; i++)
        {
            var e = node.Expressions[i];
            bool isStatement = i < node.Expressions.Count - 1 || node.Type == typeof(void);
            if (isStatement && drop(e)) continue;
            kept.Add(Visit(e)!);
        }
        if (kept.Count == 0) kept.Add(Expression.Empty());
        return Expression.Block(node.Type, node.Variables, kept);
    }
}
