using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ExprGrad.Generators.Tests;

/// <summary>Runs <see cref="DifferentiableGenerator"/> over source text in a compilation against this process's
/// framework and ExprGrad, and compiles the result.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        paths.Add(typeof(Grad).Assembly.Location);
        return [.. paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    });

    public sealed record Result(ImmutableArray<Diagnostic> GeneratorDiagnostics, string Generated, ImmutableArray<Diagnostic> CompilationErrors, Compilation Output);

    public static Result Run(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Test.cs");
        var compilation = Compilation(tree);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new DifferentiableGenerator());
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var generated = string.Join("\n", driver.GetRunResult().GeneratedTrees
            .Where(t => !t.FilePath.EndsWith("DifferentiableSupport.g.cs", StringComparison.Ordinal)).Select(t => t.ToString()));
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        return new Result(diagnostics, generated, errors, output);
    }

    /// <summary>The one diagnostic of <paramref name="diagnostics"/>: <paramref name="id"/>, starting where
    /// <paramref name="at"/> first occurs in <paramref name="source"/>.</summary>
    public static Diagnostic SingleAt(IEnumerable<Diagnostic> diagnostics, string source, string id, string at)
    {
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(source.IndexOf(at, StringComparison.Ordinal), diagnostic.Location.SourceSpan.Start);
        return diagnostic;
    }

    /// <summary>A library of <paramref name="tree"/> against this process's framework and ExprGrad, nullable enabled.</summary>
    public static CSharpCompilation Compilation(SyntaxTree tree) =>
        CSharpCompilation.Create("GeneratorTest", [tree], References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>The diagnostics of <see cref="GradLambdaAnalyzer"/> over the source (compiled after the generator ran).</summary>
    public static ImmutableArray<Diagnostic> Analyze(string source)
    {
        var output = Run(source).Output;
        return output.WithAnalyzers([new GradLambdaAnalyzer()], new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false)).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    }

    /// <summary>A method in a class, with the usings a user would have.</summary>
    public static string InClass(string members) => $$"""
        using System;
        using System.Linq;
        using ExprGrad;
        public static class Subject
        {
        {{members}}
        }
        """;
}
