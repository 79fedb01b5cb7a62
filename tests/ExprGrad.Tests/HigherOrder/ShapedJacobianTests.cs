using System.Linq.Expressions;
using ExprGrad.Tests.Oracles;
using FsCheck.Xunit;

namespace ExprGrad.Tests.HigherOrder;

/// <summary>Jacobians and their products for functions of several parameters of any supported type, with
/// double, vector or matrix results; everything flattened in parameter order, matrices row-major.</summary>
public class ShapedJacobianTests
{
    private const double RelTol = 1e-6, AbsTol = 1e-7;

    private static readonly Expression<Func<double[], double[,], double[,]>> Layer = (w, W) =>
        Ops.Tanh(Ops.AddRow(Ops.Scale(w[0], W), w));

    [Fact]
    public void The_Jacobian_of_a_matrix_identity_is_an_identity_in_row_major_order()
    {
        // d(W)/d(s, W) for a 2×3 W: row 3i + j has a 1 in column 1 + 3i + j (after the scalar s), zeros elsewhere.
        var jacobian = Grad.Jacobian((double s, double[,] W) => W)(5, new double[2, 3]);
        Assert.Equal(6, jacobian.GetLength(0));
        Assert.Equal(7, jacobian.GetLength(1));
        for (int r = 0; r < 6; r++)
            for (int c = 0; c < 7; c++) Assert.Equal(c == r + 1 ? 1.0 : 0.0, jacobian[r, c]);
    }

    [Fact]
    public void Jacobian_over_a_vector_and_a_matrix_matches_central_differences()
    {
        double[] w = [0.4, -0.8, 1.2];
        double[,] W = { { 0.1, -0.5, 0.3 }, { 0.9, 0.2, -1.1 } };
        var jacobian = Grad.Jacobian(Layer)(w, W);
        var f = Layer.Compile();
        double[] flat = [.. w, .. W.Cast<double>()];
        double[] At(double[] x) => Ops.Flatten(f(x[..3], Ops.Reshape(x[3..], 2, 3)));
        Assert.Equal(6, jacobian.GetLength(0));
        Assert.Equal(9, jacobian.GetLength(1));
        for (int r = 0; r < 6; r++)
        {
            var row = FiniteDifferences.Gradient(x => At(x)[r], flat);
            for (int c = 0; c < 9; c++)
                Assert.True(FiniteDifferences.Close(row[c], jacobian[r, c], RelTol, AbsTol), $"J[{r},{c}]: {row[c]:R} vs {jacobian[r, c]:R}");
        }
    }

    [Fact]
    public void A_scalar_result_is_one_row_and_a_vector_result_one_row_per_element()
    {
        // f = a·b²: J = [b², 2ab]. g = (a + b, a·b): J = [[1, 1], [b, a]].
        var j1 = Grad.Jacobian((double a, double b) => a * b * b)(2, 3);
        Assert.Equal(new double[,] { { 9, 12 } }, j1);
        var j2 = Grad.Jacobian((double a, double b) => new[] { a + b, a * b })(2, 3);
        Assert.Equal(new double[,] { { 1, 1 }, { 3, 2 } }, j2);
    }

    [Property(Replay = "(271828,314159)", MaxTest = 40)]
    public void Jacobian_vector_and_vector_Jacobian_products_agree(int seed)
    {
        // vᵀ(J u) = (vᵀJ) u for any u, v: forward and reverse mode compute the same J.
        var random = new Random(seed);
        double[] w = Vector(random, 3), u = Vector(random, 9), v = Vector(random, 6);
        var W = Ops.Reshape(Vector(random, 6), 2, 3);
        var ju = Grad.JacobianVectorProduct(Layer)(w, W, u);
        var vj = Grad.VectorJacobianProduct(Layer)(w, W, v);
        double left = Ops.Dot(v, ju), right = Ops.Dot(vj, u);
        Assert.True(FiniteDifferences.Close(left, right, 1e-12, 1e-12), $"vᵀ(Ju) = {left:R}, (vᵀJ)u = {right:R}");
        var jacobian = Grad.Jacobian(Layer)(w, W);
        for (int r = 0; r < 6; r++)
            Assert.True(FiniteDifferences.Close(Enumerable.Range(0, 9).Sum(c => jacobian[r, c] * u[c]), ju[r], 1e-12, 1e-12));
    }

    [Fact]
    public void Wrong_directions_and_seeds_are_rejected_by_name()
    {
        double[] w = [1, 2, 3];
        var W = new double[2, 3];
        var jvp = Grad.JacobianVectorProduct(Layer);
        var vjp = Grad.VectorJacobianProduct(Layer);
        Assert.Equal("v", Assert.Throws<ArgumentException>(() => jvp(w, W, new double[8])).ParamName);
        Assert.Equal("seed", Assert.Throws<ArgumentException>(() => vjp(w, W, new double[5])).ParamName);
        Assert.Equal("seed", Assert.Throws<ArgumentNullException>(() => vjp(w, W, null!)).ParamName);
        Assert.Equal("W", Assert.Throws<ArgumentNullException>(() => Grad.Jacobian(Layer)(w, null!)).ParamName);
        // Within the function, a shape error is the op's own: AddRow needs a row of W's width.
        Assert.Throws<ArgumentException>(() => Grad.Jacobian(Layer)([1.0, 2], W));
    }

    [Fact]
    public void Results_of_unsupported_types_are_rejected_when_the_Jacobian_is_created()
    {
        Assert.Equal("f", Assert.Throws<ArgumentException>(() => Grad.Jacobian((double a, double b) => (int)a)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentException>(() => Grad.VectorJacobianProduct((double a, double[] b) => b.Length)).ParamName);
    }

    private static double[] Vector(Random random, int n) => [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1)];
}
