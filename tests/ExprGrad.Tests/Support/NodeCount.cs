using System.Linq.Expressions;

namespace ExprGrad.Tests.Support;

/// <summary>How many nodes of one kind a tree holds: the operations a pass is meant to remove (divisions, negations).</summary>
public static class NodeCount
{
    /// <summary>The number of nodes of type <paramref name="type"/> in <paramref name="tree"/>.</summary>
    public static int Of(Expression tree, ExpressionType type)
    {
        var counter = new Counter(type);
        counter.Visit(tree);
        return counter.Count;
    }

    private sealed class Counter(ExpressionType type) : ExpressionVisitor
    {
        public int Count { get; private set; }

        public override Expression? Visit(Expression? node)
        {
            if (node?.NodeType == type) Count++;
            return base.Visit(node);
        }
    }
}
