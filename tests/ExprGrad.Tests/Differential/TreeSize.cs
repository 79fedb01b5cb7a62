using System.Linq.Expressions;

namespace ExprGrad.Tests.Differential;

/// <summary>Counts an expression's nodes as a tree (shared subtrees once per use), stopping at a limit.</summary>
public sealed class TreeSize : ExpressionVisitor
{
    private readonly int limit;
    private int count;

    private TreeSize(int limit) => this.limit = limit;

    /// <summary>Whether <paramref name="e"/> has more than <paramref name="limit"/> nodes as a tree.</summary>
    public static bool Exceeds(Expression e, int limit)
    {
        var size = new TreeSize(limit);
        size.Visit(e);
        return size.count > limit;
    }

    /// <inheritdoc/>
    public override Expression? Visit(Expression? node)
    {
        if (node is null || count > limit) return node;
        count++;
        return StackGuard.Run(() => base.Visit(node));
    }
}
