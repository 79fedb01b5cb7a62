using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>Collects the nodes an expression contains, or only those it assigns, so a slot (a variable or a
/// spilled array element, both compared by reference) can be looked up among them.</summary>
internal sealed class References(HashSet<Expression> into, bool writtenOnly) : ExpressionVisitor
{
    public static void Collect(Expression node, HashSet<Expression> into) => new References(into, false).Visit(node);

    public static void CollectWritten(Expression node, HashSet<Expression> into) => new References(into, true).Visit(node);

    public override Expression? Visit(Expression? node)
    {
        if (node is null) return null;
        if (!writtenOnly) into.Add(node);
        else if (node is BinaryExpression b && AssignedVariables.IsAssignment(b.NodeType)) into.Add(b.Left);
        else if (node is UnaryExpression { NodeType: ExpressionType.PreIncrementAssign or ExpressionType.PreDecrementAssign } u) into.Add(u.Operand);
        return StackGuard.HasRoom ? base.Visit(node) : Deeper(node);
    }

    private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));
}
