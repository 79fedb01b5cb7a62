using System.Linq.Expressions;

namespace ExprGrad.Benchmarks;

/// <summary>Counts the nodes of an expression tree: the size measure of the build-time targets.</summary>
internal sealed class NodeCounter : ExpressionVisitor
{
    private int count;

    public static int Count(Expression e)
    {
        var counter = new NodeCounter();
        counter.Visit(e);
        return counter.count;
    }

    public override Expression? Visit(Expression? node)
    {
        if (node is not null) count++;
        return base.Visit(node);
    }
}
