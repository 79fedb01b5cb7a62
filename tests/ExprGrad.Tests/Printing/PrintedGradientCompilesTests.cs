using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using ExprGrad.Tests.Differential;
using ExprGrad.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;

namespace ExprGrad.Tests.Printing;

/// <summary>
/// Printed code is real code (issue 19): the gradient program GradientCode prints for the differential harness's
/// programs compiles with Roslyn against ExprGrad's public API alone, and computes, bit for bit, what the compiled
/// gradient delegate computes.
/// </summary>
public class PrintedGradientCompilesTests(ITestOutputHelper output)
{
    /// <summary>The using directives GradientCode's documentation names.</summary>
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing ExprGrad;\nusing ExprGrad.Runtime;\n";

    /// <summary>One program in <see cref="SampleEvery"/> of the CI seed set: all 3,000 compile (checked once by hand,
    /// 1.5 min under load); a fifth keeps the test to a fraction of that and still meets every shape.</summary>
    private const int SampleEvery = 5;

    [Fact]
    public void The_printed_gradients_of_the_harness_programs_compile_and_compute_what_the_delegates_compute()
    {
        // Left out, as the [Differentiable] method adapter leaves them out: a try region's gradient calls its compiled
        // probe, a delegate held as a constant that C# source cannot name; a write into a parameter or captured array
        // is a copy-on-write through the library's internal ArrayValues.With. Both print, and neither compiles.
        ImperativeForm[] unprintable = [ImperativeForm.TryWritesThenThrows, ImperativeForm.ParameterWritten, ImperativeForm.CapturedArrayWritten];
        var programs = DifferentialHarness.CiSeedSet().Where((_, i) => i % SampleEvery == 0)
            .Where(spec => !SpecNodes.Descendants(spec.Body).Any(t => t is Differential.Imperative { Form: var form } && unprintable.Contains(form)))
            .Select(ProgramRenderer.Render).ToList();
        // The closure's reads become parameters, so the printed function is self-contained (and differentiated in them too).
        var gradients = programs.Select(p => Grad.ValueAndGradientExpression(MethodPrograms.WithClosureParameters(p))).ToList();
        var source = new StringBuilder(Usings);
        for (int i = 0; i < programs.Count; i++)
            source.Append($"public static class P{i}\n{{\npublic static {GradientCode.ToCSharp(gradients[i])}}}\n");
        var assembly = Compile(source.ToString());

        int compared = 0, threw = 0;
        for (int i = 0; i < programs.Count; i++)
        {
            var printed = assembly.GetType($"P{i}")!.GetMethods(BindingFlags.Public | BindingFlags.Static).Single();
            var compiled = gradients[i].Compile();
            var (expected, expectedError) = Call(args => compiled.DynamicInvoke(args), Arguments(programs[i]));
            var (actual, actualError) = Call(args => printed.Invoke(null, args), Arguments(programs[i]));
            if (expectedError is not null)
            {
                Assert.True(actualError?.GetType() == expectedError.GetType(), $"{programs[i]}: the delegate threw {expectedError.GetType().Name}, the printed code {actualError?.GetType().Name ?? "nothing"}");
                threw++;
                continue;
            }
            Assert.True(actualError is null, $"{programs[i]}: the printed code threw {actualError}");
            var (e, a) = (FlatArguments.Flatten([expected]), FlatArguments.Flatten([actual]));
            Assert.True(e.Length == a.Length && e.Zip(a).All(p => DifferentialOracles.Same(p.First, p.Second)),
                $"{programs[i]}\n  delegate {ProgramSpec.Show(e)}\n  printed  {ProgramSpec.Show(a)}\n{GradientCode.ToCSharp(gradients[i])}");
            compared++;
        }
        output.WriteLine($"{programs.Count} programs: {compared} compared bit for bit, {threw} threw the same exception");
        Assert.True(compared > programs.Count * 9 / 10, $"only {compared} of {programs.Count} compared");
    }

    [Fact]
    public void A_matrix_gradient_calls_the_public_kernels()
    {
        // Before issue 19 this printed Kernels.SigmoidBackward from an internal class: CS0122 when compiled.
        Expression<Func<double[,], double>> f = m => Ops.Sum(Ops.Sigmoid(m));
        var code = GradientCode.Of(f);
        Assert.Contains("Kernels.SigmoidBackward(", code);
        var method = Compile($"{Usings}public static class P\n{{\npublic static {code}}}\n").GetType("P")!.GetMethods().Single(m => m.IsStatic);
        // Σσ(m) has gradient σ(m)(1 − σ(m)): at 0 that is 1/4, and at ln 3, σ = 3/4, so 3/16.
        var (value, gradient) = ((double, double[,]))method.Invoke(null, [new double[,] { { 0, Math.Log(3) } }])!;
        Assert.Equal(0.5 + 0.75, value, 15);
        Assert.Equal(0.25, gradient[0, 0], 15);
        Assert.Equal(0.1875, gradient[0, 1], 15);
    }

    [Fact]
    public void An_elementwise_partial_prints_as_its_lambda()
    {
        // Ops.Softplus's backward kernel held an internal partial object, printed as "Softplus'": not C#.
        Expression<Func<double[], double>> f = v => Ops.Sum(Ops.Softplus(v));
        var code = GradientCode.Of(f);
        Assert.Contains("Kernels.PartialBackward(", code);
        Assert.DoesNotContain("'", code);
        var method = Compile($"{Usings}public static class P\n{{\npublic static {code}}}\n").GetType("P")!.GetMethods().Single(m => m.IsStatic);
        // softplus' = σ: σ(0) = 1/2.
        var (_, gradient) = ((double, double[]))method.Invoke(null, [new[] { 0.0 }])!;
        Assert.Equal(0.5, gradient[0], 15);
    }

    private static object[] Arguments(RenderedProgram p) =>
        [.. p.FreshArguments(), p.ClosureValues.Data.Clone(), p.ClosureValues.Matrix.Clone(), p.ClosureValues.Scale];

    private static (object? Result, Exception? Error) Call(Func<object[], object?> call, object[] args)
    {
        try
        {
            return (call(args), null);
        }
        catch (TargetInvocationException e)
        {
            return (null, e.InnerException);
        }
    }

    private static Assembly Compile(string source)
    {
        var compilation = CSharpCompilation.Create("PrintedGradients" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))], MethodPrograms.References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, $"{errors.Count} errors, e.g.\n" + string.Join("\n", errors.Take(10).Select(d =>
            d + "\n    " + d.Location.SourceTree!.GetText().Lines[d.Location.GetLineSpan().StartLinePosition.Line])));
        return Assembly.Load(image.ToArray());
    }
}
