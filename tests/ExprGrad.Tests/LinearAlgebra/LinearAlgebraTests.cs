namespace ExprGrad.Tests.LinearAlgebra;

/// <summary>
/// The linear-algebra ops against closed forms (the generated registry tests compare every rule with central
/// differences at first and second order): values on hand-factored matrices, ∇ log det A = A⁻¹, its Hessian
/// −tr(S⁻¹ sym(Eᵢⱼ) S⁻¹ sym(Eₖₗ)), the multivariate normal's gradients, and the typed errors for bad shapes.
/// </summary>
public class LinearAlgebraTests
{
    // A = [[4, 2], [2, 3]] = LLᵀ with L = [[2, 0], [1, √2]]; det A = 8; A⁻¹ = [[3, −2], [−2, 4]]/8.
    private static readonly double[,] A = { { 4, 2 }, { 2, 3 } };

    [Fact]
    public void ValuesOnAHandFactoredMatrix()
    {
        var l = Ops.Cholesky(A);
        Assert.Equal(new double[,] { { 2, 0 }, { 1, Math.Sqrt(2) } }, l);
        Assert.Equal(Math.Log(8), Ops.LogDeterminant(A), 1e-15);
        var inverse = Ops.Inverse(A);
        double[,] expected = { { 3.0 / 8, -2.0 / 8 }, { -2.0 / 8, 4.0 / 8 } };
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++) Assert.Equal(expected[i, j], inverse[i, j], 1e-15);
        Assert.Equal([1.0, 0.5], Ops.Solve(A, [5.0, 3.5]), new Tolerance(1e-15));   // 4 + 1 = 5, 2 + 1.5 = 3.5
        Assert.Equal([1.0, 2.0], Ops.SolveLower(l, [2.0, 1 + 2 * Math.Sqrt(2)]), new Tolerance(1e-15));
        Assert.Equal([1.5, 1.0], Ops.SolveUpper(A, [8.0, 3.0]), new Tolerance(1e-15));  // reads 4, 2, 3 only
        Assert.Equal(7.0, Ops.Trace(A));
        Assert.Equal([4.0, 3.0], Ops.Diagonal(A));
    }

    [Fact]
    public void GradientOfLogDeterminantIsTheInverse()
    {
        var gradient = Grad.Of((double[,] a) => Ops.LogDeterminant(a))(A);
        double[,] expected = { { 3.0 / 8, -2.0 / 8 }, { -2.0 / 8, 4.0 / 8 } };
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++) Assert.Equal(expected[i, j], gradient[i, j], 1e-15);
    }

    /// <summary>f(A) = log det S with S = ½(A + Aᵀ): ∂²f/∂Aᵢⱼ∂Aₖₗ = −tr(S⁻¹ Eᵢⱼˢ S⁻¹ Eₖₗˢ) with Eˢ = ½(E + Eᵀ), flattened row-major.</summary>
    [Fact]
    public void HessianOfLogDeterminantIsTheClosedForm()
    {
        double[,] a = { { 5, 1, 0.5 }, { 1, 4, -1 }, { 0.5, -1, 3 } };
        var hessian = Grad.Hessian((double[,] m) => Ops.LogDeterminant(m))(a);
        var inverse = Ops.Inverse(a);
        double[,] Unit(int i, int j) { var e = new double[3, 3]; e[i, j] += 0.5; e[j, i] += 0.5; return e; }
        for (int p = 0; p < 9; p++)
            for (int q = 0; q < 9; q++)
            {
                var product = Ops.MatMul(Ops.MatMul(inverse, Unit(p / 3, p % 3)), Ops.MatMul(inverse, Unit(q / 3, q % 3)));
                Assert.Equal(-Ops.Trace(product), hessian[p, q], 1e-13);
            }
    }

    /// <summary>
    /// log N(x; μ, Σ) through the Cholesky factor: z = L⁻¹(x − μ), log p = −½ z·z − Σ log Lᵢᵢ − (n/2) log 2π.
    /// Closed forms: ∂/∂μ = Σ⁻¹(x − μ), ∂/∂Σ = ½(Σ⁻¹(x − μ)(x − μ)ᵀΣ⁻¹ − Σ⁻¹).
    /// </summary>
    [Fact]
    public void MultivariateNormalThroughCholeskyHasTheClosedFormGradients()
    {
        double[,] sigma = { { 2, 0.3, -0.4 }, { 0.3, 1.5, 0.2 }, { -0.4, 0.2, 1 } };
        double[] x = [0.7, -1.2, 0.4], mu = [0.1, 0.2, -0.3];
        var (value, (dMu, dSigma)) = Grad.ValueAndGradient((double[] m, double[,] s) =>
            -0.5 * Ops.SumOfSquares(Ops.SolveLower(Ops.Cholesky(s), Ops.Subtract(x, m)))
            - Ops.Sum(Ops.Log(Ops.Diagonal(Ops.Cholesky(s)))) - 1.5 * Math.Log(2 * Math.PI))(mu, sigma);

        var inverse = Ops.Inverse(sigma);
        var r = Ops.Subtract(x, mu);
        var w = Ops.MatMul(inverse, r);
        Assert.Equal(-0.5 * Ops.Dot(r, w) - 0.5 * Ops.LogDeterminant(sigma) - 1.5 * Math.Log(2 * Math.PI), value, 1e-14);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(w[i], dMu[i], 1e-13);
            for (int j = 0; j < 3; j++) Assert.Equal(0.5 * (w[i] * w[j] - inverse[i, j]), dSigma[i, j], 1e-13);
        }
    }

    [Fact]
    public void BadShapesThrowNamingTheArgument()
    {
        var rectangle = new double[2, 3];
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => Ops.Cholesky(rectangle)).ParamName);
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => Ops.Inverse(rectangle)).ParamName);
        Assert.Equal("l", Assert.Throws<ArgumentException>(() => Ops.SolveLower(rectangle, new double[2])).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Ops.Solve(A, new double[3])).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Ops.SolveUpper(A, new double[3, 1])).ParamName);
        var gradient = Grad.Of((double[,] m) => Ops.LogDeterminant(m));
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => gradient(rectangle)).ParamName);
    }

    [Fact]
    public void NotPositiveDefiniteGivesNaNNotAnException()
    {
        double[,] indefinite = { { 1, 2 }, { 2, 1 } };
        Assert.True(double.IsNaN(Ops.LogDeterminant(indefinite)));
        Assert.True(double.IsNaN(Ops.Cholesky(indefinite)[1, 1]));
    }

    private sealed class Tolerance(double bound) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= bound * Math.Max(1, Math.Abs(x));
        public int GetHashCode(double obj) => 0;
    }
}
