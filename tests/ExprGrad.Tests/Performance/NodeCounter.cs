using System.Linq.Expressions;

namespace ExprGrad.Tests.Performance;

/// <summary>The size of an expression tree: every node the visitor reaches, the lambda and its parameters included.</summary>
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
