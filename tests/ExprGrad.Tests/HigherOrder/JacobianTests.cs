using System.Linq.Expressions;
using ExprGrad.Tests.Support;

namespace ExprGrad.Tests.HigherOrder;

public class JacobianTests
{
    // A map R³ → R² (reverse mode is chosen) and R² → R³ (forward mode is chosen); Jacobians by hand.
    private static readonly Expression<Func<double[], double[]>> Wide = x => new[] { x[0] * x[1] * x[2], Math.Sin(x[0]) + x[2] * x[2] };
    private static readonly Expression<Func<double[], double[]>> Tall = x => new[] { x[0] * x[1], Math.Exp(x[0]), x[1] / x[0] };

    [Fact]
    public void WideJacobianByReverseMode()
    {
        double[] x = [0.5, -2, 3];
        var j = Grad.Jacobian(Wide)(x);
        double[,] expected = { { x[1] * x[2], x[0] * x[2], x[0] * x[1] }, { Math.Cos(x[0]), 0, 2 * x[2] } };
        Assert.Equal(expected, j);
    }

    [Fact]
    public void TallJacobianByForwardMode()
    {
        double[] x = [0.5, -2];
        var j = Grad.Jacobian(Tall)(x);
        double[,] expected = { { x[1], x[0] }, { Math.Exp(x[0]), 0 }, { -x[1] / (x[0] * x[0]), 1 / x[0] } };
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 2; c++)
                Assert.Equal(expected[r, c], j[r, c], 14);
    }

    [Fact]
    public void OneDelegateFollowsAnOutputLengthThatChangesBetweenCalls()
    {
        // The delegate reuses the last call's choice of mode, learning the output's length from its first forward
        // product: each call must still be right when the length (closure data) crosses the input's. Row r of
        // y = (x₀·x₁·(r + 1))ᵣ has the derivatives x₁·(r + 1) and x₀·(r + 1).
        var rows = new[] { 3 };
        Expression<Func<double[], double[]>> f = x => Ops.Vector(rows[0], r => x[0] * x[1] * (r + 1));
        var jacobian = Grad.Jacobian(f);
        double[] x = [2, 5];
        foreach (int m in new[] { 3, 3, 1, 1, 2, 4, 0, 3 })
        {
            rows[0] = m;
            var j = jacobian(x);
            Assert.Equal(m, j.GetLength(0));
            Assert.Equal(2, j.GetLength(1));
            for (int r = 0; r < m; r++)
            {
                Assert.Equal(5.0 * (r + 1), j[r, 0]);
                Assert.Equal(2.0 * (r + 1), j[r, 1]);
            }
        }
    }

    [Fact]
    public void ForwardAndReverseProductsAgreeWithTheJacobian()
    {
        double[] x = [0.5, -2, 3];
        var j = Grad.Jacobian(Wide)(x);
        double[] v = [1, 2, -1];
        double[] w = [0.5, -3];
        var jv = Grad.JacobianVectorProduct(Wide)(x, v);
        var wj = Grad.VectorJacobianProduct(Wide)(x, w);
        for (int r = 0; r < 2; r++) Assert.Equal(j[r, 0] * v[0] + j[r, 1] * v[1] + j[r, 2] * v[2], jv[r], 12);
        for (int c = 0; c < 3; c++) Assert.Equal(w[0] * j[0, c] + w[1] * j[1, c], wj[c], 12);
    }

    [Fact]
    public void JacobianOfALoopAgainstCentralDifferences()
    {
        Expression<Func<double[], double[]>> f = x => new[] { Ops.Sum(x.Length, i => x[i] * x[i] * i), x[0] > 0 ? Math.Sqrt(x[0]) : x[1] };
        var plain = f.Compile();
        double[] point = [0.7, 1.3, -0.4, 2.2];
        var j = Grad.Jacobian(f)(point);
        for (int r = 0; r < 2; r++)
        {
            int row = r;
            var expected = CentralDifferences.Gradient(p => plain(p)[row], point);
            CentralDifferences.AssertClose(expected, Enumerable.Range(0, 4).Select(c => j[row, c]).ToArray(), $"row {r}");
        }
    }

    [Fact]
    public void JacobianOfVectorOpsInBothModes()
    {
        // σ(x) ∘ (A·x): forward mode (square) and, with one more input than outputs, reverse mode.
        double[,] a = { { 1, 2, 0 }, { -1, 0.5, 3 } };
        Expression<Func<double[], double[]>> f = x => Ops.Multiply(Ops.Sigmoid(new[] { x[0], x[1] }), Ops.MatMul(a, x));
        var plain = f.Compile();
        double[] point = [0.3, -0.2, 0.8];
        var j = Grad.Jacobian(f)(point);
        for (int r = 0; r < 2; r++)
        {
            int row = r;
            CentralDifferences.AssertClose(CentralDifferences.Gradient(p => plain(p)[row], point),
                Enumerable.Range(0, 3).Select(c => j[row, c]).ToArray(), $"row {r}");
        }
        var jv = Grad.JacobianVectorProduct(f)(point, [1, 0, 0]);
        Assert.Equal(j[0, 0], jv[0], 12);
        Assert.Equal(j[1, 0], jv[1], 12);
    }

    [Fact]
    public void DirectionOfTheWrongLengthIsAnArgumentException()
    {
        Assert.Throws<ArgumentException>("v", () => Grad.JacobianVectorProduct(Wide)([1, 2, 3], [1]));
        Assert.Throws<ArgumentNullException>("f", () => Grad.Jacobian(null!));
    }
}
