using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ExprGrad.Generators;

internal sealed partial class BodyEmitter
{
    /// <summary><c>init; loop { if (!c) break; body; continue-label; step }</c>: a continue still runs the step.</summary>
    private string For(ForStatementSyntax loop)
    {
        var variables = new List<string>();
        var output = new List<string>();
        if (loop.Declaration is { } declaration) Declaration(declaration, isConst: false, variables, output);
        foreach (var init in loop.Initializers) output.Add(Effect(init));
        var step = loop.Incrementors.Select(Effect).ToList();
        output.Add(Loop(loop.Condition is null ? null : Value(loop.Condition), loop.Statement, step));
        return VoidBlock(variables, output);
    }

    private string While(ExpressionSyntax condition, StatementSyntax body) => Loop(Value(condition), body, []);

    /// <summary><c>do body while (c)</c> as <c>first = true; loop { if (!(first || c)) break; first = false; body }</c>:
    /// the loop shape the core differentiates tests at the top.</summary>
    private string Do(DoStatementSyntax loop)
    {
        var first = Temporary("bool", "first");
        var test = $"E.OrElse({first}, {Value(loop.Condition)})";
        var body = Loop(test, loop.Statement, [], [$"E.Assign({first}, E.Constant(false))"]);
        return $"E.Block(typeof(void), new PE[] {{ {first} }}, new E[] {{ E.Assign({first}, E.Constant(true)), {body} }})";
    }

    /// <summary><c>foreach (var v in xs)</c> over an array, as an index loop over a copy of the array reference.</summary>
    private string ForEach(ForEachStatementSyntax loop)
    {
        var collection = model.GetTypeInfo(loop.Expression, token).Type;
        if (collection is not IArrayTypeSymbol { Rank: 1 } array || model.GetDeclaredSymbol(loop, token) is not ILocalSymbol element)
            return Unsupported(loop, "foreach over something other than a one-dimensional array", "loop over an array, or write an index loop");
        if (!CheckDouble(element.Type, loop.Identifier.GetLocation(), element.Name)) return "E.Empty()";
        var source = Temporary(Names.Type(array), "items");
        var index = Temporary("int", "index");
        var item = Declare(element, "E.Variable", element.Type, element.Name);
        var read = $"E.Assign({item}, {Converted($"E.ArrayIndex({source}, {index})", array.ElementType, element.Type)})";
        var body = Loop($"E.LessThan({index}, E.ArrayLength({source}))", loop.Statement, [$"E.PreIncrementAssign({index})"], [read]);
        return $"E.Block(typeof(void), new PE[] {{ {source}, {index}, {item} }}, new E[] {{ E.Assign({source}, {Value(loop.Expression)}), E.Assign({index}, E.Constant(0)), {body} }})";
    }

    private string Loop(string? condition, StatementSyntax statement, List<string> step, List<string>? prologue = null)
    {
        var labels = new LoopLabels(Label("break"), Label("continue"));
        loops.Push(labels);
        var body = Embedded(statement);
        loops.Pop();
        var items = new List<string>();
        if (condition is not null) items.Add($"E.IfThen(E.Not({condition}), E.Break({labels.Break}))");
        if (prologue is not null) items.AddRange(prologue);
        items.Add(body);
        if (labels.ContinueUsed) items.Add($"E.Label({labels.Continue})");
        items.AddRange(step);
        return $"E.Loop({VoidBlock([], items)}, {labels.Break})";
    }
}
