using System.Linq.Expressions;

namespace ExprGrad.Tests.Regressions;

/// <summary>
/// C# writes an invoked lambda literal, <c>((Func&lt;double, double&gt;)(y =&gt; …))(x)</c>, as Invoke(Convert(lambda));
/// only Invoke(lambda) was inlined, so every entry point refused it ("cannot differentiate a Invoke node").
/// </summary>
public class InvokedLambdaRegressions
{
    private static readonly Expression<Func<double, double>> Cubed = x => ((Func<double, double>)(y => y * y * y))(x) * 2;

    [Fact]
    public void ACastLambdaInvokedInPlaceIsInlinedForEveryEntryPoint()
    {
        // 2x³: 6x² = 13.5 and 12x = 18 at x = 1.5.
        Assert.Equal(13.5, Grad.Of(Cubed)(1.5), 12);
        Assert.Equal(13.5, Ops.Derivative(Cubed, 1.5), 12);
        Assert.Equal(18, Grad.Hessian(Cubed)(1.5)[0, 0], 12);
        Assert.Equal(18, Grad.NthDerivative(Cubed, 2)(1.5), 12);
    }
}
