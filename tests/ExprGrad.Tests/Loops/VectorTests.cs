using System.Diagnostics;
using System.Linq.Expressions;
using ExprGrad.Tests.Oracles;
using FsCheck.Xunit;
using Xunit.Abstractions;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Loops;

/// <summary>
/// <c>Ops.Vector(n, i =&gt; …)</c> (issue 17, "vector-valued functions without unrolling"): a vector built by an index
/// loop that stays a loop in every mode. The residual used throughout is the 1-D Bratu stencil
/// rᵢ = x_{i−1} − 2xᵢ + x_{i+1} + λ·exp(xᵢ) with x₋₁ = xₙ = 0, whose Jacobian is tridiagonal:
/// ∂rᵢ/∂xᵢ = −2 + λ·exp(xᵢ), ∂rᵢ/∂x_{i±1} = 1 (inside the range), ∂rᵢ/∂λ = exp(xᵢ). Expected values are derived by hand.
/// </summary>
public class VectorTests(ITestOutputHelper output)
{
    private static readonly Expression<Func<double[], double[]>> Bratu = x =>
        Vector(x.Length, i => (i > 0 ? x[i - 1] : 0) - 2 * x[i] + (i < x.Length - 1 ? x[i + 1] : 0) + 0.5 * Math.Exp(x[i]));

