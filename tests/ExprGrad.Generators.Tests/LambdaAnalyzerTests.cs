using Microsoft.CodeAnalysis;

namespace ExprGrad.Generators.Tests;

/// <summary>The lambdas handed to Grad.* are checked at build time: what the core refuses when it builds the
/// gradient is an error at its location, a call without a known derivative a warning.</summary>
public class LambdaAnalyzerTests
{
    private static string Source(string body) => GeneratorHarness.InClass($$"""
        static double Plain(double v) => v * v;
        [Differentiable] static double Square(double v) => v * v;
        static void F(double[] data, Func<double, double> f)
        {
            {{body}}
        }
        """);

    /// <summary>The one diagnostic, which must start where <paramref name="at"/> first occurs in the source.</summary>
    private static Diagnostic Single(string body, string id, string at)
    {
        var source = Source(body);
        return GeneratorHarness.SingleAt(GeneratorHarness.Analyze(source), source, id, at);
    }

    [Fact]
    public void ADelegateCalledInsideIsAnErrorAtTheCall()
    {
        var d = Single("var g = Grad.Of((double x) => f(x) + x);", "EXG006", "f(x)");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains("the call of the delegate 'f'", d.GetMessage());
        Assert.Contains("Grad.Of", d.GetMessage());
        Assert.Contains("[Differentiable] static method", d.GetMessage());
    }

    [Fact]
    public void AFloatCarryingTheGradientIsAnError()
    {
        var d = Single("var g = Grad.ValueAndGradient((double[] w) => (double)((float)w[0] * 2f) + w[1]);", "EXG003", "(float)w[0] * 2f");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains("float", d.GetMessage());
    }

    [Fact]
    public void ADecimalInANestedLambdaIsAnError() =>
        Single("var g = Grad.Of((double[] w) => Ops.Sum(w.Length, i => (double)((decimal)w[i] * 2m)));", "EXG003", "(decimal)w[i] * 2m");

    [Fact]
    public void AMethodWithoutADerivativeIsAWarningAtTheCall()
    {
        var d = Single("var g = Grad.Of((double x) => Math.Sin(x) + Plain(x));", "EXG005", "Plain(x)");
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("Subject.Plain", d.GetMessage());
        Assert.Contains("Derivatives.Register", d.GetMessage());
    }

    [Fact]
    public void DifferentiableBuiltInAndArrayCallsAndAnInvokedLambdaLiteralAreClean()
    {
        var source = Source("""
            var g = Grad.Of((double[] w, double[,] m) => Square(w[0]) + Math.Exp(w[1]) + double.Sin(w[0]) + Ops.Sigmoid(w[0])
                + m.GetLength(0) * w.Sum(v => v * v) + ((Func<double, double>)(y => y * y))(w[1]) + (float)data.Length);
            var code = GradientCode.Of((double x) => x * (double)3.5f);
            """);
        Assert.Empty(GeneratorHarness.Analyze(source));
    }

    [Fact]
    public void ALambdaNotHandedToExprGradIsNotChecked()
    {
        var source = Source("System.Linq.Expressions.Expression<Func<double, double>> e = x => f(x) + Plain(x); Func<double, double> d = x => (float)x;");
        Assert.Empty(GeneratorHarness.Analyze(source));
    }
}
