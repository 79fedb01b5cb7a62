using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// A primitive's forward-mode rule: the tangent ẏ of <c>y = op(x₁ … xₙ)</c> from the tangents ẋ (null: an
/// exact zero). Returns null when ẏ is an exact zero.
/// </summary>
/// <param name="y">The primitive's call, standing for its output.</param>
/// <param name="x">Its arguments.</param>
/// <param name="dx">Their tangents, at least one of them non-null.</param>
/// <param name="rule">The primitive's rule, for tangents derived from its reverse contributions.</param>
internal delegate Expression? TangentRule(Expression y, IReadOnlyList<Expression> x, Expression?[] dx, Rule rule);

/// <summary>
/// The ways a tangent is derived, so that most primitives declare only their reverse rule and a kind
/// (ChainRules' one declaration, both modes):
/// <list type="bullet">
/// <item><see cref="FromAdjoints"/> — elementwise primitives (every scalar rule, and tensor ops whose Jacobian
/// is diagonal): a contribution g·∂ read with g = ẋ is the tangent term ∂·ẋ.</item>
/// <item><see cref="Linear"/> — the output is linear in some arguments (Sum, Transpose, AddRow, a backward
/// kernel in its adjoint): ẏ is the same op applied to their tangents; the other arguments are only read
/// (shapes, masks) and carry no tangent term.</item>
/// <item><see cref="Bilinear"/> — products (MatMul, Dot, Scale, outer products): ẏ = op(ȧ, b) + op(a, ḃ).</item>
/// <item><see cref="FromGradient"/> — reductions to a scalar (Max, LogSumExp, the losses): ẏ = Σₖ ⟨∇ₖ, ẋₖ⟩, where
/// the gradient ∇ₖ is the reverse contribution read with g = 1.</item>
/// <item><see cref="RowWise"/> — one value per row of a matrix (MaxRows, LogSumExp of a matrix): ẏᵢ = ⟨∇ᵢ, ṁᵢ⟩
/// row by row, where the rows of the contribution read with g = 1 are the rows' gradients.</item>
/// </list>
/// Anything else is written by hand next to its reverse rule.
/// </summary>
internal static class Tangents
{
    private static readonly ConstantExpression One = Expression.Constant(1.0);

    public static readonly TangentRule FromAdjoints = (y, x, dx, rule) =>
    {
        Expression? sum = null;
        for (int k = 0; k < x.Count; k++)
            if (dx[k] is { } dot && rule.Contribution(k, dot, y, x, guardAlways: true) is { } term) sum = Plus(sum, term);
        return sum;
    };

    public static readonly TangentRule Bilinear = (y, x, dx, rule) =>
    {
        var call = (MethodCallExpression)y;
        var left = dx[0] is null ? null : call.Update(null, [dx[0]!, x[1]]);
        var right = dx[1] is null ? null : call.Update(null, [x[0], dx[1]!]);
        return Plus(left, right);
    };

    public static readonly TangentRule FromGradient = (y, x, dx, rule) =>
    {
        Expression? sum = null;
        for (int k = 0; k < x.Count; k++)
        {
            if (dx[k] is not { } dot) continue;
            // A scalar argument is elementwise (g·∂ read with g = ẋ, guarded); an array one a dot product.
            var term = dot.Type == typeof(double)
                ? rule.Contribution(k, dot, y, x, guardAlways: true)
                : rule.Contribution(k, One, y, x) is { } gradient ? Call(typeof(Ops), nameof(Ops.Dot), gradient, dot) : null;
            sum = Plus(sum, term);
        }
        return sum;
    };

    public static readonly TangentRule RowWise = (y, x, dx, rule) =>
    {
        if (dx[0] is not { } dot) return null;
        var ones = Call(typeof(Kernels), nameof(Kernels.Fill), Expression.Call(x[0], nameof(Array.GetLength), null, Expression.Constant(0)), One);
        return rule.Contribution(0, ones, y, x) is { } gradients
            ? Call(typeof(Ops), nameof(Ops.SumRows), Call(typeof(Ops), nameof(Ops.Multiply), gradients, dot))
            : null;
    };

    /// <summary>Linear in the arguments at <paramref name="linearIn"/> together; the others are read only.</summary>
    public static TangentRule Linear(params int[] linearIn) => (y, x, dx, rule) =>
    {
        if (linearIn.All(k => dx[k] is null)) return null;
        var args = x.ToArray();
        foreach (var k in linearIn) args[k] = dx[k] ?? ZeroLike(x[k]);
        return RuleKey.Rebuild(y, args);
    };

    public static Expression? Plus(Expression? a, Expression? b) =>
        a is null ? b : b is null ? a
        : a.Type == typeof(double) ? Expression.Add(a, b) : Expression.Call(typeof(Ops), nameof(Ops.Add), null, a, b);

    public static Expression Call(Type type, string name, params Expression[] args) => Expression.Call(type, name, null, args);

    private static Expression ZeroLike(Expression like) => like.Type.IsArray ? TensorTypes.ZeroLike(like) : Expression.Default(like.Type);
}
