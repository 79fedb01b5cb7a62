using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ExprGrad.Generators;

/// <summary>
/// Turns one method body into C# that builds its expression tree. Variables and labels are declared first
/// (<see cref="Declarations"/>); the tree itself is one nested factory call. Control flow keeps the shapes the
/// core lowers: for/while as <c>loop { if (!c) break; body; continue-label; step }</c>, a return as a jump to a
/// label ending the body.
/// </summary>
internal sealed partial class BodyEmitter
{
    private readonly SemanticModel model;
    private readonly IMethodSymbol method;
    private readonly CancellationToken token;
    private readonly StringBuilder declarations = new();
    private readonly Dictionary<ISymbol, string> names = new(SymbolEqualityComparer.Default);
    private readonly Stack<LoopLabels> loops = new();
    private string? returnLabel;
    private ITypeSymbol? returnType;
    private int counter;

    public BodyEmitter(SemanticModel model, IMethodSymbol method, CancellationToken token) =>
        (this.model, this.method, this.token) = (model, method, token);

    public List<Diagnostic> Diagnostics { get; } = [];

    public List<string> ParameterNames { get; } = [];

    public string Declarations => declarations.ToString();

    /// <summary>The tree of the method's body, or null when the method itself cannot be [Differentiable].</summary>
    public string? Method(SyntaxNode node)
    {
        var (body, arrow, identifier) = node switch
        {
            MethodDeclarationSyntax m => (m.Body, m.ExpressionBody, m.Identifier),
            LocalFunctionStatementSyntax f => (f.Body, f.ExpressionBody, f.Identifier),
            _ => throw new InvalidOperationException(node.Kind().ToString()),
        };
        var location = identifier.GetLocation();
        if (!CheckSignature(location)) return null;
        foreach (var p in method.Parameters) ParameterNames.Add(Declare(p, "E.Parameter", p.Type, p.Name));
        if (arrow is not null) return Value(arrow.Expression, method.ReturnType);
        if (body is null)
        {
            Report(Generators.Diagnostics.NotStatic, location, method.Name, "has no body");
            return null;
        }
        return Body(body, method.ReturnType);
    }

    /// <summary>A block body (the method's, or a statement lambda's): a block ending with the label its returns jump to.</summary>
    private string Body(BlockSyntax body, ITypeSymbol returnType)
    {
        var (outerLabel, outerType) = (returnLabel, this.returnType);
        (returnLabel, this.returnType) = (Label("return", returnType), returnType);
        var variables = new List<string>();
        var statements = Statements(body.Statements, variables);
        statements.Add($"E.Label({returnLabel}, E.Default(typeof({Names.Type(returnType)})))");
        (returnLabel, this.returnType) = (outerLabel, outerType);
        return $"E.Block(typeof({Names.Type(returnType)}), new PE[] {{ {string.Join(", ", variables)} }}, new E[] {{ {string.Join(", ", statements)} }})";
    }

    /// <summary>The method's own MethodInfo, found by reflection (it may be private or a local function).</summary>
    public string Self() => MethodReferences.ByReflection(method);

    private bool CheckSignature(Location location)
    {
        string? problem = !method.IsStatic ? "is not static"
            : method.IsGenericMethod ? "is generic"
            : IsInGenericType(method.ContainingType) ? "is declared in a generic type"
            : method.ReturnsVoid ? "returns nothing"
            : method.Parameters.Any(p => p.RefKind != RefKind.None) ? "has a ref, in or out parameter"
            : method.MethodKind == MethodKind.LocalFunction && method.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } ? "is a local function inside a local function"
            : null;
        if (problem is not null)
        {
            Report(Generators.Diagnostics.NotStatic, location, method.Name, problem);
            return false;
        }
        bool ok = true;
        foreach (var p in method.Parameters)
            ok &= CheckDouble(p.Type, p.Locations.FirstOrDefault() ?? location, p.Name);
        return ok & CheckDouble(method.ReturnType, location, method.Name + "'s result");
    }

    private static bool IsInGenericType(INamedTypeSymbol? type)
    {
        for (; type is not null; type = type.ContainingType)
            if (type.IsGenericType) return true;
        return false;
    }

    /// <summary>EXG003 for a float or decimal (or an array of them) where a gradient would flow.</summary>
    private bool CheckDouble(ITypeSymbol? type, Location location, string what)
    {
        var element = type is IArrayTypeSymbol array ? array.ElementType : type;
        if (element?.SpecialType is not (SpecialType.System_Single or SpecialType.System_Decimal)) return true;
        Report(Generators.Diagnostics.NotDouble, location, what, element.ToDisplayString());
        return false;
    }

    private string Declare(ISymbol symbol, string factory, ITypeSymbol type, string name)
    {
        var id = $"v{counter++}_{Names.Safe(name)}";
        declarations.AppendLine($"            var {id} = {factory}(typeof({Names.Type(type)}), \"{name}\");");
        names[symbol] = id;
        return id;
    }

    private string Temporary(string type, string name)
    {
        var id = $"t{counter++}_{name}";
        declarations.AppendLine($"            var {id} = E.Variable(typeof({type}), \"{name}\");");
        return id;
    }

    private string Label(string name, ITypeSymbol? type = null)
    {
        var id = $"l{counter++}_{name}";
        var typeArgument = type is null ? "" : $"typeof({Names.Type(type)}), ";
        declarations.AppendLine($"            var {id} = E.Label({typeArgument}\"{name}\");");
        return id;
    }

    private void Report(DiagnosticDescriptor descriptor, Location location, params object[] arguments) =>
        Diagnostics.Add(Diagnostic.Create(descriptor, location, arguments));

    /// <summary>EXG001 at <paramref name="node"/>; the placeholder keeps the emitted text well formed.</summary>
    private string Unsupported(SyntaxNode node, string what, string fix)
    {
        Report(Generators.Diagnostics.UnsupportedConstruct, node.GetLocation(), what, fix);
        return "E.Empty()";
    }

    private sealed class LoopLabels(string breakLabel, string continueLabel)
    {
        public string Break { get; } = breakLabel;

        public string Continue { get; } = continueLabel;

        public bool ContinueUsed { get; set; }
    }
}
