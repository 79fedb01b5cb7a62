using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Counts where variables stand in a tree for <see cref="NegationInlining"/>: every occurrence but a block's
/// declaration (reads, assignment targets, lambda parameters — over-counting only makes a pass decline).
/// </summary>
internal sealed class Occurrences : ExpressionVisitor
{
    private readonly Dictionary<ParameterExpression, int> counts = [];
    private readonly ParameterExpression? written;
    private readonly ParameterExpression? negated;
    private bool isWritten;
    private int negations;

    private Occurrences(ParameterExpression? written = null, ParameterExpression? negated = null) =>
        (this.written, this.negated) = (written, negated);

    /// <summary>Occurrences of every variable in <paramref name="node"/>.</summary>
    public static Dictionary<ParameterExpression, int> Count(Expression node)
    {
        var visitor = new Occurrences();
        visitor.Visit(node);
        return visitor.counts;
    }

    /// <summary>Occurrences of <paramref name="variable"/> in <paramref name="node"/>.</summary>
    public static int Of(Expression node, ParameterExpression variable) => Count(node).GetValueOrDefault(variable);

    /// <summary>Whether anything in <paramref name="node"/> may assign <paramref name="variable"/> or see it
    /// assigned: an assignment, a by-ref argument, a lambda (it may run later), a label (a jump may enter there).</summary>
    public static bool Writes(Expression node, ParameterExpression variable)
    {
        var visitor = new Occurrences(written: variable);
        visitor.Visit(node);
        return visitor.isWritten;
    }

    /// <summary>How many <c>-variable</c> nodes <paramref name="node"/> holds.</summary>
    public static int NegationsOf(Expression node, ParameterExpression variable)
    {
        var visitor = new Occurrences(negated: variable);
        visitor.Visit(node);
        return visitor.negations;
    }

    public override Expression? Visit(Expression? node) =>
        node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

    // Apart from Visit: a lambda there would allocate its closure on every node.
    private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

    protected override Expression VisitParameter(ParameterExpression node)
    {
        counts[node] = counts.GetValueOrDefault(node) + 1;
        return node;
    }

    protected override Expression VisitBlock(BlockExpression node)
    {
        foreach (var e in node.Expressions) Visit(e);
        return node;
    }

    protected override Expression VisitBinary(BinaryExpression node)
    {
        if (written is not null && node.Left == written && IsAssignment(node.NodeType)) isWritten = true;
        return base.VisitBinary(node);
    }

    protected override Expression VisitUnary(UnaryExpression node)
    {
        if (written is not null && node.Operand == written && node.NodeType is ExpressionType.PreIncrementAssign
                or ExpressionType.PreDecrementAssign or ExpressionType.PostIncrementAssign or ExpressionType.PostDecrementAssign)
            isWritten = true;
        if (negated is not null && node is { NodeType: ExpressionType.Negate, Operand: var o } && o == negated) negations++;
        return base.VisitUnary(node);
    }

    // A by-ref argument may be written; a lambda may run later, when the variable holds something else.
    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        var parameters = node.Method.GetParameters();
        for (int i = 0; i < parameters.Length; i++)
            if (written is not null && parameters[i].ParameterType.IsByRef && node.Arguments[i] == written) isWritten = true;
        return base.VisitMethodCall(node);
    }

    // A label may be reached by a jump from past the window, after the variable changed, skipping the definition.
    protected override Expression VisitLabel(LabelExpression node)
    {
        if (written is not null) isWritten = true;
        return base.VisitLabel(node);
    }

    protected override Expression VisitLambda<T>(Expression<T> node)
    {
        if (written is not null) isWritten = true;
        return base.VisitLambda(node);
    }

    private static bool IsAssignment(ExpressionType type) => type is ExpressionType.Assign or ExpressionType.AddAssign
        or ExpressionType.SubtractAssign or ExpressionType.MultiplyAssign or ExpressionType.DivideAssign
        or ExpressionType.ModuloAssign or ExpressionType.PowerAssign or ExpressionType.AddAssignChecked
        or ExpressionType.SubtractAssignChecked or ExpressionType.MultiplyAssignChecked;
}
