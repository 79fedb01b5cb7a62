using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>The variables a statement assigns (directly or through an element write) that it does not
/// itself declare: the values an if-statement or a loop hands on to what follows.</summary>
internal sealed class AssignedVariables : ExpressionVisitor
{
    private readonly List<ParameterExpression> found = [];
    private readonly HashSet<ParameterExpression> declared = [];

    public static IReadOnlyList<ParameterExpression> In(params Expression[] statements)
    {
        var finder = new AssignedVariables();
        foreach (var s in statements) finder.Visit(s);
        return finder.found.Distinct().Where(v => !finder.declared.Contains(v)).ToArray();
    }

    protected override Expression VisitBlock(BlockExpression node)
    {
        declared.UnionWith(node.Variables);
        return base.VisitBlock(node);
    }

    protected override Expression VisitBinary(BinaryExpression node)
    {
        if (TargetOf(node) is { } target) Target(target);
        return base.VisitBinary(node);
    }

    protected override Expression VisitUnary(UnaryExpression node)
    {
        if (TargetOf(node) is { } target) Target(target);
        return base.VisitUnary(node);
    }

    /// <summary>What <paramref name="node"/> assigns, when it is an assignment (compound ones and ++/-- included).</summary>
    public static Expression? TargetOf(Expression node) => node switch
    {
        BinaryExpression b when IsAssignment(b.NodeType) => b.Left,
        UnaryExpression { NodeType: ExpressionType.PreIncrementAssign or ExpressionType.PostIncrementAssign
            or ExpressionType.PreDecrementAssign or ExpressionType.PostDecrementAssign } u => u.Operand,
        _ => null,
    };

    protected override Expression VisitLambda<T>(Expression<T> node) => node;

    private void Target(Expression target)
    {
        if (target is ParameterExpression v) found.Add(v);
        else if (target is IndexExpression { Object: ParameterExpression array }) found.Add(array);
    }

    public static bool IsAssignment(ExpressionType type) => type is ExpressionType.Assign
        or ExpressionType.AddAssign or ExpressionType.SubtractAssign or ExpressionType.MultiplyAssign or ExpressionType.DivideAssign
        or ExpressionType.AddAssignChecked or ExpressionType.SubtractAssignChecked or ExpressionType.MultiplyAssignChecked
        or ExpressionType.ModuloAssign or ExpressionType.PowerAssign;
}
