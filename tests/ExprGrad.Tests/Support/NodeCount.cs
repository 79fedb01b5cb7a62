using System.Linq.Expressions;

namespace ExprGrad.Tests.Support;

/// <summary>How many nodes of one kind a tree holds: the operations a pass is meant to remove (divisions, negations, calls).</summary>
public static class NodeCount
{
    /// <summary>The number of nodes of type <paramref name="type"/> in <paramref name="tree"/>.</summary>
    public static int Of(Expression tree, ExpressionType type) => Of(tree, node => node.NodeType == type);

    /// <summary>The number of nodes in <paramref name="tree"/> for which <paramref name="counts"/> holds.</summary>
    public static int Of(Expression tree, Func<Expression, bool> counts)
    {
        var counter = new Counter(counts);
        counter.Visit(tree);
        return counter.Count;
    }

    private sealed class Counter(Func<Expression, bool> counts) : ExpressionVisitor
    {
        public int Count { get; private set; }

        public override Expression? Visit(Expression? node)
        {
            if (node is not null && counts(node)) Count++;
            return base.Visit(node);
        }
    }
}
