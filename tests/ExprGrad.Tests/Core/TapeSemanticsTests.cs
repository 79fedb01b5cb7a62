using static ExprGrad.Ops;

namespace ExprGrad.Tests.Core;

/// <summary>The tape's contract: fan-out accumulates, values are cached, results are repeatable.</summary>
public class TapeSemanticsTests
{
    [Fact]
    public void FanOutAccumulatesEveryUse()
    {
        // b = a + a, c = b + b: c = 4a, so dc/da = 4 — both uses of a and of b must add up.
        var grad = Grad.Of((double a) => Let(a + a, b => b + b));
        Assert.Equal(4.0, grad(1.7));
        var square = Grad.Of((double x) => x * x);
        Assert.Equal(6.0, square(3));
    }

    [Fact]
    public void AddMultiplyCircuitGivesValueAndGradient()
    {
        // f = (x + y) z; ∂f/∂x = ∂f/∂y = z = -4, ∂f/∂z = x + y = 3.
        var vg = Grad.ValueAndGradient((double x, double y, double z) => (x + y) * z);
        Assert.Equal((-12.0, (-4.0, -4.0, 3.0)), vg(-2, 5, -4));
    }

    [Fact]
    public void RepeatedCallsGiveIdenticalResults()
    {
        var grad = Grad.Of((double[] x) => Math.Exp(x[0]) * Math.Sin(x[1]) + x[0] * x[1]);
        var first = grad([0.3, 1.1]);
        for (int i = 0; i < 5; i++) Assert.Equal(first, grad([0.3, 1.1]));
        Assert.NotSame(first, grad([0.3, 1.1]));
    }

    [Fact]
    public void IdenticalSubexpressionsAreComputedOnce()
    {
        var program = Linearizer.Run(Normalizer.Run((System.Linq.Expressions.Expression<Func<double, double, double>>)
            ((x, y) => Math.Exp(x * y) + Math.Exp(x * y)), GradientOptions.Default, RuleTable.Current), GradientOptions.Default, RuleTable.Current);
        Assert.Equal(3, program.Root.Steps.Count); // x*y, exp, +
    }

    [Fact]
    public void ValueOfConstantFunctionHasZeroGradient()
    {
        var grad = Grad.ValueAndGradient((double x, double[] v) => 3.0);
        var (value, (dx, dv)) = grad(1, [1, 2]);
        Assert.Equal(3.0, value);
        Assert.Equal(0.0, dx);
        Assert.Equal(new double[2], dv);
    }

    [Fact]
    public void EightParametersAreSupported()
    {
        var grad = Grad.Of((double a, double b, double c, double d, double e, double f, double g, double h) =>
            a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h * h);
        Assert.Equal((1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 32.0), grad(0, 0, 0, 0, 0, 0, 0, 2));
        var vg = Grad.ValueAndGradient((double a, double b, double c, double d, double e, double f, double g, double h) => a * h);
        Assert.Equal((6.0, (3.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0)), vg(2, 0, 0, 0, 0, 0, 0, 3));
    }
}
