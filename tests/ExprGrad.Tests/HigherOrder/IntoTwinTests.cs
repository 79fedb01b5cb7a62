using System.Linq.Expressions;
using ExprGrad.Tests.Differential;
using ExprGrad.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ExprGrad.Tests.HigherOrder;

/// <summary>
/// The buffer twins of the second-order and Jacobian entry points (issues 17 and 18): the same numbers as the
/// allocating entry point, bit for bit, in buffers that start stale; the laws against central differences; and
/// the typed errors for a bad buffer.
/// </summary>
public class IntoTwinTests
{
    private static readonly double[] Data = [.. Enumerable.Range(0, 12).Select(i => Math.Cos(i))];

    /// <summary>Straight-line code with a branch, a loop over closure data, and whole-array Ops (the adjoint of x
    /// is then an array the program copies into the buffer, whose tangent must follow).</summary>
    public static readonly TheoryData<string> ScalarFunctions = ["branch", "loop", "whole"];

    private static Expression<Func<double[], double>> Scalar(string name) => name switch
    {
        "branch" => x => Math.Exp(x[0] * x[1]) * Math.Sin(x[2]) + (x[1] > 0 ? x[1] * x[1] * x[1] : -x[1]) + Math.Log(1 + x[0] * x[0]) * x[2],
        "loop" => x => Ops.Sum(Data.Length, i => Math.Exp(x[0] * Data[i]) + x[1] * x[2] * Data[i] * x[i % 3]),
        _ => x => Ops.Sum(Ops.Square(x)) * x[0] + Ops.LogSumExp(x),
    };

    /// <summary>Two outputs of three inputs (reverse mode for the Jacobian) and four (forward mode), packed with
    /// <c>new[] { … }</c>; three from an Ops call (the output is an array the program builds whole).</summary>
    private static Expression<Func<double[], double[]>> Vector(int outputs) => outputs switch
    {
        2 => x => new[] { x[0] * x[1] * x[2], Math.Sin(x[2]) + x[0] * x[0] },
        4 => x => new[] { x[0] * x[1], Math.Sin(x[2]) + x[0], Math.Exp(x[1] - x[2]), x[0] > 0 ? x[0] * x[2] : x[1] },
        _ => x => Ops.Softmax(Ops.Scale(x[0], x)),
    };

    private static readonly double[] Point = [0.3, -0.7, 1.1];
    private static readonly double[] Direction = [1.0, -2.0, 0.5];

    [Theory]
    [MemberData(nameof(ScalarFunctions))]
    public void HessianVectorProductIntoEqualsHessianVectorProductBitForBit(string name)
    {
        var result = Stale(3);
        Grad.HessianVectorProductInto(Scalar(name))(Point, Direction, result);
        AssertSameBits(Grad.HessianVectorProduct(Scalar(name))(Point, Direction), result);
    }

    [Theory]
    [MemberData(nameof(ScalarFunctions))]
    public void HessianIntoEqualsHessianBitForBit(string name)
    {
        var result = Stale(3, 3);
        Grad.HessianInto(Scalar(name))(Point, result);
        AssertSameBits(Flat(Grad.Hessian(Scalar(name))(Point)), Flat(result));
    }

