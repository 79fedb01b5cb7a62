using FsCheck.Xunit;
using K = ExprGrad.Runtime.Kernels;

namespace ExprGrad.Tests.Kernels;

/// <summary>The elementwise kernels the derivative rules call, and the adjoint plumbing (Fill, AddInPlace,
/// Clone, Ops.SumColumns), against scalar loops. The references associate exactly as the formulas are written
/// in the kernels' documentation, so agreement is exact, special values included.</summary>
public class BackwardKernelTests
{
    private static double ReluGrad(double g, double x) => x > 0 ? g : double.IsNaN(x) ? x : 0.0;

    // An adjoint over a value, with zero adjoints kept zero where 1/x is infinite (0·∞ = 0, NaN stays NaN).
    private static double GuardedQuotient(double g, double x) => g == 0 && double.IsInfinity(1 / x) ? 0.0 : g / x;

    [Property(Arbitrary = [typeof(KernelArbitraries)], Replay = "(11235813,2134559)", MaxTest = 150)]
    public void Matrix_backward_kernels_match_their_formulas(MatrixPair p)
    {
        var (g, y) = (p.A, p.B);
        Naive.AssertClose(Naive.Zip(g, y, (gv, yv) => (1 - yv) * yv * gv), K.SigmoidBackward(g, y));
        Naive.AssertClose(Naive.Zip(g, y, (gv, yv) => (1 - yv * yv) * gv), K.TanhBackward(g, y));
        Naive.AssertClose(Naive.Zip(g, y, ReluGrad), K.ReluBackward(g, y));
        Naive.AssertClose(Naive.Zip(g, y, GuardedQuotient), K.Divide(g, y));
        Naive.AssertClose(Naive.Map(g, a => -a), K.Negate(g));
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], Replay = "(31415927,1618033)", MaxTest = 150)]
    public void Vector_backward_kernels_match_their_formulas(VectorPair p)
    {
        var (g, y) = (p.A, p.B);
        Naive.AssertClose(Naive.Zip(g, y, (gv, yv) => (1 - yv) * yv * gv), K.SigmoidBackward(g, y));
        Naive.AssertClose(Naive.Zip(g, y, (gv, yv) => (1 - yv * yv) * gv), K.TanhBackward(g, y));
        Naive.AssertClose(Naive.Zip(g, y, ReluGrad), K.ReluBackward(g, y));
        Naive.AssertClose(Naive.Zip(g, y, GuardedQuotient), K.Divide(g, y));
        Naive.AssertClose(Naive.Map(g, a => -a), K.Negate(g));
    }

    [Fact]
    public void ReluBackward_takes_zero_at_zero_propagates_NaN_inputs_and_blocks_off_units()
    {
        // Nine elements: one full vector and a scalar tail, so both code paths see every case.
        double[] x = [0.0, -0.0, 2.0, -3.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1.0, double.NaN];
        double[] g = [5.0, 5.0, 5.0, double.NaN, 5.0, 7.0, double.PositiveInfinity, double.NaN, 1.0];
        var r = K.ReluBackward(g, x);
        Assert.Equal(0.0, r[0]);
        Assert.Equal(0.0, r[1]);
        Assert.Equal(5.0, r[2]);
        Assert.Equal(0.0, r[3]);          // an off unit passes no adjoint, not even a NaN one
        Assert.True(double.IsNaN(r[4]));  // a NaN input surfaces instead of becoming 0
        Assert.Equal(7.0, r[5]);
        Assert.Equal(0.0, r[6]);
        Assert.Equal(0.0, r[7]);
        Assert.True(double.IsNaN(r[8]));
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], Replay = "(2718,31415)", MaxTest = 100)]
    public void SumColumns_is_the_column_sum(ProductCase c)
    {
        var g = c.A;
        var expected = new double[g.GetLength(1)];
        for (int i = 0; i < g.GetLength(0); i++)
            for (int j = 0; j < g.GetLength(1); j++)
                expected[j] += g[i, j];
        Naive.AssertClose(expected, Ops.SumColumns(g));
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], Replay = "(999983,1000003)", MaxTest = 100)]
    public void AddInPlace_accumulates_and_Clone_copies(MatrixPair p)
    {
        var acc = K.Clone(p.A);
        Assert.NotSame(p.A, acc);
        Naive.AssertClose(p.A, acc);
        K.AddInPlace(acc, p.B);
        Naive.AssertClose(Naive.Zip(p.A, p.B, (a, b) => a + b), acc);

        double[] v = Naive.Flat(p.A), w = Naive.Flat(p.B);
        var vacc = K.Clone(v);
        Assert.NotSame(v, vacc);
        K.AddInPlace(vacc, w);
        Naive.AssertClose(Naive.Zip(v, w, (a, b) => a + b), vacc);
        Naive.AssertClose(Naive.Flat(p.A), v); // the original is untouched
    }

    [Theory]
    [InlineData(1, 1, 2.5)]
    [InlineData(3, 7, -0.0)]
    [InlineData(5, 2, double.NaN)]
    [InlineData(0, 4, 1.0)]
    [InlineData(2, 3, 0.0)]
    public void Fill_gives_the_shape_and_the_exact_value(int rows, int cols, double value)
    {
        var like = new double[rows, cols];
        foreach (var m in new[] { K.Fill(rows, cols, value), K.Fill(like, value) })
        {
            Assert.Equal((rows, cols), (m.GetLength(0), m.GetLength(1)));
            Assert.All(Naive.Flat(m), x => Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(x)));
        }
        foreach (var v in new[] { K.Fill(cols, value), K.Fill(new double[cols], value) })
        {
            Assert.Equal(cols, v.Length);
            Assert.All(v, x => Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(x)));
        }
    }

    [Fact]
    public void Negative_fill_sizes_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => K.Fill(-1, 2, 0.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => K.Fill(2, -1, 0.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => K.Fill(-1, 0.0));
    }

    [Fact]
    public void Shape_mismatches_name_both_shapes()
    {
        double[,] a = new double[2, 3], b = new double[2, 4];
        foreach (var (name, call) in new (string, Action)[]
        {
            ("SigmoidBackward", () => K.SigmoidBackward(a, b)), ("TanhBackward", () => K.TanhBackward(a, b)),
            ("ReluBackward", () => K.ReluBackward(a, b)), ("Divide", () => K.Divide(a, b)),
            ("AddInPlace", () => K.AddInPlace(a, b)),
        })
            Assert.StartsWith($"{name}: shapes 2×3 and 2×4 differ", Assert.Throws<ArgumentException>(call).Message);

        double[] v = new double[3], w = new double[5];
        foreach (var (name, call) in new (string, Action)[]
        {
            ("SigmoidBackward", () => K.SigmoidBackward(v, w)), ("TanhBackward", () => K.TanhBackward(v, w)),
            ("ReluBackward", () => K.ReluBackward(v, w)), ("Divide", () => K.Divide(v, w)),
            ("AddInPlace", () => K.AddInPlace(v, w)),
        })
            Assert.StartsWith($"{name}: lengths 3 and 5 differ", Assert.Throws<ArgumentException>(call).Message);
    }

    [Fact]
    public void Null_operands_throw_ArgumentNullException()
    {
        double[,] m = new double[1, 1], nm = null!;
        double[] v = [1.0], nv = null!;
        Action[] calls =
        [
            () => K.SigmoidBackward(nm, m), () => K.TanhBackward(m, nm), () => K.ReluBackward(nm, m),
            () => K.Divide(m, nm), () => K.Negate(nm), () => K.Fill(nm, 0), () => K.AddInPlace(nm, m),
            () => K.AddInPlace(m, nm), () => K.Clone(nm), () => Ops.SumColumns(nm),
            () => K.SigmoidBackward(nv, v), () => K.TanhBackward(v, nv), () => K.ReluBackward(nv, v),
            () => K.Divide(v, nv), () => K.Negate(nv), () => K.Fill(nv, 0), () => K.AddInPlace(nv, v),
            () => K.AddInPlace(v, nv), () => K.Clone(nv),
        ];
        Assert.All(calls, call => Assert.Throws<ArgumentNullException>(call));
    }
}
