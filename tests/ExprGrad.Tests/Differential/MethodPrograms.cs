using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using ExprGrad.Generators;
using ExprGrad.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ExprGrad.Tests.Differential;

/// <summary>
/// Generated programs as <c>[Differentiable]</c> C# methods: each program printed as a static method (its closure
/// reads become parameters), many programs compiled in one Roslyn compilation with ExprGrad's source generator,
/// the assembly loaded and its module initializer run, so the registered bodies are the generator's.
/// </summary>
public static class MethodPrograms
{
    private static readonly ConcurrentDictionary<string, MethodInfo?> Compiled = new();
    private static readonly ConcurrentDictionary<string, string> Failures = new();
    private static int batches;

    /// <summary>The closure reads a program may make, in the order they follow the program's own parameters.</summary>
    private static readonly string[] ClosureFields = [nameof(Captured.Data), nameof(Captured.Matrix), nameof(Captured.Scale)];

    /// <summary>
    /// Whether the adapter takes <paramref name="spec"/>: every tenth program by a hash of its text that is the same
    /// in every run. Compiling a method costs far more than building a gradient, and a tenth of the CI seed set is
    /// still some 300 programs of every shape.
    /// A try region is left out: C# prints and the generator reads no try statement.
    /// </summary>
    public static bool Takes(ProgramSpec spec) => spec.ToString().Aggregate(17u, (h, c) => h * 31 + c) % 10 == 0
        // A [Differentiable] method may not write into a parameter array (EXG004), and the closure's scratch array
        // is no method parameter.
        && !spec.ToString().Contains(nameof(ImperativeForm.ParameterWritten), StringComparison.Ordinal)
        && !spec.ToString().Contains(nameof(ImperativeForm.CapturedArrayWritten), StringComparison.Ordinal)
        && !SpecNodes.Descendants(spec.Body).Any(t => t is Imperative { Form: ImperativeForm.TryWritesThenThrows });

    /// <summary>Compiles the programs of a run that the adapter takes, all in one Roslyn compilation: one compilation
    /// per program would cost more than the rest of the harness.</summary>
    public static void Prepare(IEnumerable<ProgramSpec> programs)
    {
        lock (Compiled) Compile(programs.Where(Takes).Select(ProgramRenderer.Render));
    }

    /// <summary>The method compiled for <paramref name="p"/> (compiled alone when no batch held it: a program of
    /// FsCheck's or of the minimizer); throws <see cref="NotSupportedException"/> with the compiler's reason when the
    /// printed program is not a [Differentiable] method.</summary>
    public static MethodInfo Method(RenderedProgram p)
    {
        var key = p.Spec.ToString();
        lock (Compiled)
        {
            if (!Compiled.ContainsKey(key)) Compile([p]);
        }
        return Compiled[key] ?? throw new NotSupportedException("Not a [Differentiable] method: " + Failures.GetValueOrDefault(key));
    }

    /// <summary>The program's lambda over its parameters and the closure values as parameters: the three every program
    /// may read, and the scratch array when the program writes it (<see cref="ImperativeForm.CapturedArrayWritten"/>).</summary>
    public static LambdaExpression WithClosureParameters(RenderedProgram p)
    {
        var fields = NodeCount.Of(p.Function.Body, n => n is MemberExpression { Member.Name: nameof(Captured.Scratch) }) > 0
            ? [.. ClosureFields, nameof(Captured.Scratch)]
            : ClosureFields;
        var parameters = fields.Select(f => Expression.Parameter(typeof(Captured).GetField(f)!.FieldType, f)).ToArray();
        var body = new ClosureToParameters(p.Closure, parameters).Visit(p.Function.Body)!;
        return Expression.Lambda(body, "F", [.. p.Function.Parameters, .. parameters]);
    }