    private static double[,] BratuJacobian(double[] x, double lambda)
    {
        int n = x.Length;
        var j = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            j[i, i] = -2 + lambda * Math.Exp(x[i]);
            if (i > 0) j[i, i - 1] = 1;
            if (i < n - 1) j[i, i + 1] = 1;
        }
        return j;
    }

    [Fact]
    public void TheJacobianOfATridiagonalResidualIsTheHandDerivedOne()
    {
        double[] x = [0.1, -0.4, 0.7, 1.3, -0.2];
        var expected = BratuJacobian(x, 0.5);
        var jacobian = Grad.Jacobian(Bratu)(x);
        Assert.Equal(expected.GetLength(0), jacobian.GetLength(0));
        for (int i = 0; i < x.Length; i++)
            for (int k = 0; k < x.Length; k++)
                Assert.Equal(expected[i, k], jacobian[i, k], 14);
    }

    [Fact]
    public void ReverseAndForwardProductsAgreeWithTheHandJacobian()
    {
        // Rows by VJP (reverse mode, eᵢᵀJ) and columns by JVP (forward mode, J·eₖ), each against the hand Jacobian.
        double[] x = [0.3, 0.9, -1.1, 0.05];
        var expected = BratuJacobian(x, 0.5);
        var vjp = Grad.VectorJacobianProduct(Bratu);
        var jvp = Grad.JacobianVectorProduct(Bratu);
        for (int i = 0; i < x.Length; i++)
        {
            var basis = new double[x.Length];
            basis[i] = 1;
            var row = vjp(x, basis);
            var column = jvp(x, basis);
            for (int k = 0; k < x.Length; k++)
            {
                Assert.Equal(expected[i, k], row[k], 14);
                Assert.Equal(expected[k, i], column[k], 14);
            }
        }
    }

    [Fact]
    public void AParameterReadByEveryElementGathersEveryElementsAdjoint()
    {
        // f = ½‖r‖² with rᵢ = λ·exp(xᵢ) + the stencil: ∂f/∂λ = Σᵢ rᵢ·exp(xᵢ), ∂f/∂x = Jᵀr.
        double[] x = [0.2, -0.5, 0.8];
        double lambda = 1.7;
        var (dx, dlambda) = Grad.Of((double[] v, double l) => 0.5 * SumOfSquares(
            Vector(v.Length, i => (i > 0 ? v[i - 1] : 0) - 2 * v[i] + (i < v.Length - 1 ? v[i + 1] : 0) + l * Math.Exp(v[i]))))(x, lambda);
        var r = new double[3];
        for (int i = 0; i < 3; i++) r[i] = (i > 0 ? x[i - 1] : 0) - 2 * x[i] + (i < 2 ? x[i + 1] : 0) + lambda * Math.Exp(x[i]);
        var j = BratuJacobian(x, lambda);
        for (int k = 0; k < 3; k++)
            Assert.Equal(Enumerable.Range(0, 3).Sum(i => j[i, k] * r[i]), dx[k], 13);
        Assert.Equal(Enumerable.Range(0, 3).Sum(i => r[i] * Math.Exp(x[i])), dlambda, 13);
    }

    [Fact]
    public void TheHessianGoesThroughAVector()
    {
        // f = ‖v‖² with vᵢ = xᵢ²: f = Σ xᵢ⁴, so H = diag(12xᵢ²).
        double[] x = [0.5, -1.5, 2.0];
        var h = Grad.Hessian((double[] v) => SumOfSquares(Vector(v.Length, i => v[i] * v[i])))(x);
        for (int i = 0; i < 3; i++)
            for (int k = 0; k < 3; k++)
                Assert.Equal(i == k ? 12 * x[i] * x[i] : 0, h[i, k], 12);
    }

    [Fact]
    public void TheLinqFormsAreTheSameLoop()
    {
        // Range(1, n − 1).Select(i => …) starts at 1; xs.Select(v => …) maps elements. Both normalize to Ops.Vector
        // and must give Ops.Vector's gradient bit for bit.
        double[] x = [0.3, -0.7, 1.1, 0.4];
        var byVector = Grad.Of((double[] v) => SumOfSquares(Vector(v.Length - 1, i => v[i + 1] - v[i])))(x);
        var byRange = Grad.Of((double[] v) => SumOfSquares(Enumerable.Range(1, v.Length - 1).Select(i => v[i] - v[i - 1]).ToArray()))(x);
        Assert.Equal(byVector, byRange);
        var bySelect = Grad.Of((double[] v) => Sum(v.Select(e => Math.Sin(e)).ToArray()))(x);
        Assert.Equal(x.Select(Math.Cos).ToArray(), bySelect);
    }

    [Fact]
    public void AnEmptyVectorHasNoElementsAndANegativeLengthThrows()
    {
        var g = Grad.Of((double[] v) => v[0] + Sum(Vector(0, i => v[i] * 100)));
        Assert.Equal([1.0, 0.0], g([2.0, 3.0]));
        var bad = Grad.Of((double[] v) => Sum(Vector(v.Length - 3, i => v[i])));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => bad([1.0, 2.0]));
        Assert.Equal("n", error.ParamName);
    }

    [Fact]
    public void AVectorInsideASumReadsTheEnclosingIndex()
    {
        // f = Σ_{t<3} Σᵢ t·xᵢ²: ∂f/∂xᵢ = Σₜ 2t·xᵢ = 6xᵢ.
        double[] x = [1.0, -2.0];
        var g = Grad.Of((double[] v) => Sum(3, t => Sum(Vector(v.Length, i => t * v[i] * v[i]))))(x);
        Assert.Equal([6.0, -12.0], g);
    }

    [Fact]
    public void ALongResidualCompilesAsOneLoop()
    {
        // 10⁴ entries: the Jacobian-vector product of the Bratu residual along e = (1, …, 1) is, per row, the row sum
        // of the tridiagonal Jacobian: −2 + ½eˣⁱ plus one per neighbour inside the range. The compile time is
        // reported, not asserted.
        const int n = 10_000;
        var x = Enumerable.Range(0, n).Select(i => Math.Sin(i * 0.01)).ToArray();
        var clock = Stopwatch.StartNew();
        var jvp = Grad.JacobianVectorProduct(Bratu);
        var vjp = Grad.VectorJacobianProduct(Bratu);
        clock.Stop();
        output.WriteLine($"JVP + VJP of a {n}-entry Ops.Vector residual compiled in {clock.Elapsed.TotalMilliseconds:F1} ms");
        var ones = Enumerable.Repeat(1.0, n).ToArray();
        var product = jvp(x, ones);
        var transposed = vjp(x, ones);
        for (int i = 0; i < n; i++)
        {
            double rowSum = -2 + 0.5 * Math.Exp(x[i]) + (i > 0 ? 1 : 0) + (i < n - 1 ? 1 : 0);
            Assert.Equal(rowSum, product[i], 1e-13);
            Assert.Equal(rowSum, transposed[i], 1e-13); // J is symmetric, so Jᵀ·1 has the same row sums
        }
    }

    // f(x, a) = Σᵢ sin(a·rᵢ(x)) with a shifted stencil at random points and lengths: the gradient equals Richardson differences.
    [Property(Replay = "(141421,173205)", MaxTest = 30)]
    public void TheGradientEqualsDifferencesAtRandomPoints(int seed)
    {
        var random = new Random(seed);
        var x = Enumerable.Range(0, 2 + random.Next(6)).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double a = random.NextDouble() * 2 - 1;
        Expression<Func<double[], double, double>> f = (v, s) =>
            Sum(Map(Vector(v.Length - 1, i => v[i + 1] * v[i] - s * Math.Cos(v[i]) + i), r => Math.Sin(s * r)));
        var (dx, da) = Grad.Of(f)(x, a);
        var plain = f.Compile();
        var expected = FiniteDifferences.Gradient(p => plain(p[..^1], p[^1]), [.. x, a]);
        FiniteDifferences.AssertClose(expected, [.. dx, da], 1e-7, 1e-9, $"x = {FiniteDifferences.Show(x)}, a = {a:R}");
    }
}
