using System.Linq.Expressions;
using ExprGrad.Tests.Oracles;
using FsCheck.Xunit;

namespace ExprGrad.Tests.HigherOrder;

/// <summary>Hessians of functions of several parameters of any supported type, flattened in parameter order
/// (matrices row-major).</summary>
public class ShapedHessianTests
{
    private const double RelTol = 1e-6, AbsTol = 1e-7;

    [Fact]
    public void Hessian_of_two_scalars_matches_the_hand_derived_one()
    {
        // f = a²b + eᵃb²: f_aa = 2b + eᵃb², f_ab = 2a + 2eᵃb, f_bb = 2eᵃ.
        var hessian = Grad.Hessian((double a, double b) => a * a * b + Math.Exp(a) * b * b);
        double a = 0.5, b = -1.5, e = Math.Exp(a);
        var h = hessian(a, b);
        Assert.Equal(2 * b + e * b * b, h[0, 0], 12);
        Assert.Equal(2 * a + 2 * e * b, h[0, 1], 12);
        Assert.Equal(2 * a + 2 * e * b, h[1, 0], 12);
        Assert.Equal(2 * e, h[1, 1], 12);
    }

    private static readonly Expression<Func<double, double[], double[,], double>> Mixed = (s, w, W) =>
        Ops.Sum(Ops.Tanh(Ops.MatMul(W, w))) * s + w[0] * Ops.SumOfSquares(W) + s * s * w[1];

    [Fact]
    public void Hessian_over_a_scalar_a_vector_and_a_matrix_matches_differences_of_the_gradient()
    {
        double s = 0.7;
        double[] w = [0.3, -1.1, 0.6];
        double[,] W = { { 0.2, -0.4, 0.9 }, { 1.3, 0.5, -0.7 } };
        var h = Grad.Hessian(Mixed)(s, w, W);
        var expected = HessianByDifferences(Grad.Of(Mixed), s, w, W);
        Assert.Equal(10, h.GetLength(0));
        Assert.Equal(10, h.GetLength(1));
        for (int i = 0; i < 10; i++)
            for (int j = 0; j < 10; j++)
                Assert.True(FiniteDifferences.Close(expected[i, j], h[i, j], RelTol, AbsTol), $"H[{i},{j}]: expected {expected[i, j]:R}, got {h[i, j]:R}");
    }

    [Property(Replay = "(161803,271829)", MaxTest = 30)]
    public void Hessian_vector_product_is_the_Hessian_times_the_vector(int seed)
    {
        var random = new Random(seed);
        double s = random.NextDouble() * 2 - 1;
        double[] w = Vector(random, 3);
        var W = new double[2, 3];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++) W[i, j] = random.NextDouble() * 2 - 1;
        var v = Vector(random, 10);
        var h = Grad.Hessian(Mixed)(s, w, W);
        var hv = Grad.HessianVectorProduct(Mixed)(s, w, W, v);
        for (int i = 0; i < 10; i++)
        {
            double expected = Enumerable.Range(0, 10).Sum(j => h[i, j] * v[j]);
            Assert.True(FiniteDifferences.Close(expected, hv[i], 1e-12, 1e-12), $"(H·v)[{i}]: {expected:R} vs {hv[i]:R}");
        }
    }

    [Fact]
    public void A_function_called_at_a_new_shape_gets_a_Hessian_of_that_shape()
    {
        // f = Σ wᵢ² + x·Σ wᵢ: ∂²/∂wᵢ∂wⱼ = 2δᵢⱼ, ∂²/∂wᵢ∂x = 1, ∂²/∂x² = 0.
        var hessian = Grad.Hessian((double[] w, double x) => Ops.SumOfSquares(w) + x * Ops.Sum(w));
        foreach (var n in new[] { 2, 4, 1 })
        {
            var h = hessian(new double[n], 3);
            Assert.Equal(n + 1, h.GetLength(0));
            for (int i = 0; i <= n; i++)
                for (int j = 0; j <= n; j++)
                    Assert.Equal(i == n && j == n ? 0 : i == n || j == n ? 1 : i == j ? 2 : 0, h[i, j]);
        }
    }

    [Fact]
    public void Wrong_directions_and_missing_arguments_are_rejected_by_name()
    {
        var hv = Grad.HessianVectorProduct((double a, double[] b) => a * Ops.Sum(b));
        Assert.Equal("v", Assert.Throws<ArgumentException>(() => hv(1, [1.0, 2], [1.0, 0])).ParamName);
        Assert.Equal("v", Assert.Throws<ArgumentNullException>(() => hv(1, [1.0, 2], null!)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentNullException>(() => hv(1, null!, [1.0, 0, 0])).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentNullException>(() => Grad.Hessian((double a, double[] b) => a * b[0])(1, null!)).ParamName);
    }

    [Fact]
    public void Unsupported_functions_are_rejected_when_the_Hessian_is_created()
    {
        Assert.Equal("f", Assert.Throws<ArgumentException>(() => Grad.Hessian((double a, int n) => a * n)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Grad.Hessian((Expression<Func<double, double, double>>)null!)).ParamName);
        Assert.Throws<UnsupportedExpressionException>(() => Grad.Hessian((double a, double[] b) => Unknown(a) * b[0]));
    }

    [Fact]
    public void The_double_array_overload_is_still_chosen_for_a_function_of_one_vector()
    {
        Expression<Func<object>> call = () => Grad.Hessian((double[] x) => x[0] * x[1], null);
        Assert.False(((MethodCallExpression)call.Body).Method.IsGenericMethod);
        Expression<Func<object>> jacobian = () => Grad.Jacobian((double[] x) => new[] { x[0] }, null);
        Assert.False(((MethodCallExpression)jacobian.Body).Method.IsGenericMethod);
    }

    private static double Unknown(double x) => x;

    private static double[] Vector(Random random, int n) => [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1)];

    /// <summary>Row i: Richardson differences of the i-th gradient component over the flat point.</summary>
    private static double[,] HessianByDifferences(Func<double, double[], double[,], (double, double[], double[,])> gradient, double s, double[] w, double[,] W)
    {
        var flat = Flat(s, w, W);
        double[] GradientAt(double[] x)
        {
            var m = new double[W.GetLength(0), W.GetLength(1)];
            Buffer.BlockCopy(x, (1 + w.Length) * sizeof(double), m, 0, m.Length * sizeof(double));
            var (gs, gw, gW) = gradient(x[0], x[1..(1 + w.Length)], m);
            return Flat(gs, gw, gW);
        }
        int n = flat.Length;
        var h = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            var row = FiniteDifferences.Gradient(x => GradientAt(x)[i], flat);
            for (int j = 0; j < n; j++) h[i, j] = row[j];
        }
        return h;
    }

    private static double[] Flat(double s, double[] w, double[,] W) => [s, .. w, .. W.Cast<double>()];
}