    /// <summary>A call of the compiled method from a lambda over the program's parameters, reading the closure at call time.</summary>
    public static LambdaExpression Caller(RenderedProgram p)
    {
        var method = Method(p);
        var reads = ClosureFields.Select(f => (Expression)Expression.Field(Expression.Constant(p.Closure), f));
        return Expression.Lambda(Expression.Call(method, [.. p.Function.Parameters, .. reads]), p.Function.Parameters);
    }

    private static void Compile(IEnumerable<RenderedProgram> programs)
    {
        var classes = new List<(string Key, string Class, string Source)>();
        var all = new Dictionary<string, RenderedProgram>();
        foreach (var p in programs.DistinctBy(p => p.Spec.ToString()))
        {
            all[p.Spec.ToString()] = p;
            var key = p.Spec.ToString();
            if (Compiled.ContainsKey(key)) continue;
            var name = $"Program{Compiled.Count + classes.Count}";
            var printed = CSharpPrinter.Function(WithClosureParameters(p));
            classes.Add((key, name, $"public static class {name}\n{{\n[ExprGrad.Differentiable]\npublic static {printed}\n}}\n"));
        }
        if (classes.Count == 0) return;
        var text = new System.Text.StringBuilder("using System;\nusing System.Linq;\nusing ExprGrad;\n");
        var starts = new int[classes.Count];
        for (int i = 0; i < classes.Count; i++)
        {
            starts[i] = text.Length;
            text.Append(classes[i].Source).Append('\n');
        }
        var source = text.ToString();
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create($"MethodPrograms{Interlocked.Increment(ref batches)}", [tree], References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        CSharpGeneratorDriver.Create(new DifferentiableGenerator()).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        // A class whose method the generator or the compiler refuses is left out, and the rest compiled again.
        var refused = generatorDiagnostics.Concat(emitted.Diagnostics)
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree == tree)
            .GroupBy(d => classes[ClassAt(starts, d.Location.SourceSpan.Start)].Key)
            .ToDictionary(g => g.Key, g => g.First().GetMessage() + " at: " + Excerpt(source, g.First().Location.SourceSpan));
        if (refused.Count > 0)
        {
            foreach (var (key, reason) in refused) { Failures[key] = reason; Compiled[key] = null; }
            Compile(classes.Where(c => !refused.ContainsKey(c.Key)).Select(c => all[c.Key]));
            return;
        }
        if (!emitted.Success) throw new InvalidOperationException(string.Join("\n", emitted.Diagnostics.Take(10)));
        var assembly = Assembly.Load(image.ToArray());
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        foreach (var c in classes) Compiled[c.Key] = assembly.GetType(c.Class)!.GetMethod("F")!;
    }

    /// <summary>The refused code and a little around it, so a reason names what the printer wrote.</summary>
    private static string Excerpt(string source, Microsoft.CodeAnalysis.Text.TextSpan span) =>
        source.Substring(Math.Max(0, span.Start - 40), Math.Min(span.Length + 80, source.Length - Math.Max(0, span.Start - 40))).ReplaceLineEndings(" ");

    /// <summary>The index of the class whose text holds <paramref name="position"/>.</summary>
    private static int ClassAt(int[] starts, int position)
    {
        int i = Array.BinarySearch(starts, position);
        return i >= 0 ? i : Math.Max(0, ~i - 1);
    }

    /// <summary>The platform assemblies and ExprGrad: what compiled program text may use.</summary>
    public static readonly Lazy<MetadataReference[]> References = new(() =>
        [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(Grad).Assembly.Location).Distinct().Select(p => MetadataReference.CreateFromFile(p))]);

    /// <summary>Each <c>closure.Field</c> read becomes the parameter of the same name.</summary>
    private sealed class ClosureToParameters(Captured closure, ParameterExpression[] parameters) : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node) =>
            node.Expression is ConstantExpression { Value: var v } && ReferenceEquals(v, closure)
                ? parameters.Single(p => p.Name == node.Member.Name)
                : base.VisitMember(node);
    }
}
