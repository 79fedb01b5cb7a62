using System.Linq.Expressions;
using System.Text;

namespace ExprGrad;

/// <summary>
/// Prints expression trees as C# statements. A block's variables are declared where they are first
/// assigned (<c>var t3 = x + y;</c>) when that happens at the block's own level, and up front otherwise;
/// <c>a = a + b</c> prints as <c>a += b</c>; Loop/Label patterns of counted loops print as <c>for</c>.
/// </summary>
internal sealed partial class CSharpPrinter
{
    private const string Indent = "    ";
    private readonly StringBuilder output = new();
    private readonly IdentifierNames names;
    private readonly Stack<LabelTarget> breakLabels = new();
    private int depth;

    private CSharpPrinter() => names = new();

    // A statement lambda inside a program (Map's element, inlined) may read the program's variables (its hoisted
    // invariants): one namer for both, so a variable has one name wherever it is printed.
    private CSharpPrinter(IdentifierNames names) => this.names = names;

    /// <summary>The lambda as a C# local function named after it.</summary>
    public static string Function(LambdaExpression lambda)
    {
        var printer = new CSharpPrinter();
        var parameters = string.Join(", ", lambda.Parameters.Select(p => CSharpSyntax.TypeName(p.Type) + " " + printer.names.Of(p)));
        var name = CSharpSyntax.Identifier(string.IsNullOrEmpty(lambda.Name) ? "function" : lambda.Name);
        printer.Line($"{CSharpSyntax.TypeName(lambda.ReturnType)} {name}({parameters})");
        printer.Body(lambda.Body, returns: lambda.ReturnType != typeof(void));
        return printer.output.ToString();
    }

    /// <summary>A lambda as a C# local function, any other expression as C# code (an expression, or statements
    /// when it is a block): how error messages show a user's construct.</summary>
    public static string Code(Expression node) => node switch
    {
        LambdaExpression lambda => Function(lambda).TrimEnd(),
        BlockExpression or LoopExpression => Statements(node).TrimEnd(),
        _ when node.Type == typeof(void) => Statements(node).TrimEnd(),
        _ => new CSharpPrinter().Expr(node),
    };

    /// <summary>Any expression as a sequence of statements.</summary>
    public static string Statements(Expression expression)
    {
        var printer = new CSharpPrinter();
        if (expression is BlockExpression block) printer.BlockContents(block.Variables, Flatten(block.Expressions), returns: false);
        else printer.Statement(expression);
        return printer.output.ToString();
    }

    private void Body(Expression body, bool returns)
    {
        Line("{");
        depth++;
        if (body is BlockExpression block) BlockContents(block.Variables, Flatten(block.Expressions), returns);
        else if (returns) Line($"return {Expr(body)};");
        else Statement(body);
        depth--;
        Line("}");
    }

    private void BlockContents(IReadOnlyList<ParameterExpression> variables, List<Expression> statements, bool returns)
    {
        var inline = Declarations.InlineCandidates(variables, statements);
        var indices = new HashSet<ParameterExpression>();
        // A for-loop's initialisation stays an assignment, so its index is declared up front.
        for (int i = 0; i + 1 < statements.Count; i++)
            if (ForLoop.Match(statements[i], statements[i + 1]) is { } loop)
            {
                inline.Remove(i);
                indices.Add(loop.Index);
            }
        // A value computed by a block of statements is declared up front and assigned after them.
        foreach (var i in inline.Keys.Where(i => statements[i] is BinaryExpression { Right: BlockExpression { Expressions.Count: > 1 } }).ToList())
            inline.Remove(i);
        var mentioned = Declarations.Mentioned(variables, statements);
        var upFront = variables.Where(v => !inline.ContainsValue(v) && mentioned.Contains(v)).ToList();
        // A variable assigned in one branch and read under the same test later is assigned whenever it is read, but
        // C#'s definite assignment cannot see that: it starts at its default, as a block variable of the tree does.
        foreach (var group in upFront.GroupBy(v => v.Type))
            Line($"{CSharpSyntax.TypeName(group.Key)} {string.Join(", ", group.Select(v => indices.Contains(v) ? names.Of(v) : names.Of(v) + " = default"))};");
        for (int i = 0; i < statements.Count; i++)
        {
            var s = statements[i];
            if (returns && i == statements.Count - 1) { Line($"return {Expr(s)};"); break; }
            if (inline.TryGetValue(i, out var declared) && s is BinaryExpression assign)
            {
                Line($"var {names.Of(declared)} = {Expr(assign.Right)};");
                continue;
            }
            if (i + 1 < statements.Count && ForLoop.Match(s, statements[i + 1]) is { } loop)
            {
                For(loop);
                i++;
                continue;
            }
            Statement(s);
        }
    }

    // Nested conditionals and loops recurse here: a deep program continues on a larger stack (StackGuard).
    private void Statement(Expression node) => StackGuard.Run(() => StatementAtThisDepth(node));