    [Fact]
    public void HessianIntoOfACubicIsItsClosedForm()
    {
        // f = (Σ xᵢ²)·x₀: ∂²f/∂xᵢ∂xⱼ = 2δᵢⱼ·x₀ + 2xⱼ·[i = 0] + 2xᵢ·[j = 0] (by hand); small integers, so exact.
        Expression<Func<double[], double>> f = x => Ops.Sum(Ops.Square(x)) * x[0];
        double[] x = [2.0, 3.0, -1.0];
        var result = Stale(3, 3);
        Grad.HessianInto(f)(x, result);
        double[,] expected = { { 12, 6, -2 }, { 6, 4, 0 }, { -2, 0, 4 } };
        AssertSameBits(Flat(expected), Flat(result));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void JacobianTwinsEqualTheirAllocatingFormsBitForBit(int outputs)
    {
        var f = Vector(outputs);
        var seed = Enumerable.Range(1, outputs).Select(i => 0.5 * i - 1).ToArray();
        var (jvp, vjp, jacobian) = (Stale(outputs), Stale(3), Stale(outputs, 3));
        Grad.JacobianVectorProductInto(f)(Point, Direction, jvp);
        Grad.VectorJacobianProductInto(f)(Point, seed, vjp);
        Grad.JacobianInto(f)(Point, jacobian);
        AssertSameBits(Grad.JacobianVectorProduct(f)(Point, Direction), jvp);
        AssertSameBits(Grad.VectorJacobianProduct(f)(Point, seed), vjp);
        AssertSameBits(Flat(Grad.Jacobian(f)(Point)), Flat(jacobian));
    }

    [Fact]
    public void ShapedTwinsEqualTheirAllocatingFormsBitForBit()
    {
        // Three parameters of the three kinds, flattened in parameter order: a, then b's two elements, then W row-major.
        Expression<Func<double, double[], double[,], double>> f = (a, b, W) =>
            Math.Exp(a * b[0]) * W[0, 1] + Math.Sin(b[1] * W[1, 0]) + a * a * W[1, 1] * b[1];
        Expression<Func<double, double[], double[,], double[]>> g = (a, b, W) =>
            new[] { a * b[0] * W[0, 0], Math.Sin(b[1]) + W[1, 1] * a, W[0, 1] * W[1, 0] };
        double a = 0.4;
        double[] b = [-0.6, 1.3], v = [1, -0.5, 0.25, 2, -1, 0.5, 0.75], seed = [1, -2, 0.5];
        double[,] W = { { 0.2, -0.9 }, { 1.7, 0.6 } };
        var (hv, h, jv, vj, j) = (Stale(7), Stale(7, 7), Stale(3), Stale(7), Stale(3, 7));
        Grad.HessianVectorProductInto(f)(a, b, W, v, hv);
        Grad.HessianInto(f)(a, b, W, h);
        Grad.JacobianVectorProductInto(g)(a, b, W, v, jv);
        Grad.VectorJacobianProductInto(g)(a, b, W, seed, vj);
        Grad.JacobianInto(g)(a, b, W, j);
        AssertSameBits(Grad.HessianVectorProduct(f)(a, b, W, v), hv);
        AssertSameBits(Flat(Grad.Hessian(f)(a, b, W)), Flat(h));
        AssertSameBits(Grad.JacobianVectorProduct(g)(a, b, W, v), jv);
        AssertSameBits(Grad.VectorJacobianProduct(g)(a, b, W, seed), vj);
        AssertSameBits(Flat(Grad.Jacobian(g)(a, b, W)), Flat(j));
        // A result that is one of the arguments would overwrite the caller's point.
        AssertNamesResult<ArgumentException>(() => Grad.VectorJacobianProductInto((double[] x, double[] y) => new[] { x[0] * y[0], y[1] })(b, b, seed[..2], b));
    }

    [Property(Replay = "1618033,2718281", MaxTest = 40)]
    public Property HessianIntoIsTheCentralDifferenceOfTheGradient() =>
        Prop.ForAll(Points(), x =>
        {
            var f = Scalar("branch");
            var result = Stale(3, 3);
            Grad.HessianInto(f)(x, result);
            CentralDifferences.AssertClose(Flat(DifferentialOracles.HessianByDifferences(Grad.Of(f), x)), Flat(result), "Hessian", 1e-6, 1e-6);
        });

    [Property(Replay = "3141592,1414213", MaxTest = 40)]
    public Property JacobianIntoRowsAreTheCentralDifferenceGradientsOfTheOutputs() =>
        Prop.ForAll(Points(), x =>
        {
            foreach (int outputs in new[] { 2, 3, 4 })
            {
                var value = Vector(outputs).Compile();
                var result = Stale(outputs, 3);
                Grad.JacobianInto(Vector(outputs))(x, result);
                for (int i = 0; i < outputs; i++)
                {
                    int row = i;
                    CentralDifferences.AssertClose(CentralDifferences.Gradient(y => value(y)[row], x),
                        [.. Enumerable.Range(0, 3).Select(j => result[row, j])], $"row {row} of {outputs}", 1e-6, 1e-6);
                }
            }
        });

    [Fact]
    public void ABadResultBufferIsTheCallersErrorNamingIt()
    {
        var hvp = Grad.HessianVectorProductInto(Scalar("branch"));
        var hessian = Grad.HessianInto(Scalar("branch"));
        var jvp = Grad.JacobianVectorProductInto(Vector(2));
        var vjp = Grad.VectorJacobianProductInto(Vector(2));
        var jacobian = Grad.JacobianInto(Vector(2));
        var jacobianForward = Grad.JacobianInto(Vector(4));
        var x = (double[])Point.Clone();
        var v = (double[])Direction.Clone();

        AssertNamesResult<ArgumentNullException>(() => hvp(x, v, null!));
        AssertNamesResult<ArgumentException>(() => hvp(x, v, new double[2]));
        AssertNamesResult<ArgumentException>(() => hvp(x, v, x));
        AssertNamesResult<ArgumentException>(() => hvp(x, v, v));
        AssertNamesResult<ArgumentNullException>(() => hessian(x, null!));
        AssertNamesResult<ArgumentException>(() => hessian(x, new double[3, 2]));
        AssertNamesResult<ArgumentNullException>(() => jvp(x, v, null!));
        AssertNamesResult<ArgumentException>(() => jvp(x, v, new double[3]));
        AssertNamesResult<ArgumentException>(() => jvp(x, v, x));
        AssertNamesResult<ArgumentNullException>(() => vjp(x, [1, 1], null!));
        AssertNamesResult<ArgumentException>(() => vjp(x, [1, 1], new double[2]));
        AssertNamesResult<ArgumentException>(() => vjp(x, [1, 1], x));
        AssertNamesResult<ArgumentNullException>(() => jacobian(x, null!));
        AssertNamesResult<ArgumentException>(() => jacobian(x, new double[2, 2]));
        // Wrong rows: two outputs written as one (reverse mode) or five (forward mode), and four as three.
        AssertNamesResult<ArgumentException>(() => jacobian(x, new double[1, 3]));
        AssertNamesResult<ArgumentException>(() => jacobian(x, new double[5, 3]));
        AssertNamesResult<ArgumentException>(() => jacobianForward(x, new double[3, 3]));
        // No product to run: the function itself says the rows are wrong.
        AssertNamesResult<ArgumentException>(() => jacobian(x, new double[0, 3]));
        // An output built whole (not new[] { … }) has its length checked once it is known.
        AssertNamesResult<ArgumentException>(() => Grad.JacobianVectorProductInto(Vector(3))(x, v, new double[2]));
        AssertNamesResult<ArgumentException>(() => Grad.JacobianInto(Vector(3))(x, new double[4, 3]));

        // Nothing the caller passed was written through.
        AssertSameBits(Point, x);
        AssertSameBits(Direction, v);
    }

    [Fact]
    public void ABadPointOrDirectionIsStillReportedAsSuch()
    {
        var hvp = Grad.HessianVectorProductInto(Scalar("branch"));
        var vjp = Grad.VectorJacobianProductInto(Vector(2));
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => hvp(null!, Direction, new double[3])).ParamName);
        Assert.Equal("v", Assert.Throws<ArgumentException>(() => hvp(Point, [1.0], new double[3])).ParamName);
        Assert.Equal("seed", Assert.Throws<ArgumentException>(() => vjp(Point, [1.0], new double[3])).ParamName);
    }

    private static void AssertNamesResult<TException>(Action call) where TException : ArgumentException =>
        Assert.Equal("result", Assert.Throws<TException>(call).ParamName);

    private static Arbitrary<double[]> Points() =>
        Gen.Choose(-1000, 1000).Select(k => k / 1000.0).ArrayOf(3).Where(p => Math.Abs(p[1]) > 0.01 && Math.Abs(p[0]) > 0.01).ToArbitrary();

    private static double[] Stale(int length) => StaleBuffers.Vector(length);

    private static double[,] Stale(int rows, int columns) => StaleBuffers.Matrix(rows, columns);

    private static double[] Flat(double[,] m) => [.. m.Cast<double>()];

    private static void AssertSameBits(double[] expected, double[] actual) =>
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));
}
