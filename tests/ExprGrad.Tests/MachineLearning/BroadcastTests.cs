using FsCheck.Xunit;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.MachineLearning;

/// <summary>
/// Add(a, s), AddColumn, ScaleRows, Row and Column: values and gradients derived by hand, bad shapes and
/// indices rejected with the argument named (inside a gradient too), and laws relating them to the older ops.
/// Random shapes, forward mode and second order are covered by the registry's generated tests.
/// </summary>
public class BroadcastTests
{
    private static readonly double[,] M = { { 1, 2, 3 }, { 4, 5, 6 } };

    [Fact]
    public void AddAScalarToEveryElement()
    {
        // ⟨a + s, w⟩: ∂/∂a = w, ∂/∂s = Σ w = 6; for a matrix ∂/∂s = Σ W = 10.
        Assert.Equal([11.0, 12], Add([1.0, 2], 10));
        var (da, ds) = Grad.Of((double[] a, double s) => Dot(Add(a, s), new double[] { 1, 2, 3 }))([0, 0, 0], 5);
        Assert.Equal([1.0, 2, 3], da);
        Assert.Equal(6, ds);
        var w = new double[,] { { 1, 2 }, { 3, 4 } };
        var (dm, dt) = Grad.Of((double[,] m, double s) => Dot(Add(m, s), w))(new double[2, 2], 5);
        Assert.Equal(w, dm);
        Assert.Equal(10, dt);
    }

    [Fact]
    public void AddColumnAddsColumnIToRowI()
    {
        // ⟨m + c·1ᵀ, W⟩: ∂/∂m = W, ∂/∂cᵢ = Σⱼ Wᵢⱼ = (6, 15).
        Assert.Equal(new double[,] { { 11, 12, 13 }, { 104, 105, 106 } }, AddColumn(M, [10, 100]));
        var (dm, dc) = Grad.Of((double[,] m, double[] c) => Dot(AddColumn(m, c), M))(new double[2, 3], [0, 0]);
        Assert.Equal(M, dm);
        Assert.Equal([6.0, 15], dc);
    }

    [Fact]
    public void ScaleRowsMultipliesRowIBySI()
    {
        // ⟨diag(s)·m, W⟩ with W = 1: ∂/∂mᵢⱼ = sᵢ, ∂/∂sᵢ = Σⱼ mᵢⱼ = (6, 15).
        Assert.Equal(new double[,] { { 2, 4, 6 }, { -4, -5, -6 } }, ScaleRows(M, [2, -1]));
        var (dm, ds) = Grad.Of((double[,] m, double[] s) => Sum(ScaleRows(m, s)))(M, [2, -1]);
        Assert.Equal(new double[,] { { 2, 2, 2 }, { -1, -1, -1 } }, dm);
        Assert.Equal([6.0, 15], ds);
    }

    [Fact]
    public void RowAndColumnSelect()
    {
        // ⟨Row(m, 1), v⟩ puts v in row 1; ⟨Column(m, 2), u⟩ puts u in column 2.
        Assert.Equal([4.0, 5, 6], Row(M, 1));
        Assert.Equal([3.0, 6], Column(M, 2));
        Assert.Equal(new double[,] { { 0, 0, 0 }, { 7, 8, 9 } }, Grad.Of((double[,] m) => Dot(Row(m, 1), new double[] { 7, 8, 9 }))(M));
        Assert.Equal(new double[,] { { 0, 0, 7 }, { 0, 0, 8 } }, Grad.Of((double[,] m) => Dot(Column(m, 2), new double[] { 7, 8 }))(M));
        // Rows and columns read twice accumulate: (m₀₀ + m₁₀)·m₀₀ over Row(m, 0)[0] and Column(m, 0).
        Assert.Equal(new double[,] { { 2 * 1 + 4, 0, 0 }, { 1, 0, 0 } },
            Grad.Of((double[,] m) => Sum(Column(m, 0)) * Row(m, 0)[0])(M));
    }

    [Fact]
    public void BadShapesAndIndicesNameTheArgument()
    {
        Assert.Equal("column", Assert.Throws<ArgumentException>(() => AddColumn(M, [1, 2, 3])).ParamName);
        Assert.Equal("s", Assert.Throws<ArgumentException>(() => ScaleRows(M, [1])).ParamName);
        Assert.Equal("i", Assert.Throws<ArgumentOutOfRangeException>(() => Row(M, 2)).ParamName);
        Assert.Equal("i", Assert.Throws<ArgumentOutOfRangeException>(() => Row(M, -1)).ParamName);
        Assert.Equal("j", Assert.Throws<ArgumentOutOfRangeException>(() => Column(M, 3)).ParamName);
        // Inside a gradient, also where the value is not used (dead-store elimination keeps the check).
        Assert.Throws<ArgumentOutOfRangeException>(() => Grad.Of((double[,] m) => Let(Row(m, 5), unused => Sum(m)))(M));
        Assert.Throws<ArgumentException>(() => Grad.Of((double[,] m, double[] c) => Let(AddColumn(m, c), unused => Sum(m)))(M, [1]));
    }

    [Property(Replay = "(314159,271829)", MaxTest = 100)]
    public void BroadcastsAgreeWithTheirDefinitions(byte seed)
    {
        var random = new Random(seed);
        int rows = 1 + seed % 3, columns = 1 + seed / 3 % 4;
        var m = new double[rows, columns];
        var w = new double[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++) (m[i, j], w[i, j]) = (2 * random.NextDouble() - 1, 2 * random.NextDouble() - 1);
        double[] c = [.. Enumerable.Range(0, rows).Select(_ => random.NextDouble())];
        int row = seed % rows, column = seed % columns;
        // AddColumn(m, c) = (AddRow(mᵀ, c))ᵀ; Column(m, j) = Row(mᵀ, j); Row(m, i) = Slice(Flatten(m), i·columns, columns).
        var (tm, tc) = Grad.Of((double[,] x, double[] y) => Dot(Transpose(AddRow(Transpose(x), y)), w))(m, c);
        var (am, ac) = Grad.Of((double[,] x, double[] y) => Dot(AddColumn(x, y), w))(m, c);
        Assert.Equal(tm, am);
        for (int i = 0; i < rows; i++) Assert.Equal(tc[i], ac[i], 1e-14); // row sums in another order
        Assert.Equal(Grad.Of((double[,] x) => SumOfSquares(Row(Transpose(x), column)))(m), Grad.Of((double[,] x) => SumOfSquares(Column(x, column)))(m));
        Assert.Equal(Grad.Of((double[,] x) => SumOfSquares(Slice(Flatten(x), row * x.GetLength(1), x.GetLength(1))))(m),
                     Grad.Of((double[,] x) => SumOfSquares(Row(x, row)))(m));
        // ScaleRows(m, s)ᵢⱼ = mᵢⱼ·sᵢ = Multiply(m, s broadcast over the columns).
        var (dm, ds) = Grad.Of((double[,] x, double[] s) => Dot(ScaleRows(x, s), w))(m, c);
        var (em, es) = Grad.Of((double[,] x, double[] s) => Dot(Multiply(x, AddColumn(new double[rows, columns], s)), w))(m, c);
        Assert.Equal(em, dm);
        for (int i = 0; i < rows; i++) Assert.Equal(es[i], ds[i], 1e-14);
    }
}
