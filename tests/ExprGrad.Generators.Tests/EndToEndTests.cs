using System.Linq.Expressions;
using ExprGrad.Tests.Support;

namespace ExprGrad.Generators.Tests;

/// <summary>Gradients through generated bodies against central differences of the same methods run as C#.</summary>
public class EndToEndTests
{
    private static readonly double[,] X = { { 1, 0.5, -1.2 }, { -0.3, 2, 0.7 }, { 0.9, -1.1, 0.4 }, { 0.2, 0.3, -0.8 } };
    private static readonly double[] Y = [1, -1, 1, -1];

    [Fact]
    public void LogisticRegressionWithNestedLoops()
    {
        double[] w = [0.3, -0.7, 1.1];
        var (value, g) = Grad.ValueAndGradient((double[] v) => Models.Loss(v, X, Y))(w);
        Assert.Equal(Models.Loss(w, X, Y), value, 14);
        CentralDifferences.AssertClose(CentralDifferences.Gradient(v => Models.Loss(v, X, Y), w), g, "Loss");
    }

    [Fact]
    public void TheDataIsReadAtEachCall()
    {
        var data = (double[,])X.Clone();
        var gradient = Grad.Of((double[] v) => Models.Loss(v, data, Y));
        double[] w = [0.3, -0.7, 1.1];
        var before = gradient(w);
        data[0, 0] = 3;
        CentralDifferences.AssertClose(CentralDifferences.Gradient(v => Models.Loss(v, data, Y), w), gradient(w), "after the data changed");
        Assert.NotEqual(before[0], gradient(w)[0]);
    }

    [Theory]
    [InlineData(new[] { 0.5, -1.0, 2.0, 0.3 }, 0.6)]   // runs to the end
    [InlineData(new[] { 3.0, 5.0, 5.0, 0.3 }, 0.8)]    // returns early at k = 1: energy 9 + 7.4² = 63.76 > 50
    [InlineData(new double[0], 0.5)]
    public void WhileEarlyReturnLocalArrayAndHelper(double[] x, double rate)
    {
        var (value, (gx, gr)) = Grad.ValueAndGradient((double[] v, double r) => Models.Damped(v, r))(x, rate);
        Assert.Equal(Models.Damped(x, rate), value, 12);
        CentralDifferences.AssertClose(CentralDifferences.Gradient(p => Models.Damped(p[..^1], p[^1]), [.. x, rate]), [.. gx, gr], "Damped");
    }

    [Theory]
    [InlineData(new[] { 0.5, -1.0, 2.0, 0.3 }, 0.6)]
    [InlineData(new[] { 0.5, 200.0, 2.0 }, 0.6)]       // breaks at 200
    public void ForeachContinueBreakAndCompoundAssignments(double[] x, double scale)
    {
        var (gx, gs) = Grad.Of((double[] v, double c) => Models.Skipping(v, c))(x, scale);
        CentralDifferences.AssertClose(CentralDifferences.Gradient(p => Models.Skipping(p[..^1], p[^1]), [.. x, scale]), [.. gx, gs], "Skipping");
    }

    [Fact]
    public void DoWhileIfElseLocalMatrixOpsAndLinq()
    {
        double[] x = [0.4, 1.7, -0.6, 1.2];
        var (gx, gt) = Grad.Of((double[] v, double t) => Models.Mixed(v, t))(x, 0.9);
        CentralDifferences.AssertClose(CentralDifferences.Gradient(p => Models.Mixed(p[..^1], p[^1]), [.. x, 0.9]), [.. gx, gt], "Mixed");
    }

    [Fact]
    public void AStaticLocalFunctionIsRegistered()
    {
        // C# forbids naming a local function inside an expression lambda (CS8110): call it through its MethodInfo.
        var method = Models.LocalFunction().Method;
        var v = Expression.Parameter(typeof(double[]), "v");
        var g = Grad.Of(Expression.Lambda<Func<double[], double>>(Expression.Call(method, v), v))([3, -4, 12]);
        // ∇‖x‖ = x/‖x‖ = (3, −4, 12)/13.
        CentralDifferences.AssertClose([3.0 / 13, -4.0 / 13, 12.0 / 13], g, "Norm");
    }
}
