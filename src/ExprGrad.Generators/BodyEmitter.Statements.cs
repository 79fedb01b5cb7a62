using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ExprGrad.Generators;

internal sealed partial class BodyEmitter
{
    private const string Rewrite = "rewrite it with locals, if/else, loops and calls to [Differentiable] methods";

    private List<string> Statements(IEnumerable<StatementSyntax> statements, List<string> variables)
    {
        var output = new List<string>();
        foreach (var s in statements) Statement(s, variables, output);
        return output;
    }

    /// <summary>A statement in its own block: the locals it declares are the block's.</summary>
    private string Embedded(StatementSyntax statement)
    {
        var variables = new List<string>();
        var output = new List<string>();
        Statement(statement, variables, output);
        return VoidBlock(variables, output);
    }

    private static string VoidBlock(List<string> variables, List<string> statements) =>
        variables.Count == 0 && statements.Count == 1 ? statements[0]
        : $"E.Block(typeof(void), new PE[] {{ {string.Join(", ", variables)} }}, new E[] {{ {(statements.Count == 0 ? "E.Empty()" : string.Join(", ", statements))} }})";

    private void Statement(StatementSyntax statement, List<string> variables, List<string> output)
    {
        token.ThrowIfCancellationRequested();
        switch (statement)
        {
            case BlockSyntax block:
                var locals = new List<string>();
                output.Add(VoidBlock(locals, Statements(block.Statements, locals)));
                return;
            case LocalDeclarationStatementSyntax declaration:
                Declaration(declaration.Declaration, declaration.IsConst, variables, output);
                return;
            case ExpressionStatementSyntax expression:
                output.Add(Effect(expression.Expression));
                return;
            case IfStatementSyntax branch:
                var test = Value(branch.Condition);
                output.Add(branch.Else is null
                    ? $"E.IfThen({test}, {Embedded(branch.Statement)})"
                    : $"E.IfThenElse({test}, {Embedded(branch.Statement)}, {Embedded(branch.Else.Statement)})");
                return;
            case ForStatementSyntax loop:
                output.Add(For(loop));
                return;
            case WhileStatementSyntax loop:
                output.Add(While(loop.Condition, loop.Statement));
                return;
            case DoStatementSyntax loop:
                output.Add(Do(loop));
                return;
            case ForEachStatementSyntax loop:
                output.Add(ForEach(loop));
                return;
            case BreakStatementSyntax:
                output.Add(loops.Count == 0 ? Unsupported(statement, "this break", Rewrite) : $"E.Break({loops.Peek().Break})");
                return;
            case ContinueStatementSyntax:
                if (loops.Count == 0) { output.Add(Unsupported(statement, "this continue", Rewrite)); return; }
                loops.Peek().ContinueUsed = true;
                output.Add($"E.Continue({loops.Peek().Continue})");
                return;
            case ReturnStatementSyntax { Expression: { } value }:
                output.Add($"E.Return({returnLabel}, {Value(value, returnType)})");
                return;
            case EmptyStatementSyntax:
                return;
            case TryStatementSyntax:
                output.Add(Unsupported(statement, "try/catch/finally", "move the code that may throw out of the method, and check its inputs before taking the gradient"));
                return;
            case GotoStatementSyntax or LabeledStatementSyntax:
                output.Add(Unsupported(statement, "goto and labels", "use loops with break and continue, or an early return"));
                return;
            default:
                output.Add(Unsupported(statement, $"a {Names.Describe(statement.Kind())}", Rewrite));
                return;
        }
    }

    private void Declaration(VariableDeclarationSyntax declaration, bool isConst, List<string> variables, List<string> output)
    {
        if (declaration.Type is RefTypeSyntax)
        {
            output.Add(Unsupported(declaration, "a ref local", "copy the value into an ordinary local, and write array elements by index"));
            return;
        }
        foreach (var v in declaration.Variables)
        {
            if (model.GetDeclaredSymbol(v, token) is not ILocalSymbol local) continue;
            CheckDouble(local.Type, v.Identifier.GetLocation(), local.Name);
            if (isConst) continue; // read as its constant value wherever it is used
            variables.Add(Declare(local, "E.Variable", local.Type, local.Name));
            if (v.Initializer is { } init) output.Add($"E.Assign({names[local]}, {Value(init.Value, local.Type)})");
        }
    }

    /// <summary>An expression statement: an assignment, a compound assignment, ++ or --.</summary>
    private string Effect(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case AssignmentExpressionSyntax assignment:
                var factory = assignment.Kind() switch
                {
                    SyntaxKind.SimpleAssignmentExpression => "Assign",
                    SyntaxKind.AddAssignmentExpression => "AddAssign",
                    SyntaxKind.SubtractAssignmentExpression => "SubtractAssign",
                    SyntaxKind.MultiplyAssignmentExpression => "MultiplyAssign",
                    SyntaxKind.DivideAssignmentExpression => "DivideAssign",
                    SyntaxKind.ModuloAssignmentExpression => "ModuloAssign",
                    _ => null,
                };
                if (factory is null) return Unsupported(assignment, $"the operator {assignment.OperatorToken.Text}", Rewrite);
                var target = Target(assignment.Left);
                var type = model.GetTypeInfo(assignment.Left, token).Type;
                return $"E.{factory}({target}, {Value(assignment.Right, type)})";
            case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression } inc:
                return $"E.PostIncrementAssign({Target(inc.Operand)})";
            case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostDecrementExpression } dec:
                return $"E.PostDecrementAssign({Target(dec.Operand)})";
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression } inc:
                return $"E.PreIncrementAssign({Target(inc.Operand)})";
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreDecrementExpression } dec:
                return $"E.PreDecrementAssign({Target(dec.Operand)})";
            case InvocationExpressionSyntax:
                return Unsupported(expression, "a call whose result is discarded", "a [Differentiable] method has no side effects: use the call's value, or drop the call");
            default:
                return Unsupported(expression, "this expression statement", Rewrite);
        }
    }

    /// <summary>What an assignment writes: a local, a parameter, or an element of a local array.</summary>
    private string Target(ExpressionSyntax target)
    {
        var symbol = model.GetSymbolInfo(target, token).Symbol;
        if (target is IdentifierNameSyntax && symbol is ILocalSymbol or IParameterSymbol && names.TryGetValue(symbol, out var id)) return id;
        if (target is ElementAccessExpressionSyntax element)
        {
            var array = model.GetSymbolInfo(element.Expression, token).Symbol;
            if (array is IParameterSymbol parameter)
            {
                Report(Generators.Diagnostics.ParameterArrayWrite, target.GetLocation(), parameter.Name);
                return "E.Empty()";
            }
            if (element.Expression is IdentifierNameSyntax && array is ILocalSymbol local && names.TryGetValue(local, out var arrayId))
                return $"E.ArrayAccess({arrayId}, {string.Join(", ", element.ArgumentList.Arguments.Select(a => Value(a.Expression)))})";
        }
        return Unsupported(target, "a write to this target", "assign to locals, parameters and elements of local arrays only");
    }
}
