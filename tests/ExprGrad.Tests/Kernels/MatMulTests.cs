using FsCheck.Xunit;
using K = ExprGrad.Runtime.Kernels;

namespace ExprGrad.Tests.Kernels;

/// <summary>The blocked, vectorized, threaded products against the triple loop. Operands are dyadic
/// (see <see cref="KernelArbitraries"/>), so agreement is required to the last bit.</summary>
public class MatMulTests
{
    /// <summary>Shapes at tile, block (256) and threading (2^20 multiply-adds) boundaries, including a
    /// result large enough for the large-object heap and products that need several depth blocks.</summary>
    public static TheoryData<int, int, int> LargeShapes => new()
    {
        { 1, 1, 1 }, { 4, 1, 8 }, { 3, 257, 5 }, { 9, 300, 260 }, { 5, 513, 17 }, { 33, 256, 256 },
        { 130, 100, 90 }, { 131, 257, 33 }, { 400, 8, 400 }, { 257, 64, 64 }, { 256, 64, 64 },
    };

    [Property(Arbitrary = [typeof(KernelArbitraries)], Replay = "(16041977,2654435761)", MaxTest = 200)]
    public void MatMul_matches_the_triple_loop(ProductCase c) =>
        Naive.AssertClose(Naive.MatMul(c.A, c.B), Ops.MatMul(c.A, c.B));

