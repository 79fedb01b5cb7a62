using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Forward-mode rules for vector and matrix operations: the tangent of each Ops primitive, and of each
/// kernel the reverse sweep emits, so that gradient programs over tensors can be differentiated again
/// (Hessians of networks). Products follow the product rule; a null tangent is an exact zero.
/// </summary>
internal static class TensorTangents
{
    public static bool Handles(MethodCallExpression call) =>
        (call.Method.DeclaringType == typeof(Ops) || call.Method.DeclaringType == typeof(Kernels))
        && call.Arguments.Any(a => TensorTypes.IsArray(a.Type)) && Rules.ContainsKey(call.Method.Name);

    /// <summary>The tangent of <paramref name="call"/> given the tangent of each argument (null: zero).</summary>
    public static Expression? Of(MethodCallExpression call, Func<Expression, Expression?> tangent)
    {
        var args = call.Arguments;
        var dots = args.Select(tangent).ToArray();
        if (dots.All(d => d is null)) return null;
        return Rules[call.Method.Name](call, args, dots);
    }

    private delegate Expression? Rule(MethodCallExpression y, IReadOnlyList<Expression> x, Expression?[] dx);

    private static readonly Dictionary<string, Rule> Rules = new()
    {
        [nameof(Ops.MatMul)] = (y, x, dx) => Plus(Linear(nameof(Ops.MatMul), dx[0], x[1]), Linear(nameof(Ops.MatMul), x[0], dx[1])),
        [nameof(Kernels.MatMulTransposeA)] = (y, x, dx) => Plus(Kernel(y, dx[0], x[1]), Kernel(y, x[0], dx[1])),
        [nameof(Kernels.MatMulTransposeB)] = (y, x, dx) => Plus(Kernel(y, dx[0], x[1]), Kernel(y, x[0], dx[1])),
        [nameof(Kernels.Outer)] = (y, x, dx) => Plus(Kernel(y, dx[0], x[1]), Kernel(y, x[0], dx[1])),
        [nameof(Ops.Multiply)] = (y, x, dx) => Plus(Linear(nameof(Ops.Multiply), dx[0], x[1]), Linear(nameof(Ops.Multiply), x[0], dx[1])),
        [nameof(Ops.Dot)] = (y, x, dx) => Plus(Linear(nameof(Ops.Dot), dx[0], x[1]), Linear(nameof(Ops.Dot), x[0], dx[1])),
        [nameof(Ops.Scale)] = (y, x, dx) => Plus(Linear(nameof(Ops.Scale), dx[0], x[1]), Linear(nameof(Ops.Scale), x[0], dx[1])),
        [nameof(Ops.Add)] = (y, x, dx) => Plus(dx[0], dx[1]),
        [nameof(Ops.Subtract)] = (y, x, dx) => Plus(dx[0], dx[1] is null ? null : Call(typeof(Kernels), nameof(Kernels.Negate), dx[1]!)),
        [nameof(Kernels.Negate)] = (y, x, dx) => Call(typeof(Kernels), nameof(Kernels.Negate), dx[0]!),
        [nameof(Kernels.Clone)] = (y, x, dx) => Call(typeof(Kernels), nameof(Kernels.Clone), dx[0]!),
        [nameof(Ops.Transpose)] = (y, x, dx) => Call(typeof(Ops), nameof(Ops.Transpose), dx[0]!),
        [nameof(Kernels.SumRows)] = (y, x, dx) => Call(typeof(Kernels), nameof(Kernels.SumRows), dx[0]!),
        [nameof(Ops.Sum)] = (y, x, dx) => Call(typeof(Ops), nameof(Ops.Sum), dx[0]!),
        [nameof(Ops.AddRow)] = (y, x, dx) => dx[1] is null ? dx[0]
            : Call(typeof(Ops), nameof(Ops.AddRow), dx[0] ?? TensorTypes.ZeroLike(x[0]), dx[1]!),
        [nameof(Kernels.Fill)] = (y, x, dx) => x.Count == 2 && dx[1] is { } dv ? Call(typeof(Kernels), nameof(Kernels.Fill), x[0], dv) : null,
        [nameof(Ops.SumOfSquares)] = (y, x, dx) => Expression.Multiply(Expression.Constant(2.0), Call(typeof(Ops), nameof(Ops.Dot), x[0], dx[0]!)),
        [nameof(Ops.Sigmoid)] = (y, x, dx) => Call(typeof(Kernels), nameof(Kernels.SigmoidBackward), dx[0]!, y),
        [nameof(Ops.Tanh)] = (y, x, dx) => Call(typeof(Kernels), nameof(Kernels.TanhBackward), dx[0]!, y),
        [nameof(Ops.Relu)] = (y, x, dx) => Call(typeof(Kernels), nameof(Kernels.ReluBackward), dx[0]!, x[0]),
        [nameof(Kernels.ReluBackward)] = (y, x, dx) => dx[0] is null ? null : Call(typeof(Kernels), nameof(Kernels.ReluBackward), dx[0]!, x[1]),
        [nameof(Ops.Exp)] = (y, x, dx) => Call(typeof(Ops), nameof(Ops.Multiply), dx[0]!, y),
        [nameof(Ops.Log)] = (y, x, dx) => Call(typeof(Kernels), nameof(Kernels.Divide), dx[0]!, x[0]),
        // (a/b)˙ = ȧ/b − (a/b)·ḃ/b
        [nameof(Kernels.Divide)] = (y, x, dx) => Plus(dx[0] is null ? null : Call(typeof(Kernels), nameof(Kernels.Divide), dx[0]!, x[1]),
            dx[1] is null ? null : Call(typeof(Kernels), nameof(Kernels.Negate), Call(typeof(Ops), nameof(Ops.Multiply), y, Call(typeof(Kernels), nameof(Kernels.Divide), dx[1]!, x[1])))),
        // (g∘y∘(1−y))˙ = ġ∘y∘(1−y) + g∘ẏ∘(1−2y)
        [nameof(Kernels.SigmoidBackward)] = (y, x, dx) => Plus(dx[0] is null ? null : Call(typeof(Kernels), nameof(Kernels.SigmoidBackward), dx[0]!, x[1]),
            dx[1] is null ? null : Call(typeof(Ops), nameof(Ops.Multiply), Call(typeof(Ops), nameof(Ops.Multiply), x[0], dx[1]!),
                Call(typeof(Ops), nameof(Ops.Subtract), Call(typeof(Kernels), nameof(Kernels.Fill), x[1], Expression.Constant(1.0)),
                    Call(typeof(Ops), nameof(Ops.Scale), Expression.Constant(2.0), x[1])))),
        // (g∘(1−y²))˙ = ġ∘(1−y²) − 2·g∘y∘ẏ
        [nameof(Kernels.TanhBackward)] = (y, x, dx) => Plus(dx[0] is null ? null : Call(typeof(Kernels), nameof(Kernels.TanhBackward), dx[0]!, x[1]),
            dx[1] is null ? null : Call(typeof(Ops), nameof(Ops.Scale), Expression.Constant(-2.0),
                Call(typeof(Ops), nameof(Ops.Multiply), Call(typeof(Ops), nameof(Ops.Multiply), x[0], x[1]), dx[1]!))),
    };

    /// <summary>A bilinear operation with one argument's tangent in place of the argument; zero stays zero.</summary>
    private static Expression? Linear(string name, Expression? a, Expression? b) =>
        a is null || b is null ? null : Call(typeof(Ops), name, a, b);

    private static Expression? Kernel(MethodCallExpression like, Expression? a, Expression? b) =>
        a is null || b is null ? null : Expression.Call(like.Method, a, b);

    private static Expression? Plus(Expression? a, Expression? b) =>
        a is null ? b : b is null ? a
        : a.Type == typeof(double) ? Expression.Add(a, b) : Call(typeof(Ops), nameof(Ops.Add), a, b);

    private static Expression Call(Type type, string name, params Expression[] args) => Expression.Call(type, name, null, args);
}
