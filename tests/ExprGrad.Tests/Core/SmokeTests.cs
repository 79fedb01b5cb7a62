using System.Linq.Expressions;

namespace ExprGrad.Tests.Core;

public class SmokeTests
{
    [Fact]
    public void AddMultiplyCircuit()
    {
        var grad = Grad.Of((double x, double y, double z) => (x + y) * z);
        Assert.Equal((-4.0, -4.0, 3.0), grad(-2, 5, -4));
        var vg = Grad.ValueAndGradient((double x, double y, double z) => (x + y) * z);
        Assert.Equal((-12.0, (-4.0, -4.0, 3.0)), vg(-2, 5, -4));
        System.Console.WriteLine(Grad.ValueAndGradientExpression((Expression<Func<double, double, double, double>>)((x, y, z) => (x + y) * z)).Body.ToString());
    }
}
