using Microsoft.CodeAnalysis;

namespace ExprGrad.Generators;

/// <summary>What the generator reports at the source location of a construct it cannot capture, each with the fix.</summary>
internal static class Diagnostics
{
    private const string Category = "ExprGrad";

    public static readonly DiagnosticDescriptor UnsupportedConstruct = new(
        "EXG001", "Construct not differentiable",
        "ExprGrad cannot differentiate {0} in a [Differentiable] method; {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NotStatic = new(
        "EXG002", "[Differentiable] needs a static, non-generic method",
        "[Differentiable] method '{0}' {1}; make it a static, non-generic method (or static local function) of a non-generic type",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NotDouble = new(
        "EXG003", "Gradient carried by a float or decimal",
        "'{0}' is {1}, which cannot carry a gradient; use double",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ParameterArrayWrite = new(
        "EXG004", "Write into a parameter array",
        "A [Differentiable] method may not write into its parameter array '{0}'; copy it into a local array (new double[n]) first and write there",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnknownMethod = new(
        "EXG005", "Call to a method without a derivative",
        "'{0}' is neither [Differentiable] nor built into ExprGrad; mark it [Differentiable], or register its rule with Derivatives.Register before taking the gradient",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedInLambda = new(
        "EXG006", "Construct not differentiable in a gradient's lambda",
        "ExprGrad cannot differentiate {0} in the lambda passed to {1}; {2}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
