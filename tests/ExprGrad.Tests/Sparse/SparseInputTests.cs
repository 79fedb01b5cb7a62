using System.Linq.Expressions;

namespace ExprGrad.Tests.Sparse;

/// <summary>Bad input to the sparse drivers and to <see cref="CsrMatrix"/> gives typed exceptions naming the argument.</summary>
public class SparseInputTests
{
    [Fact]
    public void NullFunctionsAndPointsAreRejected()
    {
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Grad.SparseJacobian(null!)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Grad.SparseHessian(null!)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => Grad.SparseJacobian(x => new[] { x[0] })(null!)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => Grad.SparseHessian(x => x[0] * x[0])(null!)).ParamName);
    }

    [Fact]
    public void APointTooShortForTheFunctionIsRejected()
    {
        Expression<Func<double[], double[]>> f = x => new[] { x[0] * x[3] };
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Grad.SparseJacobian(f)([1, 2])).ParamName);
        Expression<Func<double[], double>> g = x => x[0] * x[3];
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Grad.SparseHessian(g)([1, 2])).ParamName);
    }

    [Fact]
    public void AnInconsistentCsrMatrixIsRejected()
    {
        Assert.Equal("rowPointers", Assert.Throws<ArgumentException>(() => new CsrMatrix(2, 2, [0, 1], [0], [1.0])).ParamName);
        Assert.Equal("columnIndices", Assert.Throws<ArgumentException>(() => new CsrMatrix(1, 2, [0, 2], [1, 0], [1.0, 2.0])).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => new CsrMatrix(1, 2, [0, 1], [1], [])).ParamName);
        Assert.Equal(new double[,] { { 0, 5 } }, new CsrMatrix(1, 2, [0, 1], [1], [5.0]).ToDense());
    }
}
