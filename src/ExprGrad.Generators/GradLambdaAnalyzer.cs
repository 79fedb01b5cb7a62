using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ExprGrad.Generators;

/// <summary>
/// Checks the expression lambdas handed to ExprGrad's entry points (<c>Grad.Of(x =&gt; …)</c>, <c>GradientCode.Of</c>,
/// …) at build time, for what the core would refuse when the gradient is built: a delegate invoked inside
/// (EXG006), a gradient carried by a float or decimal (EXG003), both errors; a call to a method that is neither
/// [Differentiable] nor built in (EXG005), a warning, since its rule may be registered at run time.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GradLambdaAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The types whose lambdas are the operations inside a gradient's lambda, not entry points.</summary>
    private static readonly HashSet<string> Operations = ["ExprGrad.Ops", "ExprGrad.Runtime.Kernels"];

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [Diagnostics.NotDouble, Diagnostics.UnknownMethod, Diagnostics.UnsupportedInLambda];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxNodeAction(Analyze, SyntaxKind.SimpleLambdaExpression, SyntaxKind.ParenthesizedLambdaExpression);
    }

    private static void Analyze(SyntaxNodeAnalysisContext context)
    {
        var lambda = (LambdaExpressionSyntax)context.Node;
        if (lambda.Body is not ExpressionSyntax body || EntryPointOf(lambda, context.SemanticModel, context.CancellationToken) is not { } entry) return;
        // A lambda inside another one handed to an entry point is checked with it.
        if (lambda.Ancestors().OfType<LambdaExpressionSyntax>().Any(outer => EntryPointOf(outer, context.SemanticModel, context.CancellationToken) is not null)) return;
        new Walker(context, entry).Visit(body);
    }

    /// <summary>The entry point a lambda is handed to as an expression tree, or null.</summary>
    private static string? EntryPointOf(LambdaExpressionSyntax lambda, SemanticModel model, CancellationToken token)
    {
        if (lambda.Parent is not ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax call }) return null;
        if (model.GetTypeInfo(lambda, token).ConvertedType is not INamedTypeSymbol { Name: "Expression", IsGenericType: true } tree
            || tree.ContainingNamespace.ToDisplayString() != "System.Linq.Expressions") return null;
        if (model.GetSymbolInfo(call, token).Symbol is not IMethodSymbol { ContainingType: { } type } method) return null;
        var ns = type.ContainingNamespace.ToDisplayString();
        if (ns != "ExprGrad" && !ns.StartsWith("ExprGrad.", StringComparison.Ordinal) || Operations.Contains(Names.Metadata(type))) return null;
        return type.Name + "." + method.Name;
    }

    private sealed class Walker(SyntaxNodeAnalysisContext context, string entry) : CSharpSyntaxWalker
    {
        private SemanticModel Model => context.SemanticModel;

        public override void Visit(SyntaxNode? node)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (node is ExpressionSyntax e and not ParenthesizedExpressionSyntax && CarriesGradientAs(e) is { } type)
            {
                context.ReportDiagnostic(Diagnostic.Create(Diagnostics.NotDouble, e.GetLocation(), e.ToString(), type));
                return;
            }
            base.Visit(node);
        }

        public override void VisitInvocationExpression(InvocationExpressionSyntax call)
        {
            if (Model.GetSymbolInfo(call, context.CancellationToken).Symbol is IMethodSymbol target)
            {
                var definition = target.ReducedFrom ?? target;
                if (target.MethodKind == MethodKind.DelegateInvoke && !IsLambdaLiteral(call.Expression))
                    context.ReportDiagnostic(Diagnostic.Create(Diagnostics.UnsupportedInLambda, call.GetLocation(),
                        $"the call of the delegate '{call.Expression}'", entry,
                        "make the function a [Differentiable] static method and call it, or write its body into the lambda"));
                else if (target.MethodKind != MethodKind.DelegateInvoke && !IsArrayMethod(target)
                         && !MethodReferences.IsBuiltIn(definition) && !MethodReferences.IsDifferentiable(definition))
                    context.ReportDiagnostic(Diagnostic.Create(Diagnostics.UnknownMethod, call.GetLocation(), definition.ContainingType.Name + "." + definition.Name));
            }
            base.VisitInvocationExpression(call);
        }

        private static bool IsLambdaLiteral(ExpressionSyntax callee)
        {
            while (callee is ParenthesizedExpressionSyntax or CastExpressionSyntax)
                callee = callee is ParenthesizedExpressionSyntax p ? p.Expression : ((CastExpressionSyntax)callee).Expression;
            return callee is LambdaExpressionSyntax;
        }

        private static bool IsArrayMethod(IMethodSymbol method) => method.ContainingType?.SpecialType == SpecialType.System_Array;

        /// <summary>"float" or "decimal" when <paramref name="e"/> is of that type and reads a parameter of the lambdas.</summary>
        private string? CarriesGradientAs(ExpressionSyntax e)
        {
            var type = Model.GetTypeInfo(e, context.CancellationToken).Type;
            if (type?.SpecialType is not (SpecialType.System_Single or SpecialType.System_Decimal)) return null;
            bool readsParameter = e.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
                .Any(id => Model.GetSymbolInfo(id, context.CancellationToken).Symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } });
            return readsParameter ? type.ToDisplayString() : null;
        }
    }
}
