using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad;

/// <summary>
/// What a rule is looked up by: the method of a call, or the operator and operand type of a built-in
/// arithmetic node. Both the built-in table and users' registrations derive it from a sample lambda.
/// </summary>
internal readonly record struct RuleKey(MethodInfo? Method, ExpressionType Operator, Type? OperandType)
{
    public static RuleKey Of(MethodInfo method) => new(method, default, null);

    public static RuleKey? Of(Expression node) => node switch
    {
        MethodCallExpression call => Of(call.Method),
        BinaryExpression { Method: { } m } => Of(m),
        UnaryExpression { Method: { } m } => Of(m),
        BinaryExpression b => new RuleKey(null, b.NodeType, b.Left.Type),
        UnaryExpression u => new RuleKey(null, u.NodeType, u.Operand.Type),
        _ => null,
    };

    /// <summary>The arguments of <paramref name="node"/> in the order the rule's adjoints are given.</summary>
    public static IReadOnlyList<Expression> Arguments(Expression node) => node switch
    {
        MethodCallExpression call when call.Object is null => call.Arguments,
        MethodCallExpression call => [call.Object!, .. call.Arguments],
        BinaryExpression b => [b.Left, b.Right],
        UnaryExpression u => [u.Operand],
        _ => [],
    };

    /// <summary>Rebuilds <paramref name="node"/> over new arguments (the tape's atoms).</summary>
    public static Expression Rebuild(Expression node, IReadOnlyList<Expression> args) => node switch
    {
        MethodCallExpression call when call.Object is null => call.Update(null, args),
        MethodCallExpression call => call.Update(args[0], args.Skip(1)),
        BinaryExpression b => b.Update(args[0], b.Conversion, args[1]),
        UnaryExpression u => u.Update(args[0]),
        _ => throw new InvalidOperationException($"Cannot rebuild a {node.NodeType} node."),
    };

    public override string ToString() => Method is { } m ? $"{m.DeclaringType?.Name}.{m.Name}" : Operator.ToString();
}
