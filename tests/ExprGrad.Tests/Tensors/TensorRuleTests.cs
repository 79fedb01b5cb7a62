using System.Linq.Expressions;
using ExprGrad.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Tensors;

/// <summary>Every matrix and vector rule against central differences, on FsCheck-generated shapes and
/// values. Each op is wrapped in a scalar loss ⟨op(…), C⟩ with a random C, so every output element's
/// adjoint differs and a transposed or misrouted adjoint cannot pass.</summary>
public class TensorRuleTests
{
    private static Gen<double[,]> Matrix(int rows, int cols, double lo = -2, double hi = 2) =>
        Gen.Choose(0, 10_000).Select(k => lo + (hi - lo) * k / 10_000.0).Array2DOf(rows, cols);

    private static Gen<double[]> Vector(int n, double lo = -2, double hi = 2) =>
        Gen.Choose(0, 10_000).Select(k => lo + (hi - lo) * k / 10_000.0).ArrayOf(n);

    private static readonly Gen<(int, int, int)> Shapes = Gen.Choose(1, 6).Three();

    private static double[] Flatten(double[,] m) => m.Cast<double>().ToArray();

    private static double[,] Unflatten(double[] v, int rows, int cols)
    {
        var m = new double[rows, cols];
        Buffer.BlockCopy(v, 0, m, 0, v.Length * sizeof(double));
        return m;
    }

    private static void CheckMatrixGradient(Func<double[,], double> f, double[,] at, double[,] gradient, string context)
    {
        var (r, c) = (at.GetLength(0), at.GetLength(1));
        var expected = CentralDifferences.Gradient(v => f(Unflatten(v, r, c)), Flatten(at));
        CentralDifferences.AssertClose(expected, Flatten(gradient), context, 1e-6, 1e-7);
    }

    private static void CheckVectorGradient(Func<double[], double> f, double[] at, double[] gradient, string context) =>
        CentralDifferences.AssertClose(CentralDifferences.Gradient(f, at), gradient, context, 1e-6, 1e-7);

    public static TheoryData<string> BinaryMatrixOps => ["MatMul", "Add", "Subtract", "Multiply", "Dot"];

    [Theory]
    [MemberData(nameof(BinaryMatrixOps))]
    public void BinaryMatrixRules(string op)
    {
        Expression<Func<double[,], double[,], double[,], double>> loss = op switch
        {
            "MatMul" => (a, b, c) => Dot(MatMul(a, b), c),
            "Add" => (a, b, c) => Dot(Add(a, b), c),
            "Subtract" => (a, b, c) => Dot(Subtract(a, b), c),
            "Multiply" => (a, b, c) => Dot(Multiply(a, b), c),
            _ => (a, b, c) => Dot(a, b) * Sum(c),
        };
        var grad = Grad.Of(loss);
        var plain = loss.Compile();
        var cases = Shapes.SelectMany(s =>
        {
            var (m, k, n) = s;
            var (bRows, bCols) = op == "MatMul" ? (k, n) : (m, k);
            var (cRows, cCols) = op == "MatMul" ? (m, n) : (m, k);
            return Matrix(m, k).SelectMany(a => Matrix(bRows, bCols).SelectMany(b => Matrix(cRows, cCols).Select(c => (a, b, c))));
        });
        Prop.ForAll(cases.ToArbitrary(), t =>
        {
            var (a, b, c) = t;
            var (da, db, dc) = grad(a, b, c);
            CheckMatrixGradient(x => plain(x, b, c), a, da, $"{op} dA");
            CheckMatrixGradient(x => plain(a, x, c), b, db, $"{op} dB");
            CheckMatrixGradient(x => plain(a, b, x), c, dc, $"{op} dC");
        }).Check(Checks.Seeded(op.Length * 31 + op[0], maxTest: 40));
    }

    public static TheoryData<string> UnaryMatrixOps => ["Sigmoid", "Tanh", "Relu", "Exp", "Log", "Transpose", "Scale", "Map", "Sum", "SumOfSquares", "AddRow"];

