using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Elementwise loops written straight into the generated code, so an elementwise lambda (<c>Ops.Map</c>)
/// and its derivative run inline: no delegate call per element.
/// </summary>
internal static class Elementwise
{
    /// <summary>A new array shaped like <paramref name="shape"/> whose element at each index is
    /// <paramref name="element"/>(index).</summary>
    public static Expression Build(Expression shape, Func<IReadOnlyList<Expression>, Expression> element)
    {
        var result = Expression.Variable(shape.Type, "map");
        if (shape.Type == typeof(double[]))
        {
            var i = Expression.Variable(typeof(int), "k");
            return Expression.Block([result, i],
                Expression.Assign(result, Expression.NewArrayBounds(typeof(double), Expression.ArrayLength(shape))),
                Loops.Up(i, Expression.ArrayLength(shape), [Expression.Assign(Expression.ArrayAccess(result, i), element([i]))]),
                result);
        }
        var (r, c) = (Expression.Variable(typeof(int), "r"), Expression.Variable(typeof(int), "c"));
        var (rows, cols) = (Dimension(shape, 0), Dimension(shape, 1));
        return Expression.Block([result, r, c],
            Expression.Assign(result, Expression.NewArrayBounds(typeof(double), rows, cols)),
            Loops.Up(r, rows, [Loops.Up(c, cols, [Expression.Assign(Expression.ArrayAccess(result, r, c), element([r, c]))])]),
            result);
    }

    /// <summary>The sum over every index of <paramref name="shape"/> of <paramref name="term"/>(index).</summary>
    public static Expression Sum(Expression shape, Func<IReadOnlyList<Expression>, Expression> term)
    {
        var total = Expression.Variable(typeof(double), "total");
        Expression Add(IReadOnlyList<Expression> index) => Expression.AddAssign(total, term(index));
        if (shape.Type == typeof(double[]))
        {
            var i = Expression.Variable(typeof(int), "k");
            return Expression.Block([total, i], Expression.Assign(total, Expression.Constant(0.0)),
                Loops.Up(i, Expression.ArrayLength(shape), [Add([i])]), total);
        }
        var (r, c) = (Expression.Variable(typeof(int), "r"), Expression.Variable(typeof(int), "c"));
        return Expression.Block([total, r, c], Expression.Assign(total, Expression.Constant(0.0)),
            Loops.Up(r, Dimension(shape, 0), [Loops.Up(c, Dimension(shape, 1), [Add([r, c])])]), total);
    }

    private static Expression Dimension(Expression matrix, int d) =>
        Expression.Call(matrix, nameof(Array.GetLength), null, Expression.Constant(d));
}
