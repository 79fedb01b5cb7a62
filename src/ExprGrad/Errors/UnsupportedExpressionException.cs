using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Thrown when a lambda contains a node or method that ExprGrad cannot differentiate. The message
/// names the node kind or method, shows the offending sub-expression, and says how to fix it.
/// </summary>
public sealed class UnsupportedExpressionException : NotSupportedException
{
    /// <summary>The kind of the offending node.</summary>
    public ExpressionType NodeType { get; }

    /// <summary>The offending method, when the node is a call.</summary>
    public System.Reflection.MethodInfo? Method { get; }

    /// <summary>The offending sub-expression as text.</summary>
    public string ExpressionText { get; }

    internal UnsupportedExpressionException(Expression node, string problem, string fix, bool printed = false)
        : base(Compose(node, problem, fix, printed, out var text))
    {
        NodeType = node.NodeType;
        Method = (node as MethodCallExpression)?.Method;
        ExpressionText = text;
    }

    private static string Compose(Expression node, string problem, string fix, bool printed, out string text)
    {
        text = printed ? Cap(StackGuard.Run(() => CSharpPrinter.Code(node))) : TextOf(node);
        return $"{problem} Node kind: {node.NodeType}. Sub-expression: {text}. Fix: {fix}";
    }

    // ToString of a huge tree is itself deep recursion and very long: cap it so the message stays useful.
    private static string TextOf(Expression node)
    {
        var full = StackGuard.Run(node.ToString);
        return Cap(full);
    }

    private static string Cap(string full) => full.Length <= 300 ? full : full[..300] + "…";

    /// <summary>An error about a construct as the user wrote it, shown as C# by the project's printer.</summary>
    internal static UnsupportedExpressionException Printed(Expression node, string problem, string fix) => new(node, problem, fix, printed: true);

    internal static UnsupportedExpressionException ForMethod(MethodCallExpression call) => new(call,
        $"ExprGrad has no derivative rule for method {call.Method.DeclaringType?.FullName}.{call.Method.Name}.",
        "mark the method [Differentiable] (ExprGrad.DifferentiableAttribute, on a static method) so that its body is differentiated, "
        + "register a rule with Derivatives.Register((…) => YourMethod(…), (g, y, …) => …), or mark it with Derivatives.NonDifferentiable(…) if its gradient is zero.");

    internal static UnsupportedExpressionException Node(Expression node, string? detail = null) => new(node,
        detail ?? $"ExprGrad cannot differentiate a {node.NodeType} node of type {node.Type.Name}.",
        "rewrite this part with arithmetic, System.Math, ExprGrad.Ops or a method with a registered derivative.");
}