    [Theory]
    [MemberData(nameof(UnaryMatrixOps))]
    public void UnaryMatrixRules(string op)
    {
        double s = 1.7;
        double[][] rows = [.. Enumerable.Range(0, 7).Select(n => Enumerable.Range(0, n).Select(k => 0.3 * k - 0.8).ToArray())];
        Expression<Func<double[,], double[,], double>> loss = op switch
        {
            "Sigmoid" => (a, c) => Dot(Sigmoid(a), c),
            "Tanh" => (a, c) => Dot(Tanh(a), c),
            "Relu" => (a, c) => Dot(Relu(a), c),
            "Exp" => (a, c) => Dot(Exp(a), c),
            "Log" => (a, c) => Dot(Log(a), c),
            "Transpose" => (a, c) => Dot(Transpose(Transpose(a)), c) + Sum(MatMul(Transpose(a), c)),
            "Scale" => (a, c) => Dot(Scale(s * Sum(a), a), c),
            "Map" => (a, c) => Dot(Map(a, v => v * Math.Sin(v) + s * v * v), c),
            "Sum" => (a, c) => Sum(a) * Sum(c),
            "SumOfSquares" => (a, c) => SumOfSquares(a) + Dot(a, c),
            _ => (a, c) => Dot(AddRow(a, rows[a.GetLength(1)]), c),
        };
        var grad = Grad.Of(loss);
        var plain = loss.Compile();
        double lo = op == "Log" ? 0.1 : -2;
        var cases = Gen.Choose(1, 6).Two().SelectMany(sh => Matrix(sh.Item1, sh.Item2, lo).SelectMany(a => Matrix(sh.Item1, sh.Item2).Select(c => (a, c))))
            .Where(t => op != "Relu" || Flatten(t.a).All(v => Math.Abs(v) > 1e-3));
        Prop.ForAll(cases.ToArbitrary(), t =>
        {
            var (a, c) = t;
            var (da, dc) = grad(a, c);
            CheckMatrixGradient(x => plain(x, c), a, da, $"{op} dA");
            CheckMatrixGradient(x => plain(a, x), c, dc, $"{op} dC");
        }).Check(Checks.Seeded(op.Length * 17 + op[^1], maxTest: 40));
    }

    [Fact]
    public void VectorRules()
    {
        Expression<Func<double[], double[], double>> loss = (a, b) =>
            Dot(Sigmoid(a), b) + Sum(Multiply(Tanh(a), Exp(b))) + SumOfSquares(Subtract(a, Scale(0.5 * Sum(b), b)))
            + Dot(Relu(Add(a, b)), Log(Map(b, v => v * v + 1)));
        var grad = Grad.Of(loss);
        var plain = loss.Compile();
        var cases = Gen.Choose(2, 7).SelectMany(n => Vector(n).SelectMany(a => Vector(n).Select(b => (a, b))))
            .Where(t => t.a.Zip(t.b).All(p => Math.Abs(p.First + p.Second) > 1e-3));
        Prop.ForAll(cases.ToArbitrary(), t =>
        {
            var (a, b) = t;
            var (da, db) = grad(a, b);
            CheckVectorGradient(x => plain(x, b), a, da, "vector da");
            CheckVectorGradient(x => plain(a, x), b, db, "vector db");
        }).Check(Checks.Seeded(99, maxTest: 60));
    }

    [Fact]
    public void MatrixVectorProduct()
    {
        var grad = Grad.Of((double[,] w, double[] x) => Dot(MatMul(w, x), new[] { 1.0, -2.0 }));
        var (dw, dx) = grad(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }, [0.5, -1, 2]);
        // ⟨Wx, c⟩: dW = c·xᵀ, dx = Wᵀ·c.
        Assert.Equal(new double[,] { { 0.5, -1, 2 }, { -1, 2, -4 } }, dw);
        Assert.Equal(new[] { 1 - 8.0, 2 - 10.0, 3 - 12.0 }, dx);
    }

    [Fact]
    public void ShapeMismatchNamesBothShapes()
    {
        var grad = Grad.Of((double[,] a, double[,] b) => Sum(MatMul(a, b)));
        var e = Assert.Throws<ArgumentException>(() => grad(new double[2, 3], new double[4, 5]));
        Assert.Contains("2×3", e.Message);
        Assert.Contains("4×5", e.Message);
    }

    [Fact]
    public void MapReadingAnOuterDifferentiableValueGathersItsGradient()
    {
        // f = Σᵢⱼ aᵢⱼ·w: ∂f/∂aᵢⱼ = w, ∂f/∂w = Σ a = 1 + 2 − 3 + 4 = 4 (once refused; see Loops/MapOuterReadTests).
        var (da, dw) = Grad.Of((double[,] a, double w) => Sum(Map(a, v => v * w)))(new double[,] { { 1, 2 }, { -3, 4 } }, 0.5);
        Assert.Equal(new double[,] { { 0.5, 0.5 }, { 0.5, 0.5 } }, da);
        Assert.Equal(4.0, dw);
    }
}
