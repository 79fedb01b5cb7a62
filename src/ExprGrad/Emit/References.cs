using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>Collects every node an expression contains, so a slot (a variable or a spilled array element,
/// both compared by reference) can be looked up among them.</summary>
internal sealed class References(HashSet<Expression> into) : ExpressionVisitor
{
    public static void Collect(Expression node, HashSet<Expression> into) => new References(into).Visit(node);

    public override Expression? Visit(Expression? node)
    {
        if (node is null) return null;
        into.Add(node);
        return StackGuard.Run(() => base.Visit(node));
    }
}
