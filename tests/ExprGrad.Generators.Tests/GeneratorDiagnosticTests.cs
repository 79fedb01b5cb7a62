using Microsoft.CodeAnalysis;

namespace ExprGrad.Generators.Tests;

/// <summary>Constructs the core cannot differentiate are build errors at their own location, with the fix; a call
/// to a method without a derivative is a warning.</summary>
public class GeneratorDiagnosticTests
{
    /// <summary>The diagnostic must start where <paramref name="at"/> first occurs in the source.</summary>
    private static Diagnostic Single(string members, string id, string at)
    {
        var source = GeneratorHarness.InClass(members);
        return GeneratorHarness.SingleAt(GeneratorHarness.Run(source).GeneratorDiagnostics, source, id, at);
    }

    [Fact]
    public void TryIsAnErrorAtTheTryStatement()
    {
        var d = Single("[Differentiable] static double F(double x) { try { return x; } finally { } }", "EXG001", "try");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains("try/catch/finally", d.GetMessage());
    }

    [Fact]
    public void GotoAndItsLabelAreErrorsWhereTheyStand()
    {
        var source = GeneratorHarness.InClass("[Differentiable] static double F(double x) { if (x > 0) goto done; x = -x; done: return x; }");
        var diagnostics = GeneratorHarness.Run(source).GeneratorDiagnostics;
        Assert.Equal(["EXG001", "EXG001"], diagnostics.Select(d => d.Id));
        Assert.Equal([source.IndexOf("goto", StringComparison.Ordinal), source.IndexOf("done:", StringComparison.Ordinal)],
            diagnostics.Select(d => d.Location.SourceSpan.Start));
        Assert.Contains("break and continue", diagnostics[0].GetMessage());
    }

    [Fact]
    public void ARefLocalIsAnError()
    {
        var d = Single("[Differentiable] static double F(double x) { var a = new double[1]; ref double r = ref a[0]; return x; }", "EXG001", "ref double r");
        Assert.Contains("ref local", d.GetMessage());
    }

    [Fact]
    public void AWriteIntoAParameterArrayIsAnError()
    {
        var d = Single("[Differentiable] static double F(double[] x) { x[0] = 1; return x[0]; }", "EXG004", "x[0] = 1");
        Assert.Contains("copy it into a local array", d.GetMessage());
    }

    [Fact]
    public void AFloatCarryingTheGradientIsAnError()
    {
        var source = GeneratorHarness.InClass("[Differentiable] static double F(double x) { float y = (float)x; return y; }");
        var diagnostics = GeneratorHarness.Run(source).GeneratorDiagnostics;
        // The local and the cast that feeds it, each where it stands.
        Assert.Equal(["EXG003", "EXG003"], diagnostics.Select(d => d.Id));
        Assert.Equal([source.IndexOf("y = (float)", StringComparison.Ordinal), source.IndexOf("float)x", StringComparison.Ordinal)],
            diagnostics.Select(d => d.Location.SourceSpan.Start));
        Assert.Contains("use double", diagnostics[0].GetMessage());
    }

    [Fact]
    public void ADecimalParameterIsAnError() =>
        Single("[Differentiable] static double F(decimal x) => (double)x;", "EXG003", "x) =>");

    [Fact]
    public void AnInstanceMethodIsAnError()
    {
        var d = Single("[Differentiable] double F(double x) => x;", "EXG002", "F(double");
        Assert.Contains("is not static", d.GetMessage());
    }

    [Fact]
    public void AnUnknownMethodIsAWarningAndTheBodyIsStillRegistered()
    {
        var source = GeneratorHarness.InClass("""
            static double Plain(double v) => v;
            [Differentiable] static double F(double x) => Plain(x) * 2;
            """);
        var result = GeneratorHarness.Run(source);
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(("EXG005", DiagnosticSeverity.Warning), (d.Id, d.Severity));
        Assert.Equal(source.IndexOf("Plain(x)", StringComparison.Ordinal), d.Location.SourceSpan.Start);
        Assert.Contains("Derivatives.Register", d.GetMessage());
        Assert.Contains("DifferentiableMethods.Register(", result.Generated);
    }

    [Fact]
    public void ASwitchStatementIsAnErrorNamingIt()
    {
        var d = Single("[Differentiable] static double F(double x) { switch (x) { default: return x; } }", "EXG001", "switch");
        Assert.Contains("switch statement", d.GetMessage());
    }
}
