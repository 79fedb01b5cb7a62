using System.Linq.Expressions;
using ExprGrad.MathNet;
using MathNet.Numerics.LinearAlgebra;

namespace ExprGrad.Tests.MathNet;

/// <summary><see cref="SparseMatrices.ToSparseMatrix"/>: ExprGrad's compressed rows as Math.NET's sparse matrix.</summary>
public class SparseMatrixConversionTests
{
    // F_i = x_{i−1} − 2x_i + x_{i+1} + exp(x_i)/16 (zero beyond the ends): J is tridiagonal, 1 off the diagonal and
    // −2 + exp(x_i)/16 on it.
    private static readonly Expression<Func<double[], double[]>> Residual = x => Ops.Vector(x.Length, i =>
        (i > 0 ? x[i - 1] : 0.0) - 2 * x[i] + (i < x.Length - 1 ? x[i + 1] : 0.0) + Math.Exp(x[i]) / 16);

    private static readonly double[] X = [0.5, -1.0, 0.25, 2.0, 0.0];

    [Fact]
    public void TheSparseJacobianConvertsEntryForEntry()
    {
        var csr = Grad.SparseJacobian(Residual)(X);
        var sparse = csr.ToSparseMatrix();
        Assert.Equal((5, 5), (sparse.RowCount, sparse.ColumnCount));
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
            {
                double expected = i == j ? -2 + Math.Exp(X[i]) / 16 : Math.Abs(i - j) == 1 ? 1 : 0;
                Assert.Equal(expected, sparse[i, j], 1e-15);
            }
        Assert.Equal(13, sparse.NonZerosCount);
    }

    [Fact]
    public void MathNetSolvesWithTheConvertedJacobian()
    {
        // J·δ = b, b = J·(1, 2, 3, 4, 5): the solution is (1, …, 5) again.
        var j = Grad.SparseJacobian(Residual)(X).ToSparseMatrix();
        var expected = Vector<double>.Build.Dense([1.0, 2, 3, 4, 5]);
        var solution = j.Solve(j * expected);
        for (int i = 0; i < 5; i++) Assert.Equal(expected[i], solution[i], 1e-12);
    }

    [Fact]
    public void TheTwoMatricesShareNoArrays()
    {
        var csr = Grad.SparseJacobian(Residual)(X);
        var sparse = csr.ToSparseMatrix();
        double before = csr.Values[0];
        sparse[0, 0] = 100;
        Assert.Equal(before, csr.Values[0]);
        csr.Values[1] = -7;
        Assert.Equal(1.0, sparse[0, 1]);
    }

    [Fact]
    public void NullIsRejectedByName() =>
        Assert.Equal("matrix", Assert.Throws<ArgumentNullException>(() => SparseMatrices.ToSparseMatrix(null!)).ParamName);
}