    [Property(Arbitrary = [typeof(KernelArbitraries)], Replay = "(8675309,40503)", MaxTest = 200)]
    public void MatMulTransposeA_is_the_product_with_the_transpose(ProductCase c)
    {
        // a is the m×k left operand of the forward product and g an m×n adjoint: aᵀ·g is k×n.
        var g = Naive.MatMul(c.A, c.B);
        Naive.AssertClose(Ops.MatMul(Ops.Transpose(c.A), g), K.MatMulTransposeA(c.A, g));
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], Replay = "(20240229,1103515245)", MaxTest = 200)]
    public void MatMulTransposeB_is_the_product_with_the_transpose(ProductCase c)
    {
        // With bt = bᵀ (n×k) in the role of the right operand, g·btᵀ for g = a is a·b.
        var bt = Naive.Transpose(c.B);
        Naive.AssertClose(Ops.MatMul(c.A, Ops.Transpose(bt)), K.MatMulTransposeB(c.A, bt));
    }

    [Theory, MemberData(nameof(LargeShapes))]
    public void Large_and_boundary_shapes_match_the_triple_loop(int m, int k, int n)
    {
        var a = KernelArbitraries.DyadicMatrix(m, k, seed: m * 31 + k);
        var b = KernelArbitraries.DyadicMatrix(k, n, seed: k * 17 + n);
        var expected = Naive.MatMul(a, b);
        Naive.AssertClose(expected, Ops.MatMul(a, b));
        Naive.AssertClose(expected, K.MatMulTransposeB(a, Naive.Transpose(b)));
        Naive.AssertClose(Naive.MatMul(Naive.Transpose(a), expected), K.MatMulTransposeA(a, expected));
    }

    [Fact]
    public void Threaded_products_match_serial_ones_bit_for_bit_on_ordinary_doubles()
    {
        // Above the threading threshold each row is still summed in one fixed order, so the result of
        // every row of a large product equals the same row computed alone (which stays on one thread).
        var random = new Random(7);
        var a = new double[300, 70];
        var b = new double[70, 90];
        foreach (var arr in new[] { a, b })
            for (int i = 0; i < arr.GetLength(0); i++)
                for (int j = 0; j < arr.GetLength(1); j++)
                    arr[i, j] = random.NextDouble() * 2 - 1;
        Assert.True(300L * 70 * 90 >= K.ParallelThreshold);
        var whole = Ops.MatMul(a, b);
        for (int i = 0; i < 300; i++)
        {
            var row = new double[1, 70];
            for (int p = 0; p < 70; p++) row[0, p] = a[i, p];
            var single = Ops.MatMul(row, b);
            for (int j = 0; j < 90; j++) Assert.Equal(single[0, j], whole[i, j]);
        }
    }

    [Fact]
    public void Ordinary_doubles_agree_with_the_triple_loop_to_rounding()
    {
        var random = new Random(11);
        var a = new double[37, 45];
        var b = new double[45, 29];
        foreach (var arr in new[] { a, b })
            for (int i = 0; i < arr.GetLength(0); i++)
                for (int j = 0; j < arr.GetLength(1); j++)
                    arr[i, j] = Math.Exp(random.NextDouble() * 10 - 5);
        // Positive terms: no cancellation, so the relative error is bounded by k·ε.
        Naive.AssertClose(Naive.MatMul(a, b), Ops.MatMul(a, b), relative: 45 * 2.3e-16);
    }

    [Theory]
    [InlineData(0, 3, 2)]
    [InlineData(2, 0, 3)]
    [InlineData(2, 3, 0)]
    public void Empty_dimensions_give_empty_or_zero_products(int m, int k, int n)
    {
        var c = Ops.MatMul(new double[m, k], new double[k, n]);
        Assert.Equal((m, n), (c.GetLength(0), c.GetLength(1)));
        Assert.All(Naive.Flat(c), x => Assert.Equal(0.0, x));
        Assert.Equal((k, n), (K.MatMulTransposeA(new double[m, k], new double[m, n]).GetLength(0), n));
        Assert.Equal(m * k, K.MatMulTransposeB(new double[m, n], new double[k, n]).Length);
    }

    [Fact]
    public void NaN_and_infinities_propagate_like_the_triple_loop()
    {
        var a = KernelArbitraries.DyadicMatrix(9, 12, seed: 3);
        var b = KernelArbitraries.DyadicMatrix(12, 11, seed: 4);
        a[2, 5] = double.NaN;
        a[6, 0] = double.PositiveInfinity;
        b[3, 7] = double.NegativeInfinity;
        var c = Ops.MatMul(a, b);
        Naive.AssertClose(Naive.MatMul(a, b), c);
        for (int j = 0; j < 11; j++) Assert.True(double.IsNaN(c[2, j]), $"row with a NaN input, column {j}");
        Assert.True(double.IsNaN(c[6, 7]) || double.IsInfinity(c[6, 7]));
        Naive.AssertClose(Naive.MatMul(Naive.Transpose(a), c), K.MatMulTransposeA(a, c));
        Naive.AssertClose(Naive.MatMul(c, Naive.Transpose(b)), K.MatMulTransposeB(c, b));
    }

    [Fact]
    public void Shape_mismatches_name_both_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.MatMul(new double[2, 3], new double[4, 5]));
        Assert.StartsWith("MatMul: shapes 2×3 and 4×5 do not fit (inner dimensions 3 and 4 differ)", e.Message);
        e = Assert.Throws<ArgumentException>(() => K.MatMulTransposeA(new double[2, 3], new double[4, 5]));
        Assert.Contains("2×3", e.Message);
        Assert.Contains("4×5", e.Message);
        e = Assert.Throws<ArgumentException>(() => K.MatMulTransposeB(new double[2, 3], new double[4, 5]));
        Assert.Contains("2×3", e.Message);
        Assert.Contains("4×5", e.Message);
        e = Assert.Throws<ArgumentException>(() => Ops.MatMul(new double[2, 3], new double[4]));
        Assert.StartsWith("MatMul: shapes 2×3 and [4] do not fit", e.Message);
        e = Assert.Throws<ArgumentException>(() => K.MatMulTransposeA(new double[2, 3], new double[3]));
        Assert.Contains("2×3", e.Message);
        Assert.Contains("[3]", e.Message);
    }

    [Fact]
    public void Null_operands_throw_ArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => Ops.MatMul(null!, new double[1, 1]));
        Assert.Throws<ArgumentNullException>(() => Ops.MatMul(new double[1, 1], (double[,])null!));
        Assert.Throws<ArgumentNullException>(() => Ops.MatMul(new double[1, 1], (double[])null!));
        Assert.Throws<ArgumentNullException>(() => K.MatMulTransposeA(null!, new double[1, 1]));
        Assert.Throws<ArgumentNullException>(() => K.MatMulTransposeB(new double[1, 1], null!));
        Assert.Throws<ArgumentNullException>(() => K.Outer(null!, new double[1]));
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], Replay = "(424242,977)", MaxTest = 100)]
    public void Matrix_vector_kernels_match_the_matrix_ones(ProductCase c)
    {
        // The first column of b as a vector x: a·x, aᵀ·g and g⊗x against the matrix forms.
        int k = c.B.GetLength(0), m = c.A.GetLength(0);
        var x = Enumerable.Range(0, k).Select(p => c.B[p, 0]).ToArray();
        var column = Naive.MatMul(c.A, Column(x));
        Naive.AssertClose(Enumerable.Range(0, m).Select(i => column[i, 0]).ToArray(), Ops.MatMul(c.A, x));

        var g = Enumerable.Range(0, m).Select(i => c.A[i, 0] - 1.5).ToArray();
        var atg = Naive.MatMul(Naive.Transpose(c.A), Column(g));
        Naive.AssertClose(Enumerable.Range(0, k).Select(p => atg[p, 0]).ToArray(), K.MatMulTransposeA(c.A, g));
        Naive.AssertClose(Naive.MatMul(Column(g), Naive.Transpose(Column(x))), K.Outer(g, x));
    }

    private static double[,] Column(double[] v)
    {
        var c = new double[v.Length, 1];
        for (int i = 0; i < v.Length; i++) c[i, 0] = v[i];
        return c;
    }
}
