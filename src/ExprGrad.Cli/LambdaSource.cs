using System.Linq.Expressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;

namespace ExprGrad.Cli;

/// <summary>
/// Turns lambda text such as <c>(x, y) =&gt; x * Exp(y)</c> into an <c>Expression&lt;Func&lt;…, double&gt;&gt;</c>
/// with Roslyn scripting. Parameters written without a type are <c>double</c>; <c>System.Math</c> and
/// <c>ExprGrad.Ops</c> are imported statically.
/// </summary>
internal static class LambdaSource
{
    /// <summary>The compiled lambda, or the compiler's diagnostics.</summary>
    public static (LambdaExpression? Lambda, IReadOnlyList<string> Errors) Compile(string text)
    {
        var parsed = SyntaxFactory.ParseExpression(text);
        var syntaxErrors = parsed.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(Describe).ToList();
        if (syntaxErrors.Count > 0 || !parsed.FullSpan.Length.Equals(text.Length))
            return (null, syntaxErrors.Count > 0 ? syntaxErrors : ["error: the text is not a single lambda expression"]);
        if (parsed is not LambdaExpressionSyntax lambda)
            return (null, ["error: expected a lambda such as \"(double x, double y) => x * y\" or \"(x, y) => x * y\""]);

        var parameters = lambda switch
        {
            ParenthesizedLambdaExpressionSyntax p => p.ParameterList.Parameters.Select(Typed).ToList(),
            SimpleLambdaExpressionSyntax s => [Typed(s.Parameter)],
            _ => [],
        };
        if (parameters.Count is 0 or > 8)
            return (null, [$"error: the lambda must have 1 to 8 parameters; it has {parameters.Count}"]);
        var body = lambda.Body.ToFullString();
        var funcType = $"Func<{string.Join(", ", parameters.Select(p => p.Type))}, double>";
        var code = $"Expression<{funcType}> __f = ({string.Join(", ", parameters.Select(p => p.Type + " " + p.Name))}) =>\n{body};\nreturn __f;";
        var options = ScriptOptions.Default
            .WithReferences(typeof(Grad).Assembly, typeof(Expression).Assembly)
            .WithImports("System", "System.Linq", "System.Linq.Expressions", "System.Math", "ExprGrad.Ops", "ExprGrad");
        try
        {
            var result = CSharpScript.EvaluateAsync<LambdaExpression>(code, options).GetAwaiter().GetResult();
            return (result, []);
        }
        catch (CompilationErrorException e)
        {
            return (null, e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(Describe).ToList());
        }
    }

    private static (string Type, string Name) Typed(ParameterSyntax p) => (p.Type?.ToString() ?? "double", p.Identifier.Text);

    private static string Describe(Diagnostic d)
    {
        var snippet = d.Location.IsInSource ? d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan) : "";
        return $"error {d.Id}: {d.GetMessage()}" + (snippet.Length > 0 ? $" (at '{snippet}')" : "");
    }
}
