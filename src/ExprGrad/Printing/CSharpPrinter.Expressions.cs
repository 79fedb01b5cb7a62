using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using static ExprGrad.CSharpSyntax;

namespace ExprGrad;

internal sealed partial class CSharpPrinter
{
    /// <summary>The expression as C# text, parenthesised when its precedence is below <paramref name="context"/>.</summary>
    private string Expr(Expression node, int context = Assignment)
    {
        var (text, precedence) = Print(node);
        return precedence < context ? "(" + text + ")" : text;
    }

    private (string Text, int Precedence) Print(Expression node) => node switch
    {
        ParameterExpression p => (names.Of(p), Primary),
        ConstantExpression c => Constant(c),
        BinaryExpression b => BinaryNode(b),
        UnaryExpression u => UnaryNode(u),
        MethodCallExpression call => (Call(call), Primary),
        MemberExpression m => (Member(m), Primary),
        IndexExpression ix => ($"{Expr(ix.Object!, Primary)}[{Args(ix.Arguments)}]", Primary),
        ConditionalExpression c => ($"{Expr(c.Test, Coalesce)} ? {Expr(c.IfTrue, Conditional)} : {Expr(c.IfFalse, Conditional)}", Conditional),
        NewExpression n => (New(n), Primary),
        NewArrayExpression a => (NewArray(a), Primary),
        LambdaExpression l => (Lambda(l), Assignment),
        // C# cannot call a lambda where it is written: it gets its delegate type first.
        InvocationExpression { Expression: LambdaExpression target } inv =>
            ($"(({TypeName(target.Type)})({Lambda(target)}))({Args(inv.Arguments)})", Primary),
        InvocationExpression inv => ($"{Expr(inv.Expression, Primary)}({Args(inv.Arguments)})", Primary),
        DefaultExpression d => (d.Type == typeof(void) ? "default" : $"default({TypeName(d.Type)})", Primary),
        TypeBinaryExpression t => ($"{Expr(t.Expression, Relational)} is {TypeName(t.TypeOperand)}", Relational),
        BlockExpression block => (BlockValue(block), Primary),
        _ => ($"{node.NodeType}({node.Type.Name})", Primary),
    };

    private static (string, int) Constant(ConstantExpression c)
    {
        var text = Literal(c.Value);
        return (text, text.StartsWith('-') ? Unary : Primary);
    }

    private (string, int) BinaryNode(BinaryExpression b)
    {
        if (b.NodeType == ExpressionType.ArrayIndex) return ($"{Expr(b.Left, Primary)}[{Expr(b.Right)}]", Primary);
        if (b.NodeType == ExpressionType.Power) return ($"Math.Pow({Expr(b.Left)}, {Expr(b.Right)})", Primary);
        if (b.NodeType == ExpressionType.Assign) return ($"{Expr(b.Left, Unary)} = {Expr(b.Right, Assignment)}", Assignment);
        if (CompoundAssignment(b.NodeType) is { } compound)
            return ($"{Expr(b.Left, Unary)} {compound} {Expr(b.Right, Assignment)}", Assignment);
        if (Binary(b.NodeType) is not { } op) return ($"{b.NodeType}({Expr(b.Left)}, {Expr(b.Right)})", Primary);
        var rightContext = op.Precedence == Coalesce ? Coalesce : op.Precedence + 1;
        return ($"{Expr(b.Left, op.Precedence)} {op.Token} {Expr(b.Right, rightContext)}", op.Precedence);
    }

    private (string, int) UnaryNode(UnaryExpression u) => u.NodeType switch
    {
        ExpressionType.Negate or ExpressionType.NegateChecked => ("-" + Operand(u.Operand, "-"), Unary),
        ExpressionType.UnaryPlus => ("+" + Operand(u.Operand, "+"), Unary),
        ExpressionType.Not => (u.Type == typeof(bool) ? "!" + Expr(u.Operand, Unary) : "~" + Expr(u.Operand, Unary), Unary),
        ExpressionType.OnesComplement => ("~" + Expr(u.Operand, Unary), Unary),
        ExpressionType.Convert or ExpressionType.ConvertChecked => ($"({TypeName(u.Type)}){Expr(u.Operand, Unary)}", Unary),
        ExpressionType.TypeAs => ($"{Expr(u.Operand, Relational)} as {TypeName(u.Type)}", Relational),
        ExpressionType.ArrayLength => ($"{Expr(u.Operand, Primary)}.Length", Primary),
        ExpressionType.Quote => Print(u.Operand),
        ExpressionType.PreIncrementAssign => ("++" + Expr(u.Operand, Unary), Unary),
        ExpressionType.PreDecrementAssign => ("--" + Expr(u.Operand, Unary), Unary),
        ExpressionType.PostIncrementAssign => (Expr(u.Operand, Primary) + "++", Primary),
        ExpressionType.PostDecrementAssign => (Expr(u.Operand, Primary) + "--", Primary),
        ExpressionType.Increment => (Expr(u.Operand, Additive) + " + 1", Additive),
        ExpressionType.Decrement => (Expr(u.Operand, Additive) + " - 1", Additive),
        ExpressionType.Throw => ("throw " + Expr(u.Operand!), Assignment),
        _ => ($"{u.NodeType}({Expr(u.Operand)})", Primary),
    };

