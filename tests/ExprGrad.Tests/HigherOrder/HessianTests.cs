using System.Linq.Expressions;
using ExprGrad.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace ExprGrad.Tests.HigherOrder;

public class HessianTests
{
    private static readonly Expression<Func<double[], double>> Rosenbrock = x =>
        Enumerable.Range(0, x.Length - 1).Sum(i => 100 * (x[i + 1] - x[i] * x[i]) * (x[i + 1] - x[i] * x[i]) + (1 - x[i]) * (1 - x[i]));

    /// <summary>The Rosenbrock Hessian in closed form: tridiagonal, derived by differentiating twice by hand.</summary>
    private static double[,] RosenbrockHessian(double[] x)
    {
        int n = x.Length;
        var h = new double[n, n];
        for (int i = 0; i < n - 1; i++)
        {
            h[i, i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
            h[i + 1, i + 1] += 200;
            h[i, i + 1] += -400 * x[i];
            h[i + 1, i] += -400 * x[i];
        }
        return h;
    }

    [Fact]
    public void RosenbrockHessianMatchesClosedForm()
    {
        var hessian = Grad.Hessian(Rosenbrock);
        double[] x = [1.2, -0.7, 0.3, 2.0, 1.1];
        var expected = RosenbrockHessian(x);
        var actual = hessian(x);
        for (int i = 0; i < x.Length; i++)
            for (int j = 0; j < x.Length; j++)
                Assert.Equal(expected[i, j], actual[i, j], 9);
    }

    [Fact]
    public void HessianMatchesFiniteDifferencesOfTheGradient()
    {
        Expression<Func<double[], double>> f = x => Math.Exp(x[0] * x[1]) * Math.Sin(x[2]) + Math.Log(1 + x[0] * x[0]) * x[2] + (x[1] > 0 ? x[1] * x[1] * x[1] : -x[1]);
        var gradient = Grad.Of(f);
        var hessian = Grad.Hessian(f);
        var points = Gen.Choose(-1000, 1000).Select(k => k / 1000.0).ArrayOf(3).Where(p => Math.Abs(p[1]) > 0.01);
        Prop.ForAll(points.ToArbitrary(), x =>
        {
            var h = hessian(x);
            for (int j = 0; j < 3; j++)
            {
                int col = j;
                var expected = Enumerable.Range(0, 3).Select(i => CentralDifferences.Derivative(t =>
                {
                    var y = (double[])x.Clone();
                    y[col] = t;
                    return gradient(y)[i];
                }, x[col])).ToArray();
                CentralDifferences.AssertClose(expected, Enumerable.Range(0, 3).Select(i => h[i, col]).ToArray(), $"column {col} at [{string.Join(", ", x)}]", 1e-6, 1e-6);
            }
        }).Check(Checks.Seeded(11, maxTest: 50));
    }

    [Fact]
    public void HessiansOfLinearAndConstantFunctionsAreZero()
    {
        double[] x = [1, 2, 3];
        Assert.Equal(new double[3, 3], Grad.Hessian(v => 2 * v[0] - v[1] + 4 * v[2])(x));
        Assert.Equal(new double[3, 3], Grad.Hessian(v => 7.0)(x));
    }

    [Fact]
    public void HessianThroughLoopsAndScan()
    {
        Expression<Func<double[], double>> f = p => Ops.Scan(5, p[0], (s, t) => Math.Tanh(p[1] * s + 0.1 * t))[5] * p[2];
        var gradient = Grad.Of(f);
        double[] x = [0.3, 0.8, -1.2];
        var h = Grad.Hessian(f)(x);
        for (int j = 0; j < 3; j++)
        {
            int col = j;
            for (int i = 0; i < 3; i++)
            {
                int row = i;
                var expected = CentralDifferences.Derivative(t =>
                {
                    var y = (double[])x.Clone();
                    y[col] = t;
                    return gradient(y)[row];
                }, x[col]);
                Assert.True(CentralDifferences.Close(expected, h[i, j], 1e-6, 1e-7), $"H[{i},{j}] = {h[i, j]}, expected {expected}");
            }
        }
    }

    [Fact]
    public void HessianThroughVectorAndMatrixOps()
    {
        // A one-hidden-layer regression loss over a weight vector: matrix·vector, tanh, sigmoid, elementwise
        // products, dot products — the gradient program then holds the matrix kernels, differentiated again.
        double[,] x = { { 0.5, -1.0, 2.0 }, { 1.5, 0.3, -0.7 } };
        double[] y = [0.2, -0.4];
        Expression<Func<double[], double>> f = w =>
            Ops.SumOfSquares(Ops.Subtract(Ops.Tanh(Ops.MatMul(x, w)), y)) + Ops.Dot(Ops.Sigmoid(w), Ops.Multiply(w, w)) + Ops.Sum(Ops.Exp(Ops.Scale(0.3, w)));
        var gradient = Grad.Of(f);
        var h = Grad.Hessian(f)([0.3, -0.6, 0.9]);
        double[] point = [0.3, -0.6, 0.9];
        for (int j = 0; j < 3; j++)
        {
            int col = j;
            var expected = Enumerable.Range(0, 3).Select(i => CentralDifferences.Derivative(t =>
            {
                var p = (double[])point.Clone();
                p[col] = t;
                return gradient(p)[i];
            }, point[col])).ToArray();
            CentralDifferences.AssertClose(expected, Enumerable.Range(0, 3).Select(i => h[i, col]).ToArray(), $"column {col}", 1e-6, 1e-7);
        }
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < i; j++) Assert.Equal(h[i, j], h[j, i], 10);
    }

    [Fact]
    public void NestedDerivativeHasNoPerturbationConfusion()
    {
        // d/dx [x · (d/dy x·y at y = 1)] = d/dx [x · x] = 2x = 8 at x = 4. Confusing the two perturbations gives 4 or 12.
        var grad = Grad.Of((double x) => x * Ops.Derivative(y => x * y, 1.0));
        Assert.Equal(8.0, grad(4));
        Assert.Equal(3.0 * Math.Cos(3.0), Ops.Derivative(y => y * Math.Sin(y), 3.0) - Math.Sin(3.0), 14);
    }
}
