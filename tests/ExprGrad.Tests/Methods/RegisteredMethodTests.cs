using System.Linq.Expressions;
using System.Reflection;
using ExprGrad.Tests.Support;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Methods;

/// <summary>Bodies registered with <see cref="DifferentiableMethods.Register"/> (by hand here, as the source
/// generator's module initializer does) are inlined where the method is called.</summary>
public class RegisteredMethodTests
{
    private static double Square(double v) => v * v;
    private static double Twice(double v) => 2 * v;
    private static double Countdown(double v) => v;
    private static double Unregistered(double v) => v;
    private static double Cube(double v) => v * v * v;

    private static MethodInfo Method(string name) =>
        typeof(RegisteredMethodTests).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;

    static RegisteredMethodTests()
    {
        DifferentiableMethods.Register(Method(nameof(Square)), (Expression<Func<double, double>>)(v => v * v));
        DifferentiableMethods.Register(Method(nameof(Twice)), (Expression<Func<double, double>>)(v => 2 * v));
        // A body that calls itself: the inliner must refuse it, not recurse until the stack ends.
        DifferentiableMethods.Register(Method(nameof(Countdown)), (Expression<Func<double, double>>)(v => v > 0 ? Countdown(v - 1) : v));
        // The rule says d/dv = 100 (wrong on purpose) and the body v³: the rule must win.
        DifferentiableMethods.Register(Method(nameof(Cube)), (Expression<Func<double, double>>)(v => v * v * v));
        Derivatives.Register((double v) => Cube(v), (g, y, v) => 100 * g);
    }

    [Fact]
    public void AHelperCallIsDifferentiatedThroughItsBody()
    {
        // d/dx (x² + x) = 2x + 1 = 7 at x = 3.
        Assert.Equal(7, Grad.Of((double x) => Square(x) + x)(3));
    }

    [Fact]
    public void ArgumentsAreSubstitutedIntoNestedCalls()
    {
        // Square(Twice(x)) = 4x², derivative 8x = 20 at 2.5; the two inlined copies have their own variables.
        Assert.Equal(20, Grad.Of((double x) => Square(Twice(x)))(2.5));
        // Square(Square(x)) = x⁴, derivative 4x³ = 32 at 2.
        Assert.Equal(32, Grad.Of((double x) => Square(Square(x)))(2));
    }

    [Fact]
    public void ARegisteredRuleWinsOverTheBody()
    {
        Assert.Equal(100, Grad.Of((double x) => Cube(x))(2));
    }

    [Fact]
    public void RecursionIsRefusedNamingTheMethod()
    {
        var error = Assert.ThrowsAny<NotSupportedException>(() => Grad.Of((double x) => Countdown(x)));
        Assert.Contains(nameof(Countdown), error.Message);
        Assert.Contains("recursion", error.Message);
    }

    [Fact]
    public void AnUnknownMethodSuggestsDifferentiable()
    {
        var error = Assert.Throws<UnsupportedExpressionException>(() => Grad.Of((double x) => Unregistered(x)));
        Assert.Contains("[Differentiable]", error.Message);
        Assert.Contains(nameof(Unregistered), error.Message);
    }

    [Fact]
    public void ABodyOfAnotherSignatureIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            DifferentiableMethods.Register(Method(nameof(Unregistered)), (Expression<Func<double, double, double>>)((a, b) => a)));
        Assert.Equal("body", error.ParamName);
        Assert.Throws<ArgumentException>(() =>
            DifferentiableMethods.Register(typeof(object).GetMethod(nameof(ToString))!, (Expression<Func<double>>)(() => 0)));
    }

    [Fact]
    public void AHelperCallInsideASumIsInlinedPerIteration()
    {
        // Σ_i Square(x_i) has gradient 2x.
        double[] x = [1.5, -2, 0.25];
        var g = Grad.Of((double[] v) => Ops.Sum(v.Length, i => Square(v[i])))(x);
        Assert.Equal([3, -4, 0.5], g);
    }
}