    private void StatementAtThisDepth(Expression node)
    {
        switch (node)
        {
            case DefaultExpression { Type: var t } when t == typeof(void):
                return;
            case BlockExpression block when block.Variables.Count == 0:
                BlockContents([], Flatten(block.Expressions), returns: false);
                return;
            case BlockExpression block:
                Line("{");
                depth++;
                BlockContents(block.Variables, Flatten(block.Expressions), returns: false);
                depth--;
                Line("}");
                return;
            case ConditionalExpression c:
                If(c);
                return;
            case LoopExpression loop:
                While(loop);
                return;
            case GotoExpression g:
                Line(Jump(g));
                return;
            case LabelExpression label:
                Line($"{CSharpSyntax.Identifier(label.Target.Name ?? "label")}:");
                return;
            case UnaryExpression { NodeType: ExpressionType.Throw } t:
                Line(t.Operand is null ? "throw;" : $"throw {Expr(t.Operand)};");
                return;
            case BinaryExpression { NodeType: ExpressionType.Assign } a when CompoundForm(a) is { } compound:
                Line(compound);
                return;
            case BinaryExpression { NodeType: ExpressionType.Assign, Right: BlockExpression { Expressions.Count: > 1 } value } a:
                // v = { s…; r } reads best as the statements followed by v = r (a forward Sum loop, say).
                Statement(Expression.Block(typeof(void), value.Variables,
                    [.. value.Expressions.Take(value.Expressions.Count - 1), Expression.Assign(a.Left, value.Result)]));
                return;
            default:
                Line(Expr(node, CSharpSyntax.Assignment) + ";");
                return;
        }
    }

    private void If(ConditionalExpression c)
    {
        Line($"if ({Expr(c.Test)})");
        Nested(c.IfTrue);
        var otherwise = c.IfFalse;
        while (!IsEmpty(otherwise))
        {
            if (otherwise is ConditionalExpression elseIf && elseIf.Type == typeof(void))
            {
                Line($"else if ({Expr(elseIf.Test)})");
                Nested(elseIf.IfTrue);
                otherwise = elseIf.IfFalse;
                continue;
            }
            Line("else");
            Nested(otherwise);
            break;
        }
    }

    private void For(ForLoop loop)
    {
        var init = $"{Expr(loop.Index)} = {Expr(loop.Start)}";
        Line($"for ({init}; {Expr(loop.Condition)}; {Expr(loop.Index)}{loop.Step})");
        breakLabels.Push(loop.Exit);
        NestedStatements(loop.Body);
        breakLabels.Pop();
    }

    private void While(LoopExpression loop)
    {
        Line("while (true)");
        if (loop.BreakLabel is { } exit) breakLabels.Push(exit);
        Nested(loop.Body);
        if (loop.BreakLabel is not null) breakLabels.Pop();
    }

    private string Jump(GotoExpression g)
    {
        if (breakLabels.Count > 0 && breakLabels.Peek() == g.Target) return "break;";
        if (g.Kind == GotoExpressionKind.Return) return g.Value is null ? "return;" : $"return {Expr(g.Value)};";
        return $"goto {CSharpSyntax.Identifier(g.Target.Name ?? "label")};";
    }

    private void Nested(Expression body) =>
        NestedStatements(body is BlockExpression { Variables.Count: 0 } b ? Flatten(b.Expressions) : [body]);

    private void NestedStatements(List<Expression> statements)
    {
        Line("{");
        depth++;
        BlockContents([], statements, returns: false);
        depth--;
        Line("}");
    }

    /// <summary><c>a = a ∘ b</c> as <c>a ∘= b</c> when both sides name the same variable or element.</summary>
    private string? CompoundForm(BinaryExpression assign)
    {
        if (assign.Right is not BinaryExpression op || CSharpSyntax.Binary(op.NodeType) is not { } binary) return null;
        if (op.NodeType is not (ExpressionType.Add or ExpressionType.Subtract or ExpressionType.Multiply or ExpressionType.Divide))
            return null;
        var target = Expr(assign.Left);
        if (Expr(op.Left) != target) return null;
        return $"{target} {binary.Token}= {Expr(op.Right, CSharpSyntax.Assignment)};";
    }

    private static bool IsEmpty(Expression e) =>
        e is DefaultExpression { Type: var t } && t == typeof(void) || e is BlockExpression { Expressions: [DefaultExpression { Type: var u }] } && u == typeof(void);

    /// <summary>Inlines nested blocks that declare nothing: in statement position their braces carry no meaning.</summary>
    internal static List<Expression> Flatten(IEnumerable<Expression> statements)
    {
        var list = new List<Expression>();
        foreach (var s in statements)
        {
            if (s is BlockExpression { Variables.Count: 0 } inner) list.AddRange(Flatten(inner.Expressions));
            else list.Add(s);
        }
        return list;
    }

    /// <summary>The deepest indentation printed: deeper code stays at this level, so that the text grows with the
    /// program and not with the program times its nesting (5,000 nested conditionals made 851 M characters).</summary>
    internal const int MaxIndent = 16;

    private void Line(string text)
    {
        for (int i = 0; i < Math.Min(depth, MaxIndent); i++) output.Append(Indent);
        output.Append(text).Append('\n');
    }
}
