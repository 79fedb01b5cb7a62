using System.Linq.Expressions;

namespace ExprGrad.Tests.Sparse;

public class SparseJacobianTests
{
    private static void AssertMatchesDense(Expression<Func<double[], double[]>> f, double[] x)
    {
        var sparse = Grad.SparseJacobian(f)(x).ToDense();
        var dense = Grad.Jacobian(f)(x);
        Assert.Equal(dense.GetLength(0), sparse.GetLength(0));
        Assert.Equal(dense.GetLength(1), sparse.GetLength(1));
        for (int i = 0; i < dense.GetLength(0); i++)
            for (int j = 0; j < dense.GetLength(1); j++)
                Assert.True(Math.Abs(dense[i, j] - sparse[i, j]) <= 1e-12 * (1 + Math.Abs(dense[i, j])), $"({i},{j}): dense {dense[i, j]}, sparse {sparse[i, j]}");
    }

    [Fact]
    public void BratuResidualIsTridiagonal()
    {
        double h = 0.1, lambda = 1.0;
        Expression<Func<double[], double[]>> bratu = x => Ops.Vector(x.Length, i =>
            (i > 0 ? x[i - 1] : 0.0) - 2 * x[i] + (i < x.Length - 1 ? x[i + 1] : 0.0) + h * h * lambda * Math.Exp(x[i]));
        var x = Enumerable.Range(0, 9).Select(i => 0.1 * i).ToArray();
        var jacobian = Grad.SparseJacobian(bratu)(x);
        // Row i holds columns i-1, i, i+1 where they exist: 2 + 3·7 + 2 entries.
        Assert.Equal(25, jacobian.Values.Length);
        Assert.Equal([0, 1], jacobian.ColumnIndices[..2]);
        AssertMatchesDense(bratu, x);
    }

    [Fact]
    public void MixedProgram()
    {
        Expression<Func<double[], double[]>> f = x => new[] { x[0] * x[1], Ops.Sum(3, k => x[k] * x[k]), x[2] > 0 ? x[1] : Math.Sin(x[0]), x[3] };
        AssertMatchesDense(f, [0.5, -1, 2, 3]);
    }
}
