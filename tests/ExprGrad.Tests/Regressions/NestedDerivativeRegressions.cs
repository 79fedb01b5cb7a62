using System.Linq.Expressions;
using ExprGrad.Tests.Oracles;

namespace ExprGrad.Tests.Regressions;

/// <summary>
/// A derivative nested in a gradient (reverse over forward), found failing by the harness's new adapter
/// <c>x =&gt; Ops.Derivative(t =&gt; f(x + t·v), 0)</c>, whose gradient is H·v:
/// a Scan whose step returns its state crashed the build (a substitution rewrote the step lambda's own
/// parameter), and networks were refused because the backward kernels their tangents use
/// (ReluBackward, TanhBackward, Negate…, and the kernel of every op declared by its scalar partial) had no
/// reverse rules.
/// </summary>
public class NestedDerivativeRegressions
{
    [Fact]
    public void AScanWhoseStepReturnsItsStateDifferentiatesInsideAGradient()
    {
        // The harness's shrunk program: f(a) = Scan(1, Clamp(5.6169, 0, 1 + asin(0.9·tanh a)²), (s, t) => s)[1].
        Expression<Func<double, double>> f = a => Ops.Scan(1, Math.Clamp(Math.Pow(2.37, 2), a - a, a - a + (1 + Math.Asin(Math.Tanh(a) * 0.9) * Math.Asin(Math.Tanh(a) * 0.9))), (s, t) => s)[1];
        var t = Expression.Parameter(typeof(double), "t");
        var line = Expression.Lambda<Func<double, double>>(Expression.Invoke(f, Expression.Add(f.Parameters[0], Expression.Multiply(t, Expression.Constant(0.7)))), t);
        var nested = Expression.Lambda<Func<double, double>>(
            Expression.Call(typeof(Ops), nameof(Ops.Derivative), null, Expression.Quote(line), Expression.Constant(0.0)), f.Parameters);
        // d/da of 0.7·f′(a) is 0.7·f″(a); the reference differentiates Grad.Of(f) numerically.
        var gradient = Grad.Of(f);
        double expected = 0.7 * FiniteDifferences.Gradient(x => gradient(x[0]), [2.6])[0];
        Assert.True(FiniteDifferences.Close(expected, Grad.Of(nested)(2.6), 1e-6, 1e-8), $"{expected:R} vs {Grad.Of(nested)(2.6):R}");
    }

    public static TheoryData<string, Expression<Func<double[,], double>>> Networks => new()
    {
        { "tanh", w => Ops.Sum(Ops.Tanh(Ops.MatMul(w, Data))) },
        { "relu", w => Ops.SumOfSquares(Ops.Relu(Ops.MatMul(Ops.Transpose(w), Data))) },
        { "sigmoid", w => Ops.Dot(Ops.Sigmoid(Ops.MatMul(w, w)), Data) },
        { "exp, log, subtract", w => Ops.Sum(Ops.Log(Ops.Add(Ops.Exp(Ops.Subtract(w, Data)), Data))) },
        // The ops declared by a scalar partial, whose backward kernel's reverse rule is the kernel over ∂p.
        { "softplus, square", w => Ops.Sum(Ops.Softplus(Ops.Square(Ops.MatMul(w, Data)))) },
        { "sqrt, abs, gelu", w => Ops.Sum(Ops.Sqrt(Ops.Add(Ops.Abs(Ops.Gelu(w)), 1.0))) },
        { "leaky relu, pow", w => Ops.Sum(Ops.Pow(Ops.Add(Ops.LeakyRelu(w, 0.1), 2.0), 3.0)) },
        // Softmax, LogSoftmax and CrossEntropy's backward kernels had tangent rules only, so their gradients
        // (reverse over forward) were refused — found by the harness's directional adapter.
        { "softmax", w => Ops.Dot(Ops.Softmax(Ops.MatMul(w, Data)), Data) },
        { "softmax of a vector", w => Ops.Dot(Ops.Softmax(Ops.Row(Ops.MatMul(w, Data), 1)), Ops.Row(Data, 0)) },
        { "log softmax", w => Ops.Dot(Ops.LogSoftmax(Ops.MatMul(w, Data)), Data) },
        { "log softmax of a vector", w => Ops.Dot(Ops.LogSoftmax(Ops.Row(w, 2)), Ops.Row(Data, 1)) },
        { "cross entropy", w => Ops.CrossEntropy(Ops.MatMul(w, Data), Labels) },
    };

    private static readonly int[] Labels = [2, 0, 1];

    private static readonly double[,] Data = { { 0.3, -0.8, 1.1 }, { 0.5, 0.2, -0.4 }, { -1.2, 0.7, 0.9 } };

    [Theory]
    [MemberData(nameof(Networks))]
    public void ReverseOverForwardOfANetworkIsTheHessianVectorProduct(string name, Expression<Func<double[,], double>> f)
    {
        double[,] w = { { 0.4, -0.3, 0.8 }, { 0.1, 0.9, -0.5 }, { -0.7, 0.2, 0.6 } };
        double[,] v = { { 0.7, 0.2, -0.1 }, { -0.3, 0.5, 0.4 }, { 0.25, -0.6, 0.15 } };
        var t = Expression.Parameter(typeof(double), "t");
        var p = f.Parameters[0];
        var shifted = Expression.Call(typeof(Ops), nameof(Ops.Add), null, p, Expression.Call(typeof(Ops), nameof(Ops.Scale), null, t, Expression.Constant(v)));
        var line = Expression.Lambda<Func<double, double>>(Expression.Invoke(f, shifted), t);
        var nested = Expression.Lambda<Func<double[,], double>>(
            Expression.Call(typeof(Ops), nameof(Ops.Derivative), null, Expression.Quote(line), Expression.Constant(0.0)), p);
        var reverseOverForward = RenderedFlat(Grad.Of(nested)(w));
        var forwardOverReverse = Grad.HessianVectorProduct(f)(w, RenderedFlat(v));
        for (int i = 0; i < 9; i++)
            Assert.True(FiniteDifferences.Close(forwardOverReverse[i], reverseOverForward[i], 1e-10, 1e-12),
                $"{name} [{i}]: HVP {forwardOverReverse[i]:R}, gradient of the derivative {reverseOverForward[i]:R}");
    }

    // d²/dt² Σᵢ log Σⱼ exp(t·mᵢⱼ) = Σᵢ Var over softmax weights sᵢⱼ of mᵢⱼ = Σᵢ (Σⱼ sᵢⱼmᵢⱼ² − (Σⱼ sᵢⱼmᵢⱼ)²). The row-wise
    // tangent of LogSumExp builds Fill(rows, 1); the second order met it with rows in a variable and had no rule for it.
    [Fact]
    public void ASecondDerivativeGoesThroughTheRowWiseTangentOfLogSumExp()
    {
        double t = 0.5;
        double expected = 0;
        for (int i = 0; i < 3; i++)
        {
            var weights = Enumerable.Range(0, 3).Select(j => Math.Exp(t * Data[i, j])).ToArray();
            double total = weights.Sum(), mean = 0, square = 0;
            for (int j = 0; j < 3; j++)
            {
                mean += weights[j] / total * Data[i, j];
                square += weights[j] / total * Data[i, j] * Data[i, j];
            }
            expected += square - mean * mean;
        }
        var second = Grad.NthDerivative(s => Ops.Sum(Ops.LogSumExp(Ops.Scale(s, Data))), 2)(t);
        Assert.Equal(expected, second, 13);
    }

    private static double[] RenderedFlat(double[,] m) => [.. m.Cast<double>()];
}
