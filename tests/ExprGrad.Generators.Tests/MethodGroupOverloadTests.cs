using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ExprGrad.Generators.Tests;

/// <summary>
/// Why there is no <c>Grad.Of&lt;double[]&gt;(Loss1)</c> yet: what C# makes of a delegate overload beside the
/// expression-tree one, shown on a stand-in with Grad.Of's two signatures. A plain overload makes every lambda call
/// ambiguous (CS0121); with <c>[OverloadResolutionPriority(-1)]</c> on the delegate overload, lambdas keep binding
/// to the expression tree and method groups go to the delegate.
/// </summary>
public class MethodGroupOverloadTests
{
    private static (IReadOnlyList<Diagnostic> Errors, Dictionary<string, string?> Bound) Compile(string attribute)
    {
        var source = $$"""
            using System; using System.Linq.Expressions;
            public static class G
            {
                public static int Of<T>(Expression<Func<T, double>> f, object? options = null) => 1;
                {{attribute}} public static int Of<T>(Func<T, double> f, object? options = null) => 2;
            }
            public static class User
            {
                static double Loss1(double[] w) => w[0];
                public static void M()
                {
                    G.Of((double[] v) => v[0] * 2);
                    G.Of<double[]>(v => v[0]);
                    G.Of<double[]>(Loss1);
                }
            }
            """;
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = GeneratorHarness.Compilation(tree);
        var model = compilation.GetSemanticModel(tree);
        var bound = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .ToDictionary(call => call.ToString(), call => model.GetSymbolInfo(call).Symbol?.ToDisplayString());
        return ([.. compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)], bound);
    }

    [Fact]
    public void APlainDelegateOverloadMakesLambdaCallsAmbiguous()
    {
        var (errors, bound) = Compile("");
        Assert.Equal(["CS0121", "CS0121"], errors.Select(e => e.Id));
        Assert.Null(bound["G.Of((double[] v) => v[0] * 2)"]);
        Assert.Equal("G.Of<double[]>(System.Func<double[], double>, object?)", bound["G.Of<double[]>(Loss1)"]);
    }

    [Fact]
    public void WithALowerPriorityLambdasBindToTheTreeAndMethodGroupsToTheDelegate()
    {
        var (errors, bound) = Compile("[System.Runtime.CompilerServices.OverloadResolutionPriority(-1)]");
        Assert.Empty(errors);
        var tree = "G.Of<double[]>(System.Linq.Expressions.Expression<System.Func<double[], double>>, object?)";
        Assert.Equal(tree, bound["G.Of((double[] v) => v[0] * 2)"]);
        Assert.Equal(tree, bound["G.Of<double[]>(v => v[0])"]);
        Assert.Equal("G.Of<double[]>(System.Func<double[], double>, object?)", bound["G.Of<double[]>(Loss1)"]);
    }
}
