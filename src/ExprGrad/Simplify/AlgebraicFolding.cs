using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Stage 4a: folds what rule inlining leaves behind — <c>1 * g</c>, <c>g * 1</c>, <c>x + 0</c>,
/// <c>-(-g)</c>, <c>Math.Pow(x, 1)</c>, arithmetic on two constants. Only identities exact in IEEE
/// arithmetic are applied (no <c>0 * x → 0</c>, which would swallow NaN and ∞).
/// </summary>
internal sealed class AlgebraicFolding : ExpressionVisitor
{
    public static Expression Run(Expression node) => new AlgebraicFolding().Visit(node)!;

    public override Expression? Visit(Expression? node) =>
        node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

    private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

    protected override Expression VisitBinary(BinaryExpression node)
    {
        var folded = base.VisitBinary(node);
        if (folded is not BinaryExpression { Method: null } b || b.Type != typeof(double)) return folded;
        var (l, r) = (Value(b.Left), Value(b.Right));
        if (l is { } lv && r is { } rv && Evaluate(b.NodeType, lv, rv) is { } v) return Expression.Constant(v);
        return b.NodeType switch
        {
            ExpressionType.Multiply when l == 1 => b.Right,
            ExpressionType.Multiply when r == 1 => b.Left,
            ExpressionType.Multiply when l == -1 => Expression.Negate(b.Right),
            ExpressionType.Multiply when r == -1 => Expression.Negate(b.Left),
            ExpressionType.Divide when r == 1 => b.Left,
            ExpressionType.Add when IsZero(b.Right, negative: true) => b.Left,
            ExpressionType.Add when IsZero(b.Left, negative: true) => b.Right,
            ExpressionType.Subtract when IsZero(b.Right, negative: false) => b.Left,
            // a − b is defined as a + (−b), and rounding is symmetric in sign, so these are the same bits.
            ExpressionType.Add when Negated(b.Right) is { } nr => Expression.Subtract(b.Left, nr),
            ExpressionType.Add when Negated(b.Left) is { } nl => Expression.Subtract(b.Right, nl),
            ExpressionType.Subtract when Negated(b.Right) is { } nr => Expression.Add(b.Left, nr),
            ExpressionType.AddAssign when Negated(b.Right) is { } nr => Expression.SubtractAssign(b.Left, nr),
            ExpressionType.SubtractAssign when Negated(b.Right) is { } nr => Expression.AddAssign(b.Left, nr),
            ExpressionType.Multiply when Negated(b.Left) is { } nl && Negated(b.Right) is { } nr => Expression.Multiply(nl, nr),
            ExpressionType.Multiply when Negated(b.Left) is { } nl => Expression.Negate(Expression.Multiply(nl, b.Right)),
            ExpressionType.Multiply when Negated(b.Right) is { } nr => Expression.Negate(Expression.Multiply(b.Left, nr)),
            _ => b,
        };
    }

    protected override Expression VisitUnary(UnaryExpression node)
    {
        var folded = base.VisitUnary(node);
        if (folded is UnaryExpression { NodeType: ExpressionType.Negate, Method: null } u && u.Type == typeof(double))
        {
            if (u.Operand is UnaryExpression { NodeType: ExpressionType.Negate, Method: null } inner) return inner.Operand;
            if (Value(u.Operand) is { } v) return Expression.Constant(-v);
        }
        return folded;
    }

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        var folded = base.VisitMethodCall(node);
        if (folded is MethodCallExpression { Method.Name: nameof(Math.Pow) } call && call.Method.DeclaringType == typeof(Math)
            && Value(call.Arguments[1]) == 1)
            return call.Arguments[0];
        return folded;
    }

    private static Expression? Negated(Expression e) =>
        e is UnaryExpression { NodeType: ExpressionType.Negate, Method: null, Type: var t } u && t == typeof(double) ? u.Operand : null;

    private static double? Value(Expression e) => e is ConstantExpression { Value: double d } ? d : null;

    // x + (+0) is +0, not x, when x is −0; x + (−0) is x for every x (−0 + −0 = −0, +0 + −0 = +0). So a sum drops
    // only a negative zero, and a difference (x − y = x + (−y)) only a positive one.
    private static bool IsZero(Expression e, bool negative) =>
        e is ConstantExpression { Value: double d } && d == 0 && double.IsNegative(d) == negative;

    private static double? Evaluate(ExpressionType op, double a, double b) => op switch
    {
        ExpressionType.Add => a + b,
        ExpressionType.Subtract => a - b,
        ExpressionType.Multiply => a * b,
        ExpressionType.Divide => a / b,
        _ => null,
    };
}
