using System.Linq.Expressions;

namespace ExprGrad.Tests.Core;

public static class UserMath
{
    public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    public static double Unknown(double x) => x * 3;

    public static double Bucket(double x) => Math.Floor(x / 10);
}

/// <summary>Unsupported nodes fail at build time with a typed, explanatory exception; users can register rules.</summary>
public class UnsupportedNodeTests
{
    [Fact]
    public void UnknownMethodNamesTheMethodTheSubexpressionAndTheFix()
    {
        var e = Assert.Throws<UnsupportedExpressionException>(() => Grad.Of((double x) => UserMath.Unknown(x * 2) + 1));
        Assert.IsAssignableFrom<NotSupportedException>(e);
        Assert.Equal(ExpressionType.Call, e.NodeType);
        Assert.Equal(nameof(UserMath.Unknown), e.Method?.Name);
        Assert.Contains("UserMath.Unknown", e.Message);
        Assert.Contains("(x * 2)", e.Message);
        Assert.Contains("Derivatives.Register", e.Message);
    }

    [Fact]
    public void UnknownMethodOnConstantsOnlyIsFine()
    {
        double c = 4;
        Assert.Equal(12.0, Grad.Of((double x) => x * UserMath.Unknown(c))(1));
    }

    [Fact]
    public void UnsupportedNodeKindIsNamed()
    {
        var x = Expression.Parameter(typeof(double), "x");
        var body = Expression.Switch(Expression.Convert(x, typeof(int)), Expression.Constant(0.0),
            Expression.SwitchCase(Expression.Multiply(x, x), Expression.Constant(1)));
        var e = Assert.Throws<UnsupportedExpressionException>(() => Grad.Of(Expression.Lambda<Func<double, double>>(body, x)));
        Assert.Equal(ExpressionType.Switch, e.NodeType);
        Assert.Contains("Switch", e.Message);
        Assert.Contains("Fix:", e.Message);
    }

    [Fact]
    public void RegisteredRuleIsUsedAndNonDifferentiableMarkIsHonoured()
    {
        Derivatives.Register((double x) => UserMath.Softplus(x), (g, y, x) => g * Ops.Sigmoid(x));
        Derivatives.NonDifferentiable((Expression<Func<double, double>>)(x => UserMath.Bucket(x)));
        var grad = Grad.Of((double x) => UserMath.Softplus(2 * x) + UserMath.Bucket(x));
        Assert.Equal(2 * Ops.Sigmoid(1.4), grad(0.7), 15);
    }

    [Fact]
    public void RegistrationRejectsMalformedPrimitives()
    {
        Assert.Throws<ArgumentException>(() => Derivatives.Register((double x) => UserMath.Softplus(x + 1), (g, y, x) => g));
        Assert.Throws<ArgumentNullException>(() => Derivatives.Register<double, double>(null!, (g, y, x) => g));
    }
}

public class GradientLossTests
{
    [Fact]
    public void DifferentiableValueFlowingIntoAFloatIsRejected()
    {
        var e = Assert.Throws<UnsupportedExpressionException>(() => Grad.Of((double x) => (double)(float)x * 2));
        Assert.Contains("Single", e.Message);
    }

    [Fact]
    public void DifferentiableValueFlowingIntoATupleIsRejected()
    {
        var e = Assert.Throws<UnsupportedExpressionException>(() => Grad.Of((double x) => Tuple.Create(x, 1.0).Item1));
        Assert.Equal(System.Linq.Expressions.ExpressionType.MemberAccess, e.NodeType);
        Assert.Contains("Item1", e.Message);
    }

    [Fact]
    public void IntegerConversionsStillCarryNoGradientQuietly()
    {
        Assert.Equal(2.0, Grad.Of((double x) => 2 * x + (int)x)(1.5));
    }
}
