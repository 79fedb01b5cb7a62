using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// A counted loop recognised in the shape that expression trees give it:
/// <c>i = start; loop { if (exitTest) break; body; ++i; }</c>, printed as <c>for (i = start; !exitTest; i++)</c>.
/// </summary>
internal sealed record ForLoop(ParameterExpression Index, Expression Start, Expression Condition, string Step,
    List<Expression> Body, LabelTarget Exit)
{
    /// <summary>The loop formed by an initialisation and the loop statement after it, or null.</summary>
    public static ForLoop? Match(Expression init, Expression next)
    {
        if (init is not BinaryExpression { NodeType: ExpressionType.Assign, Left: ParameterExpression index } assign) return null;
        if (next is not LoopExpression { BreakLabel: { } exit, ContinueLabel: null } loop) return null;
        if (loop.Body is not BlockExpression { Variables.Count: 0 } block) return null;
        var statements = CSharpPrinter.Flatten(block.Expressions);
        if (statements.Count < 2) return null;
        if (statements[0] is not ConditionalExpression { IfTrue: GotoExpression { Kind: GotoExpressionKind.Break } jump } test
            || jump.Target != exit || jump.Value is not null || !IsVoid(test.IfFalse))
            return null;
        var step = StepOf(statements[^1], index);
        if (step is null) return null;
        return new ForLoop(index, assign.Right, Continue(test.Test), step, statements.GetRange(1, statements.Count - 2), exit);
    }

    private static string? StepOf(Expression last, ParameterExpression index) => last switch
    {
        UnaryExpression { NodeType: ExpressionType.PreIncrementAssign or ExpressionType.PostIncrementAssign } u when u.Operand == index => "++",
        UnaryExpression { NodeType: ExpressionType.PreDecrementAssign or ExpressionType.PostDecrementAssign } u when u.Operand == index => "--",
        _ => null,
    };

    private static Expression Continue(Expression exitTest) =>
        exitTest is BinaryExpression b && CSharpSyntax.Negated(b.NodeType) is { } negated && b.Method is null
            ? Expression.MakeBinary(negated, b.Left, b.Right)
            : Expression.Not(exitTest);

    private static bool IsVoid(Expression e) => e is DefaultExpression && e.Type == typeof(void);
}
