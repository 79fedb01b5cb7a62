using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad;

/// <summary>
/// <see cref="GradientOptions.InlineScalarOps"/>: in a compiled program, <c>Ops.Sigmoid(a)</c> becomes
/// <c>1 / (1 + Math.Exp(−a))</c> and <c>Ops.Relu(a)</c> becomes <c>a &gt; 0 || double.IsNaN(a) ? a : 0</c>, their own
/// bodies. The JIT inlines <see cref="Math"/> and <see cref="double"/> into a compiled expression but no method of
/// this assembly (B2's gradient kept <c>call [ExprGrad.Ops:Sigmoid]</c> in its disassembly, where the hand-written
/// gradient's sigmoid was inlined). An argument that is not a variable or constant is computed once, into a local.
/// Runs last, on compiled programs only: the expression forms keep the calls, which later transformations (forward
/// mode, batch vectorization) recognize as primitives.
/// </summary>
internal sealed class ScalarOpsInlining : ExpressionVisitor
{
    private static readonly MethodInfo Sigmoid = typeof(Ops).GetMethod(nameof(Ops.Sigmoid), [typeof(double)])!;
    private static readonly MethodInfo Relu = typeof(Ops).GetMethod(nameof(Ops.Relu), [typeof(double)])!;
    private static readonly MethodInfo Exp = typeof(Math).GetMethod(nameof(Math.Exp), [typeof(double)])!;
    private static readonly MethodInfo IsNaN = typeof(double).GetMethod(nameof(double.IsNaN), [typeof(double)])!;

    public static LambdaExpression Run(LambdaExpression program)
    {
        var body = new ScalarOpsInlining().Visit(program.Body)!;
        return body == program.Body ? program : Expression.Lambda(program.Type, body, program.Name, program.Parameters);
    }

    public override Expression? Visit(Expression? node) =>
        node is null ? null : StackGuard.HasRoom ? base.Visit(node) : StackGuard.Run(() => base.Visit(node));

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        if (node.Method != Sigmoid && node.Method != Relu) return base.VisitMethodCall(node);
        var argument = Visit(node.Arguments[0])!;
        Func<Expression, Expression> body = node.Method == Sigmoid ? SigmoidOf : ReluOf;
        if (argument is ParameterExpression or ConstantExpression) return body(argument);
        var local = Expression.Variable(typeof(double), "a");
        return Expression.Block([local], Expression.Assign(local, argument), body(local));
    }

    // Ops.Sigmoid's body, operation for operation: 1.0 / (1.0 + Math.Exp(-x)).
    private static Expression SigmoidOf(Expression x) =>
        Expression.Divide(Expression.Constant(1.0), Expression.Add(Expression.Constant(1.0), Expression.Call(Exp, Expression.Negate(x))));

    // Ops.Relu's body: x > 0 || double.IsNaN(x) ? x : 0.0.
    private static Expression ReluOf(Expression x) =>
        Expression.Condition(Expression.OrElse(Expression.GreaterThan(x, Expression.Constant(0.0)), Expression.Call(IsNaN, x)), x, Expression.Constant(0.0));
}
