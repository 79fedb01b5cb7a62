using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad;

/// <summary>
/// Whether a value may be computed earlier than written, once instead of in every iteration, or where it was
/// not going to be computed at all, with no visible difference: it is pure and total — it reads only its
/// operands and cannot throw. Hoisting a loop invariant computes it before a loop that may run zero times;
/// final-sum fusion computes a stage written after the sum before the sum's loop. A value that could throw (an
/// integer division, an array read, a checked conversion, <c>Math.Sign(NaN)</c>, <c>Math.Clamp</c> with its
/// bounds crossed) or that calls unknown code stays where it was written.
/// </summary>
internal static class Speculation
{
    private static readonly HashSet<string> TotalMathFunctions =
    [
        nameof(Math.Exp), nameof(Math.Log), nameof(Math.Log10), nameof(Math.Log2), nameof(Math.Sqrt), nameof(Math.Cbrt),
        nameof(Math.Pow), nameof(Math.Sin), nameof(Math.Cos), nameof(Math.Tan), nameof(Math.Asin), nameof(Math.Acos),
        nameof(Math.Atan), nameof(Math.Atan2), nameof(Math.Sinh), nameof(Math.Cosh), nameof(Math.Tanh), nameof(Math.Asinh),
        nameof(Math.Acosh), nameof(Math.Atanh), nameof(Math.Abs), nameof(Math.Max), nameof(Math.Min), nameof(Math.Floor),
        nameof(Math.Ceiling), nameof(Math.Truncate), nameof(Math.FusedMultiplyAdd),
    ];

    /// <summary>Whether a stage is a single value that is pure and cannot throw (not a branch or a loop).</summary>
    public static bool IsSafe(Step step) => step switch
    {
        PrimitiveStep p => IsSafe(p.Value),
        PassiveStep p => IsSafe(p.Value),
        _ => false,
    };

    /// <summary>Whether <paramref name="e"/> is pure and cannot throw.</summary>
    public static bool IsSafe(Expression e) => e switch
    {
        ConstantExpression or ParameterExpression => true,
        BinaryExpression { Method: null } b => IsTotal(b) && IsSafe(b.Left) && IsSafe(b.Right),
        UnaryExpression { Method: null, NodeType: ExpressionType.Negate or ExpressionType.UnaryPlus } u =>
            IsFloating(u.Type) && IsSafe(u.Operand),
        UnaryExpression { Method: null, NodeType: ExpressionType.Not } u => u.Type == typeof(bool) && IsSafe(u.Operand),
        UnaryExpression { Method: null, NodeType: ExpressionType.Convert } u =>
            IsNumeric(u.Type) && IsNumeric(u.Operand.Type) && IsSafe(u.Operand),
        MethodCallExpression { Object: null } call => IsTotal(call.Method) && call.Arguments.All(IsSafe),
        _ => false,
    };

    private static bool IsTotal(BinaryExpression b) => b.NodeType switch
    {
        // Floating-point arithmetic never throws; integer division by zero does, and checked forms overflow.
        ExpressionType.Add or ExpressionType.Subtract or ExpressionType.Multiply => IsNumeric(b.Type),
        ExpressionType.Divide or ExpressionType.Modulo => IsFloating(b.Type),
        ExpressionType.Equal or ExpressionType.NotEqual or ExpressionType.LessThan or ExpressionType.LessThanOrEqual
            or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual => IsNumeric(b.Left.Type) && b.Left.Type == b.Right.Type,
        ExpressionType.AndAlso or ExpressionType.OrElse => b.Type == typeof(bool),
        _ => false,
    };

    private static bool IsTotal(MethodInfo method)
    {
        var parameters = method.GetParameters();
        if (method.ReturnType != typeof(double) && method.ReturnType != typeof(bool)) return false;
        if (parameters.Length == 0 || parameters.Any(p => p.ParameterType != typeof(double))) return false;
        if (method.DeclaringType == typeof(Math)) return TotalMathFunctions.Contains(method.Name);
        if (method.DeclaringType == typeof(double))
            return method.Name is nameof(double.IsNaN) or nameof(double.IsInfinity) or nameof(double.IsFinite);
        return method.DeclaringType == typeof(Ops)
            && (method.Name is nameof(Ops.Sigmoid) or nameof(Ops.Relu) || SpecialFunctionRules.ScalarFunctions.Contains(method.Name));
    }

    private static bool IsFloating(Type type) => type == typeof(double) || type == typeof(float);

    private static bool IsNumeric(Type type) =>
        IsFloating(type) || type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)
        || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(sbyte);
}
