namespace ExprGrad.Tests.HigherOrder;

/// <summary>Forward-mode errors name the construct the user wrote, printed as C#, never the compiler's
/// internal variables (t3, trail_s) or helpers.</summary>
public class ForwardModeErrorTests
{
    /// <summary>A tensor method with a user's reverse rule and hence no tangent rule.</summary>
    public static double[] DoubledForForwardModeErrors(double[] a) => [.. a.Select(v => 2 * v)];

    static ForwardModeErrorTests() =>
        Derivatives.Register((double[] a) => DoubledForForwardModeErrors(a), (g, y, a) => Ops.Scale(2.0, g));

    [Fact]
    public void HessianThroughAMethodWithoutATangentRuleNamesTheCallAsWritten()
    {
        var error = Assert.Throws<UnsupportedExpressionException>(() =>
            Grad.Hessian((double[] x) => Ops.Sum(Ops.Multiply(DoubledForForwardModeErrors(Ops.Exp(x)), x))));
        // The call the user wrote, with its own argument, as C#; not the atom (t1) the tape bound it to.
        Assert.Contains("DoubledForForwardModeErrors(Ops.Exp(x))", error.Message);
        Assert.Contains("DoubledForForwardModeErrors(Ops.Exp(x))", error.ExpressionText);
        Assert.DoesNotMatch(@"\bt\d+\b", error.Message);
    }

    [Fact]
    public void JacobianVectorProductThroughAMethodWithoutATangentRuleNamesTheCallAsWritten()
    {
        var error = Assert.Throws<UnsupportedExpressionException>(() =>
            Grad.JacobianVectorProduct((double[] x) => DoubledForForwardModeErrors(Ops.Sigmoid(x))));
        Assert.Contains("DoubledForForwardModeErrors(Ops.Sigmoid(x))", error.Message);
    }

    [Fact]
    public void OpsDerivativeThroughAMethodWithoutATangentRuleNamesTheCallAsWritten()
    {
        var error = Assert.Throws<UnsupportedExpressionException>(() =>
            Ops.Derivative(y => Ops.Sum(DoubledForForwardModeErrors(new[] { y, y })), 1.0));
        Assert.True(error.Message.Contains("DoubledForForwardModeErrors(new double[] { y, y })"), error.Message);
    }
}
