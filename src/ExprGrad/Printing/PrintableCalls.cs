using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad;

/// <summary>
/// Rewrites what a compiled gradient program holds as objects into code that reads back as the same computation:
/// a partial derivative held by a kernel call becomes its lambda and flags (the public overload), and a pool of
/// loop trails becomes a new trail per call. The numbers are the same; only where memory comes from differs.
/// </summary>
internal sealed class PrintableCalls : ExpressionVisitor
{
    public static Expression Rewrite(Expression program) => new PrintableCalls().Visit(program)!;

    public override Expression? Visit(Expression? node) => node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

    private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        var args = node.Arguments.Select(a => Visit(a)!).ToArray();
        var type = node.Method.DeclaringType;
        if (type == typeof(Kernels) && args[^1] is ConstantExpression { Value: ElementwisePartial p })
            return Expression.Call(typeof(Kernels), nameof(Kernels.PartialBackward), null,
                [.. args[..^1], p.Partial, Expression.Constant(p.Unbounded), Expression.Constant(p.ZeroMultiplierWins)]);
        if (type == typeof(Kernels) && args[^1] is ConstantExpression { Value: ParametricPartial q })
            return Expression.Call(typeof(Kernels), nameof(Kernels.ParametricBackward), null,
                [.. args[..^1], Expression.Constant(q.Name), q.Partial, Expression.Constant(q.Unbounded), Expression.Constant(q.ZeroMultiplierWins)]);
        if (type is { IsGenericType: true } && type.GetGenericTypeDefinition() == typeof(TrailPool<>) && node.Object is ConstantExpression)
        {
            var trail = typeof(Trail<>).MakeGenericType(type.GetGenericArguments());
            return node.Method.Name == nameof(TrailPool<int>.Rent)
                ? Expression.New(trail)
                : Expression.Call(args[0], trail.GetMethod(nameof(Trail<int>.Release), BindingFlags.Public | BindingFlags.Instance)!);
        }
        return node.Update(node.Object is null ? null : Visit(node.Object), args);
    }
}
