using FsCheck.Xunit;

namespace ExprGrad.Tests.Kernels;

/// <summary>The elementwise matrix and vector <see cref="Ops"/> against scalar loops over the same
/// operands, special values included.</summary>
public class ElementwiseTests
{
    // Vectorized exp/log/tanh may differ from System.Math in the last few bits.
    private const double Ulps = 1e-14;

    public static TheoryData<string> Unary => new() { "Sigmoid", "Relu", "Tanh", "Exp", "Log" };

    private static (Func<double[,], double[,]> Matrix, Func<double[], double[]> Vector, Func<double, double> Scalar) UnaryOp(string name) => name switch
    {
        "Sigmoid" => (Ops.Sigmoid, Ops.Sigmoid, Naive.Sigmoid),
        "Relu" => (Ops.Relu, Ops.Relu, Naive.Relu),
        "Tanh" => (Ops.Tanh, Ops.Tanh, Math.Tanh),
        "Exp" => (Ops.Exp, Ops.Exp, Math.Exp),
        "Log" => (Ops.Log, Ops.Log, Math.Log),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Property(Arbitrary = [typeof(KernelArbitraries)], Replay = "(314159,271829)", MaxTest = 150)]
    public void Unary_matrix_ops_match_the_scalar_functions(MatrixPair p)
    {
        foreach (var name in new[] { "Sigmoid", "Relu", "Tanh", "Exp", "Log" })
        {
            var op = UnaryOp(name);
            Naive.AssertClose(Naive.Map(p.A, op.Scalar), op.Matrix(p.A), Ulps);
        }
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], Replay = "(161803,398875)", MaxTest = 150)]
    public void Unary_vector_ops_match_the_scalar_functions(VectorPair p)
    {
        foreach (var name in new[] { "Sigmoid", "Relu", "Tanh", "Exp", "Log" })
        {
            var op = UnaryOp(name);
            Naive.AssertClose(Naive.Map(p.A, op.Scalar), op.Vector(p.A), Ulps);
        }
    }

    [Theory, MemberData(nameof(Unary))]
    public void Special_values_propagate(string name)
    {
        double[] xs = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, -1.0, 1e-310, 710.0, -750.0];
        var op = UnaryOp(name);
        var expected = xs.Select(op.Scalar).ToArray();
        Naive.AssertClose(expected, op.Vector(xs), Ulps);
        var m = new double[3, 3];
        for (int i = 0; i < 9; i++) m[i / 3, i % 3] = xs[i];
        Naive.AssertClose(expected, Naive.Flat(op.Matrix(m)), Ulps);
        Assert.True(double.IsNaN(op.Vector([double.NaN])[0]), $"{name}(NaN) must be NaN");
    }

    [Fact]
    public void Tanh_keeps_full_relative_accuracy_near_zero()
    {
        // The vectorized library tanh returns −0 for 1e-20 and is hundreds of ulps off near 1e-3.
        double[] xs = [1e-20, -1e-310, 1e-3, -2.5e-2, 0.3, 0.7, 3.0, -1e-9, 0.49, 0.51, 1e-300];
        var ys = Ops.Tanh(xs);
        for (int i = 0; i < xs.Length; i++)
            Naive.AssertClose(Math.Tanh(xs[i]), ys[i], relative: 4.5e-16);
        Assert.True(double.IsNegative(Ops.Tanh([-1e-310])[0]));
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], Replay = "(5772156,649015)", MaxTest = 150)]
    public void Binary_matrix_ops_match_the_scalar_operators(MatrixPair p)
    {
        Naive.AssertClose(Naive.Zip(p.A, p.B, (x, y) => x + y), Ops.Add(p.A, p.B));
        Naive.AssertClose(Naive.Zip(p.A, p.B, (x, y) => x - y), Ops.Subtract(p.A, p.B));
        Naive.AssertClose(Naive.Zip(p.A, p.B, (x, y) => x * y), Ops.Multiply(p.A, p.B));
        Naive.AssertClose(Naive.Map(p.A, x => -2.5 * x), Ops.Scale(-2.5, p.A));
        Naive.AssertClose(Naive.Map(p.A, x => x * x + 1), Ops.Map(p.A, x => x * x + 1));
        Naive.AssertClose(Naive.Transpose(p.A), Ops.Transpose(p.A));
        Naive.AssertClose(p.A, Ops.Transpose(Ops.Transpose(p.A)));
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], Replay = "(1414213,173205)", MaxTest = 150)]
    public void Binary_vector_ops_match_the_scalar_operators(VectorPair p)
    {
        Naive.AssertClose(Naive.Zip(p.A, p.B, (x, y) => x + y), Ops.Add(p.A, p.B));
        Naive.AssertClose(Naive.Zip(p.A, p.B, (x, y) => x - y), Ops.Subtract(p.A, p.B));
        Naive.AssertClose(Naive.Zip(p.A, p.B, (x, y) => x * y), Ops.Multiply(p.A, p.B));
        Naive.AssertClose(Naive.Map(p.A, x => 0.5 * x), Ops.Scale(0.5, p.A));
        Naive.AssertClose(Naive.Map(p.A, Math.Sin), Ops.Map(p.A, Math.Sin));
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], Replay = "(2718281,828459)", MaxTest = 150)]
    public void Reductions_match_sequential_sums(MatrixPair p)
    {
        double[] a = Naive.Flat(p.A), b = Naive.Flat(p.B);
        AssertSum(a, Ops.Sum(p.A));
        AssertSum(a.Select(x => x * x).ToArray(), Ops.SumOfSquares(p.A));
        AssertSum(a.Zip(b, (x, y) => x * y).ToArray(), Ops.Dot(p.A, p.B));
        AssertSum(a, Ops.Sum(a));
        AssertSum(a.Select(x => x * x).ToArray(), Ops.SumOfSquares(a));
        AssertSum(a.Zip(b, (x, y) => x * y).ToArray(), Ops.Dot(a, b));
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], Replay = "(1234577,999331)", MaxTest = 150)]
    public void AddRow_adds_the_row_to_every_row(MatrixPair p)
    {
        int cols = p.A.GetLength(1);
        var row = Enumerable.Range(0, cols).Select(j => p.B[0, j]).ToArray();
        var expected = new double[p.A.GetLength(0), cols];
        for (int i = 0; i < expected.GetLength(0); i++)
            for (int j = 0; j < cols; j++)
                expected[i, j] = p.A[i, j] + row[j];
        Naive.AssertClose(expected, Ops.AddRow(p.A, row));
    }

    [Fact]
    public void Empty_operands_give_empty_results_and_zero_sums()
    {
        Assert.Empty(Ops.Add(new double[0, 3], new double[0, 3]));
        Assert.Equal((3, 0), (Ops.Transpose(new double[0, 3]).GetLength(0), Ops.Transpose(new double[0, 3]).GetLength(1)));
        Assert.Equal(0.0, Ops.Sum(new double[0, 4]));
        Assert.Equal(0.0, Ops.Dot(Array.Empty<double>(), Array.Empty<double>()));
        Assert.Empty(Ops.AddRow(new double[0, 2], [1.0, 2.0]));
        foreach (var name in new[] { "Sigmoid", "Relu", "Tanh", "Exp", "Log" })
        {
            var op = UnaryOp(name);
            Assert.Equal((0, 3), (op.Matrix(new double[0, 3]).GetLength(0), op.Matrix(new double[0, 3]).GetLength(1)));
            Assert.Empty(op.Vector([]));
        }
    }

    [Fact]
    public void Matrix_shape_mismatches_name_both_shapes()
    {
        var a = new double[2, 3];
        var b = new double[3, 2];
        foreach (var (name, call) in new (string, Action)[]
        {
            ("Add", () => Ops.Add(a, b)), ("Subtract", () => Ops.Subtract(a, b)),
            ("Multiply", () => Ops.Multiply(a, b)), ("Dot", () => Ops.Dot(a, b)),
        })
        {
            var e = Assert.Throws<ArgumentException>(call);
            Assert.StartsWith($"{name}: shapes 2×3 and 3×2 differ", e.Message);
        }
        var rowError = Assert.Throws<ArgumentException>(() => Ops.AddRow(a, [1.0, 2.0]));
        Assert.StartsWith("AddRow: shapes 2×3 and [2] do not fit", rowError.Message);
    }

    [Fact]
    public void Vector_length_mismatches_name_both_lengths()
    {
        double[] a = [1, 2, 3], b = [1, 2];
        foreach (var (name, call) in new (string, Action)[]
        {
            ("Add", () => Ops.Add(a, b)), ("Subtract", () => Ops.Subtract(a, b)),
            ("Multiply", () => Ops.Multiply(a, b)), ("Dot", () => Ops.Dot(a, b)),
        })
        {
            var e = Assert.Throws<ArgumentException>(call);
            Assert.StartsWith($"{name}: lengths 3 and 2 differ", e.Message);
        }
    }

    [Fact]
    public void Null_operands_throw_ArgumentNullException()
    {
        double[,] m = new double[1, 1], nm = null!;
        double[] v = [1.0], nv = null!;
        Action[] calls =
        [
            () => Ops.Add(nm, m), () => Ops.Subtract(m, nm), () => Ops.Multiply(nm, m), () => Ops.Scale(2, nm),
            () => Ops.AddRow(nm, v), () => Ops.AddRow(m, nv), () => Ops.Sigmoid(nm), () => Ops.Relu(nm),
            () => Ops.Tanh(nm), () => Ops.Exp(nm), () => Ops.Log(nm), () => Ops.Map(nm, x => x),
            () => Ops.Map(m, null!), () => Ops.Sum(nm), () => Ops.SumOfSquares(nm), () => Ops.Dot(m, nm),
            () => Ops.Transpose(nm),
            () => Ops.Add(nv, v), () => Ops.Subtract(v, nv), () => Ops.Multiply(nv, v), () => Ops.Scale(2, nv),
            () => Ops.Sigmoid(nv), () => Ops.Relu(nv), () => Ops.Tanh(nv), () => Ops.Exp(nv), () => Ops.Log(nv),
            () => Ops.Map(nv, x => x), () => Ops.Map(v, null!), () => Ops.Sum(nv), () => Ops.SumOfSquares(nv),
            () => Ops.Dot(nv, v),
        ];
        Assert.All(calls, call => Assert.Throws<ArgumentNullException>(call));
    }

    /// <summary>The kernel may sum in any order; allow the rounding error of n additions relative to Σ|terms|.</summary>
    private static void AssertSum(double[] terms, double actual)
    {
        double expected = 0, magnitude = 0;
        foreach (var t in terms) { expected += t; magnitude += Math.Abs(t); }
        if (double.IsNaN(expected) || double.IsInfinity(expected) || double.IsInfinity(magnitude))
        {
            Naive.AssertClose(expected, actual);
            return;
        }
        Assert.True(Math.Abs(expected - actual) <= terms.Length * 1.2e-16 * magnitude,
            $"expected {expected:R}, got {actual:R}");
    }
}
