namespace ExprGrad.Generators.Tests;

/// <summary>Each construct the generator captures: no diagnostic, output that compiles, and the factory call
/// that represents the construct in the registered tree.</summary>
public class GeneratorOutputTests
{
    [Theory]
    [InlineData("double s = 0; s = x * x; return s;", "E.Assign(")]
    [InlineData("double s = 1; s += x; s -= 2; s *= x; s /= 3; return s;", "E.DivideAssign(")]
    [InlineData("int i = 0; i++; ++i; i--; --i; return x * i;", "E.PreDecrementAssign(")]
    [InlineData("if (x > 0) { return x; } else { return -x; }", "E.IfThenElse(")]
    [InlineData("double s = 0; for (int i = 0; i < 3; i++) s += x; return s;", "E.Loop(")]
    [InlineData("double s = x; while (s < 10) s *= 2; return s;", "E.Break(")]
    [InlineData("double s = x; do { s *= 2; } while (s < 10); return s;", "E.OrElse(")]
    [InlineData("double s = 0; foreach (var v in new[] { x, 2 * x }) s += v; return s;", "E.ArrayLength(")]
    [InlineData("double s = 0; for (int i = 0; i < 9; i++) { if (i > 3) break; s += x; } return s;", "E.Break(")]
    [InlineData("double s = 0; for (int i = 0; i < 9; i++) { if (i == 3) continue; s += x; } return s;", "E.Continue(")]
    [InlineData("for (int i = 0; i < 9; i++) { if (i * x > 3) return i * x; } return 0;", "E.Return(")]
    [InlineData("var a = new double[3]; a[1] = x; return a[1];", "E.NewArrayBounds(")]
    [InlineData("var m = new double[2, 2]; m[1, 0] = x; return m[1, 0];", "E.ArrayAccess(")]
    [InlineData("return x > 0 ? x : 2 * x;", "E.Condition(")]
    [InlineData("return Math.Exp(x) + double.Sin(x) + Math.Max(x, 1);", "global::System.Math.Exp")]
    [InlineData("return Ops.Sigmoid(x) + Ops.Sum(3, i => x * i);", "global::ExprGrad.Ops.Sum")]
    [InlineData("return Enumerable.Range(0, 3).Sum(i => x * i);", "global::System.Linq.Enumerable.Sum<int>")]
    [InlineData("return Helper(x) * 2;", "\"Helper\"")]
    [InlineData("return Ops.Sum(3, i => { double v = x * i; if (v > 1) return v; return -v; });", "E.Return(")]
    [InlineData("return ((Func<double>)(() => { var s = x; s *= s; return s; }))();", "E.Invoke(")]
    public void AConstructIsCapturedWithoutDiagnostics(string body, string expected)
    {
        var result = GeneratorHarness.Run(GeneratorHarness.InClass($$"""
            [Differentiable] public static double F(double x) { {{body}} }
            [Differentiable] private static double Helper(double v) => v * v;
            """));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationErrors);
        Assert.Contains(expected, result.Generated);
        Assert.Contains("[global::System.Runtime.CompilerServices.ModuleInitializer]", result.Generated);
        Assert.Contains("global::ExprGrad.DifferentiableMethods.Register(", result.Generated);
    }

    [Fact]
    public void AStaticLocalFunctionIsFoundByItsMangledName()
    {
        var result = GeneratorHarness.Run(GeneratorHarness.InClass("""
            public static Func<double, double> Make()
            {
                [Differentiable] static double Twice(double v) => 2 * v;
                return Twice;
            }
            """));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationErrors);
        Assert.Contains("\"Twice\", \"Make\"", result.Generated);
    }

    [Fact]
    public void AMethodWithoutTheAttributeGetsNothing()
    {
        var result = GeneratorHarness.Run(GeneratorHarness.InClass("public static double F(double x) => x;"));
        Assert.Equal("", result.Generated);
        Assert.Empty(result.CompilationErrors);
    }
}