    // "- -x" and "--x" differ in C#; a sign in front of a sign always gets parentheses.
    private string Operand(Expression operand, string sign)
    {
        var text = Expr(operand, Unary);
        return text.StartsWith(sign, StringComparison.Ordinal) ? "(" + text + ")" : text;
    }

    private string Call(MethodCallExpression call)
    {
        var method = call.Method;
        if (method.IsSpecialName && method.Name == "get_Item" && call.Object is not null)
            return $"{Expr(call.Object, Primary)}[{Args(call.Arguments)}]";
        if (call.Object is { Type.IsArray: true } array && method.Name == "Get")
            return $"{Expr(array, Primary)}[{Args(call.Arguments)}]";
        var target = call.Object is null ? TypeName(method.DeclaringType!) : Expr(call.Object, Primary);
        return $"{target}.{method.Name}({Args(call.Arguments)})";
    }

    private string Member(MemberExpression m)
    {
        // A captured variable reads as its own name, as it does in the source.
        if (m.Expression is ConstantExpression { Value: { } closure } && IsClosure(closure.GetType())) return Identifier(m.Member.Name);
        var target = m.Expression is null ? TypeName(m.Member.DeclaringType!) : Expr(m.Expression, Primary);
        return $"{target}.{m.Member.Name}";
    }

    private static bool IsClosure(Type type) =>
        type.IsDefined(typeof(CompilerGeneratedAttribute), false) || type.Name.StartsWith("<>", StringComparison.Ordinal)
        || type.FullName == "System.Runtime.CompilerServices.Closure";

    private string New(NewExpression n)
    {
        if (TupleElements(n.Type) is not null) return "(" + string.Join(", ", TupleArguments(n)) + ")";
        return $"new {TypeName(n.Type)}({Args(n.Arguments)})";
    }

    private IEnumerable<string> TupleArguments(NewExpression n)
    {
        for (int i = 0; i < n.Arguments.Count; i++)
        {
            // The eighth argument of a long tuple holds the rest of the elements.
            if (i == 7 && n.Arguments[i] is NewExpression rest && TupleElements(rest.Type) is not null)
                foreach (var item in TupleArguments(rest)) yield return item;
            else yield return Expr(n.Arguments[i]);
        }
    }

    private string NewArray(NewArrayExpression a)
    {
        var element = a.Type.GetElementType()!;
        if (a.NodeType != ExpressionType.NewArrayBounds) return $"new {TypeName(element)}[] {{ {Args(a.Expressions)} }}";
        // The sizes go in the first brackets: an array of n vectors is new double[n][], not new double[][n].
        var ranks = "";
        for (; element.IsArray; element = element.GetElementType()!) ranks += "[" + new string(',', element.GetArrayRank() - 1) + "]";
        return $"new {TypeName(element)}[{Args(a.Expressions)}]{ranks}";
    }

    private string Lambda(LambdaExpression l)
    {
        var ps = l.Parameters.Count == 1 ? names.Of(l.Parameters[0]) : "(" + string.Join(", ", l.Parameters.Select(names.Of)) + ")";
        if (l.Body is not BlockExpression) return $"{ps} => {Expr(l.Body)}";
        var inner = new CSharpPrinter(names) { depth = depth };
        foreach (var p in l.Parameters) inner.names.Of(p);
        inner.Body(l.Body, l.ReturnType != typeof(void));
        return $"{ps} =>\n{inner.output.ToString().TrimEnd('\n')}";
    }

    // A block used as a value has no C# expression form; a statement lambda invoked in place keeps its meaning.
    private string BlockValue(BlockExpression block)
    {
        var lambda = Expression.Lambda(block);
        return $"((Func<{TypeName(block.Type)}>)({Lambda(lambda)}))()";
    }

    private string Args(IEnumerable<Expression> args) => string.Join(", ", args.Select(a => Expr(a)));
}
