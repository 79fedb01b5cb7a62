using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>Counted loops as expression trees (the API has only <c>Loop</c> with labels).</summary>
internal static class Loops
{
    /// <summary><c>for (index = 0; index &lt; count; index++) body</c>.</summary>
    public static Expression Up(ParameterExpression index, Expression count, IReadOnlyList<Expression> body)
    {
        var exit = Expression.Label("end_" + index.Name);
        return Expression.Block(
            Expression.Assign(index, Expression.Constant(0)),
            Expression.Loop(
                Expression.Block(
                    Expression.IfThen(Expression.GreaterThanOrEqual(index, count), Expression.Break(exit)),
                    Block(body),
                    Expression.PreIncrementAssign(index)),
                exit));
    }

    /// <summary><c>for (index = count − 1; index ≥ 0; index--) body</c>.</summary>
    public static Expression Down(ParameterExpression index, Expression count, IReadOnlyList<Expression> body)
    {
        var exit = Expression.Label("end_" + index.Name);
        return Expression.Block(
            Expression.Assign(index, Expression.Subtract(count, Expression.Constant(1))),
            Expression.Loop(
                Expression.Block(
                    Expression.IfThen(Expression.LessThan(index, Expression.Constant(0)), Expression.Break(exit)),
                    Block(body),
                    Expression.PreDecrementAssign(index)),
                exit));
    }

    public static Expression Block(IReadOnlyList<Expression> statements) =>
        statements.Count == 0 ? Expression.Empty() : Expression.Block(typeof(void), statements);
}
