using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Gives every operand of an assigned arithmetic expression its own variable: <c>y = f(g(x) · h(x))</c> becomes
/// <c>{ a = g(x); b = h(x); c = a · b; y = f(c) }</c>. A tangent rule reads its operands' values again (the
/// product rule of g·h reads g and h), so a tangent pass over compound statements copies each operand into
/// the tangent, and a pass over that copies it again: nested forward passes grow exponentially in the
/// nesting depth of expressions unless operands are variables. Only eagerly evaluated nodes are opened
/// (arithmetic, conversions, static calls without lambdas); conditionals, short-circuit operators and value
/// blocks become one variable each, whole, so nothing runs that did not run before, and in the same order.
/// </summary>
internal sealed class Atomizer : ExpressionVisitor
{
    private List<ParameterExpression>? temporaries;
    private List<Expression>? statements;

    public static LambdaExpression Run(LambdaExpression program) =>
        Expression.Lambda(program.Type, new Atomizer().Visit(program.Body)!, program.Name, program.Parameters);

    public override Expression? Visit(Expression? node) => node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

    private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

    protected override Expression VisitBinary(BinaryExpression node)
    {
        if (!AssignedVariables.IsAssignment(node.NodeType) || !Opens(node.Right)) return base.VisitBinary(node);
        var (outerTemporaries, outerStatements) = (temporaries, statements);
        (temporaries, statements) = ([], []);
        var left = node.Left is ParameterExpression ? node.Left : Visit(node.Left)!;
        var value = Operands(node.Right);
        statements.Add(Expression.MakeBinary(node.NodeType, left, value, node.IsLiftedToNull, node.Method, node.Conversion));
        var block = Expression.Block(node.Type, temporaries, statements);
        (temporaries, statements) = (outerTemporaries, outerStatements);
        return block;
    }

    /// <summary>The node with each compound operand replaced by a variable assigned just before.</summary>
    private Expression Operands(Expression node) => node switch
    {
        BinaryExpression b => b.Update(Operand(b.Left), b.Conversion, Operand(b.Right)),
        UnaryExpression u => u.Update(Operand(u.Operand)),
        MethodCallExpression call => call.Update(null, call.Arguments.Select(Operand)),
        _ => throw new InvalidOperationException($"Atomizer cannot open a {node.NodeType} node."),
    };

    private Expression Operand(Expression operand)
    {
        if (IsAtom(operand)) return operand;
        // A node that is not opened is still visited: an assignment inside a value block gets its own atoms.
        var value = Opens(operand) ? Operands(operand) : Visit(operand)!;
        var temporary = Expression.Variable(operand.Type, "a" + temporaries!.Count);
        temporaries.Add(temporary);
        statements!.Add(Expression.Assign(temporary, value));
        return temporary;
    }

    private static bool IsAtom(Expression e) => e is ParameterExpression or ConstantExpression or DefaultExpression
        || e is MemberExpression { Expression: null or ConstantExpression };

    /// <summary>Whether every operand of the node is evaluated, once, before it (so may be evaluated earlier).</summary>
    private static bool Opens(Expression e) => e switch
    {
        BinaryExpression b => b.NodeType is ExpressionType.Add or ExpressionType.AddChecked or ExpressionType.Subtract
            or ExpressionType.SubtractChecked or ExpressionType.Multiply or ExpressionType.MultiplyChecked or ExpressionType.Divide
            or ExpressionType.Modulo or ExpressionType.Power or ExpressionType.LessThan or ExpressionType.LessThanOrEqual
            or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual or ExpressionType.Equal or ExpressionType.NotEqual
            && b.Conversion is null,
        UnaryExpression u => u.NodeType is ExpressionType.Negate or ExpressionType.NegateChecked or ExpressionType.UnaryPlus
            or ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.Not,
        MethodCallExpression { Object: null } call => call.Arguments.All(a => a is not (LambdaExpression or UnaryExpression { NodeType: ExpressionType.Quote })),
        _ => false,
    };
}
