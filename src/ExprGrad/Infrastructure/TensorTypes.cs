using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>The value types that carry gradients: scalars, vectors and matrices of double.</summary>
internal static class TensorTypes
{
    public static bool IsDifferentiable(Type type) =>
        type == typeof(double) || type == typeof(double[]) || type == typeof(double[,]);

    /// <summary>Integers, booleans, chars and enums: comparisons, indices and counts.</summary>
    public static bool CarriesNoGradientByConvention(Type type) =>
        type == typeof(bool) || type == typeof(void) || type.IsEnum
        || Type.GetTypeCode(type) is TypeCode.Char or TypeCode.SByte or TypeCode.Byte or TypeCode.Int16 or TypeCode.UInt16
            or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64;

    public static bool IsArray(Type type) => type == typeof(double[]) || type == typeof(double[,]);

    /// <summary>A zero of the shape of <paramref name="like"/>: 0.0, or a new zeroed array (for a vector scan's states,
    /// one zeroed row per state, none where the state is not yet there).</summary>
    public static Expression ZeroLike(Expression like) => ZeroLike(like, mayBeNull: false);

    /// <summary>
    /// A zero of the shape of a loop's state or of a variable forward mode tracks, which may still be null: an array
    /// a loop assigns before reading is null before the first iteration, and nothing reads its elements, so its
    /// adjoint or tangent is an empty zero rather than a dereference of null (issue 17's NullReferenceException).
    /// </summary>
    public static Expression ZeroLikeMaybeNull(Expression like) => ZeroLike(like, mayBeNull: true);

    private static Expression ZeroLike(Expression like, bool mayBeNull)
    {
        if (like.Type == typeof(double)) return Expression.Constant(0.0);
        // Only a variable can be null before a loop assigns it; anything else is a value already computed.
        Expression IfNull(Expression whenNull, Expression otherwise) => mayBeNull && like is ParameterExpression
            ? Expression.Condition(Expression.Equal(like, Expression.Constant(null, like.Type)), whenNull, otherwise)
            : otherwise;
        if (like.Type == typeof(double[][])) return IfNull(Expression.NewArrayBounds(typeof(double[]), Expression.Constant(0)), ZeroRows(like));
        Expression Extent(Expression extent) => IfNull(Expression.Constant(0), extent);
        return like.Type == typeof(double[])
            ? Expression.NewArrayBounds(typeof(double), Extent(Expression.ArrayLength(like)))
            : Expression.NewArrayBounds(typeof(double),
                Extent(Expression.Call(like, nameof(Array.GetLength), null, Expression.Constant(0))),
                Extent(Expression.Call(like, nameof(Array.GetLength), null, Expression.Constant(1))));
    }

    private static Expression ZeroRows(Expression like)
    {
        var (rows, i) = (Expression.Variable(typeof(double[][]), "zeros"), Expression.Variable(typeof(int), "row"));
        var row = Expression.ArrayIndex(like, i);
        return Expression.Block(typeof(double[][]), [rows, i],
            Expression.Assign(rows, Expression.NewArrayBounds(typeof(double[]), Expression.ArrayLength(like))),
            Loops.Up(i, Expression.ArrayLength(like), [Expression.IfThen(Expression.NotEqual(row, Expression.Constant(null, typeof(double[]))),
                Expression.Assign(Expression.ArrayAccess(rows, i), Expression.NewArrayBounds(typeof(double), Expression.ArrayLength(row))))]),
            rows);
    }

    public static void RequireSupportedParameter(ParameterExpression p, string argumentName)
    {
        if (!IsDifferentiable(p.Type))
            throw new ArgumentException(
                $"Parameter '{p.Name}' has type {p.Type.Name}; ExprGrad differentiates with respect to double, double[] and double[,] parameters" +
                (SetLayout.IsCandidate(p.Type) ? " here (parameter sets are taken by Grad.Of, Grad.ValueAndGradient and Grad.ValueAndGradientInto)." : "."),
                argumentName);
    }
}
