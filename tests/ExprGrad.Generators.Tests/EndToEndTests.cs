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
        var (value, g) = Grad.ValueAndGradient((double[] v) => global::Models.LogisticLoss(v, X, Y))(w);
        Assert.Equal(global::Models.LogisticLoss(w, X, Y), value, 14);
        CentralDifferences.AssertClose(CentralDifferences.Gradient(v => global::Models.LogisticLoss(v, X, Y), w), g, "Loss");
    }

    [Fact]
    public void TheDataIsReadAtEachCall()
    {
        var data = (double[,])X.Clone();
        var gradient = Grad.Of((double[] v) => global::Models.LogisticLoss(v, data, Y));
        double[] w = [0.3, -0.7, 1.1];
        var before = gradient(w);
        data[0, 0] = 3;
        CentralDifferences.AssertClose(CentralDifferences.Gradient(v => global::Models.LogisticLoss(v, data, Y), w), gradient(w), "after the data changed");
        Assert.NotEqual(before[0], gradient(w)[0]);
    }

    [Fact]
    public void SoftmaxClassifierWithALocalArrayPerSampleAndAHelper()
    {
        int[] labels = [0, 2, 1, 0];
        double[] w = [0.1, -0.2, 0.3, 0.4, 0.0, -0.1, -0.3, 0.2, 0.5];
        var g = Grad.Of((double[,] m) => global::Models.SoftmaxLoss(m, X, labels))(Matrix(w, 3));
        CentralDifferences.AssertClose(CentralDifferences.Gradient(p => global::Models.SoftmaxLoss(Matrix(p, 3), X, labels), w), Flat(g), "SoftmaxLoss");
    }

    [Fact]
    public void ElmanRnnOverALocalMatrixOfStates()
    {
        double[] xs = [0.5, -1.0, 0.25], ys = [0.1, -0.3, 0.2];
        double[] p0 = [0.2, -0.4, 0.3, 0.1, 0.7, -0.5, 1.2, -0.8];
        double Loss(double[] p) => global::Models.ElmanLoss(Matrix(p[..4], 2), p[4..6], p[6..], xs, ys);
        var (dWh, dwx, dv) = Grad.Of((double[,] a, double[] b, double[] c) => global::Models.ElmanLoss(a, b, c, xs, ys))(Matrix(p0[..4], 2), p0[4..6], p0[6..]);
        CentralDifferences.AssertClose(CentralDifferences.Gradient(Loss, p0), [.. Flat(dWh), .. dwx, .. dv], "ElmanLoss");
    }

    private static double[] Flat(double[,] m) => [.. m.Cast<double>()];

    private static double[,] Matrix(double[] flat, int columns)
    {
        var m = new double[flat.Length / columns, columns];
        for (int i = 0; i < flat.Length; i++) m[i / columns, i % columns] = flat[i];
        return m;
    }

    [Theory]
    [InlineData(new[] { 0.5, -1.0, 2.0, 0.3 }, 0.6)]   // runs to the end
    [InlineData(new[] { 3.0, 5.0, 5.0, 0.3 }, 0.8)]    // returns early at k = 1: energy 9 + 7.4² = 63.76 > 50
    [InlineData(new double[0], 0.5)]
    public void WhileEarlyReturnLocalArrayAndHelper(double[] x, double rate)
    {
        var (value, (gx, gr)) = Grad.ValueAndGradient((double[] v, double r) => Constructs.Damped(v, r))(x, rate);
        Assert.Equal(Constructs.Damped(x, rate), value, 12);
        CentralDifferences.AssertClose(CentralDifferences.Gradient(p => Constructs.Damped(p[..^1], p[^1]), [.. x, rate]), [.. gx, gr], "Damped");
    }

    [Theory]
    [InlineData(new[] { 0.5, -1.0, 2.0, 0.3 }, 0.6)]
    [InlineData(new[] { 0.5, 200.0, 2.0 }, 0.6)]       // breaks at 200
    public void ForeachContinueBreakAndCompoundAssignments(double[] x, double scale)
    {
        var (gx, gs) = Grad.Of((double[] v, double c) => Constructs.Skipping(v, c))(x, scale);
        CentralDifferences.AssertClose(CentralDifferences.Gradient(p => Constructs.Skipping(p[..^1], p[^1]), [.. x, scale]), [.. gx, gs], "Skipping");
    }

    [Fact]
    public void DoWhileIfElseLocalMatrixOpsAndLinq()
    {
        double[] x = [0.4, 1.7, -0.6, 1.2];
        var (gx, gt) = Grad.Of((double[] v, double t) => Constructs.Mixed(v, t))(x, 0.9);
        CentralDifferences.AssertClose(CentralDifferences.Gradient(p => Constructs.Mixed(p[..^1], p[^1]), [.. x, 0.9]), [.. gx, gt], "Mixed");
    }

    [Theory]
    // Term by term (v = x·t; early return when v > 2; two squarings; the while loop when v < 0 after them):
    // x = 0.5, −1 at t = 0.7: v = 0.35, −0.7, no early return, after the for loop −0.37, −0.66: the while loop runs;
    // x = 2.5: v = 1.75, after the for loop (1.75² − 0.7)² − 0.7 ≈ 4.88 ≥ 0: no while loop;
    // x = 4, 3.5 at t = 0.9: v = 3.6, 3.15 > 2: early returns.
    [InlineData(new[] { 0.5, -1.0, 2.5 }, 0.7)]
    [InlineData(new[] { 4.0, -1.0, 3.5 }, 0.9)]
    public void StatementLambdaWithAnEarlyReturnAndAnInvokedLambda(double[] x, double t)
    {
        var (value, (gx, gt)) = Grad.ValueAndGradient((double[] v, double s) => Constructs.StatementLambdas(v, s))(x, t);
        Assert.Equal(Constructs.StatementLambdas(x, t), value, 12);
        CentralDifferences.AssertClose(CentralDifferences.Gradient(p => Constructs.StatementLambdas(p[..^1], p[^1]), [.. x, t]), [.. gx, gt], "StatementLambdas");
    }

    [Fact]
    public void AStaticLocalFunctionIsRegistered()
    {
        // C# forbids naming a local function inside an expression lambda (CS8110): call it through its MethodInfo.
        var method = Constructs.LocalFunction().Method;
        var v = Expression.Parameter(typeof(double[]), "v");
        var g = Grad.Of(Expression.Lambda<Func<double[], double>>(Expression.Call(method, v), v))([3, -4, 12]);
        // ∇‖x‖ = x/‖x‖ = (3, −4, 12)/13.
        CentralDifferences.AssertClose([3.0 / 13, -4.0 / 13, 12.0 / 13], g, "Norm");
    }
}
