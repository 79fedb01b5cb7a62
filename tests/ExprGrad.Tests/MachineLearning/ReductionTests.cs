using FsCheck.Xunit;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.MachineLearning;

/// <summary>
/// Mean, Max, Min, SumRows, MeanRows, MaxRows and SumColumns: values and gradients derived by hand, the tie
/// convention (k tied elements get 1/k each, which is Math.Max's ½/½ for two), empty inputs, and laws relating
/// them. Random shapes, forward mode and second order are covered by the registry's generated tests.
/// </summary>
public class ReductionTests
{
    [Fact]
    public void MeanOfAVectorAndOfAMatrix()
    {
        // (1 + 2 + 3 + 6)/4 = 3, each element weighs 1/4; a 2×3 matrix's elements weigh 1/6.
        var (value, gradient) = Grad.ValueAndGradient((double[] a) => Mean(a))([1, 2, 3, 6]);
        Assert.Equal(3, value);
        Assert.Equal([0.25, 0.25, 0.25, 0.25], gradient);
        var m = new double[,] { { 1, 2, 3 }, { 4, 5, 6 } };
        Assert.Equal(3.5, Mean(m));
        var sixth = 1.0 / 6;
        Assert.Equal(new double[,] { { sixth, sixth, sixth }, { sixth, sixth, sixth } }, Grad.Of((double[,] x) => Mean(x))(m));
        Assert.True(double.IsNaN(Mean(Array.Empty<double>())));
    }

    [Fact]
    public void MaxAndMinSplitTiesEvenly()
    {
        // max(1, 3, 3) = 3: the two 3s share the gradient, ½ each; min(2, 2, 2): ⅓ each.
        Assert.Equal([0, 0.5, 0.5], Grad.Of((double[] a) => Max(a))([1, 3, 3]));
        Assert.Equal([0.5, 0, 0.5], Grad.Of((double[] a) => Min(a))([-1, 4, -1]));
        var third = 1.0 / 3;
        Assert.Equal([third, third, third], Grad.Of((double[] a) => Min(a))([2, 2, 2]));
        Assert.Equal(new double[,] { { 0, 0.5 }, { 0.5, 0 } }, Grad.Of((double[,] m) => Max(m))(new double[,] { { 1, 7 }, { 7, -3 } }));
    }

    [Fact]
    public void MaxOfCopiesOfOneValueHasDerivativeOneAsMathMaxDoes()
    {
        // max(x, x, x) = x: the three thirds add up to 1, as Math.Max(x, x)'s two halves do.
        Assert.Equal(1, Grad.Of((double x) => Max(new[] { x, x, x }))(2));
        Assert.Equal(1, Grad.Of((double x) => Math.Max(x, x))(2));
    }

    [Property(Replay = "(314159,271829)", MaxTest = 200)]
    public void OnTwoElementsMaxAndMinAreMathMaxAndMathMin(sbyte a, sbyte b)
    {
        // Small integers tie often, so both the split and the one-sided cases are met.
        double x = a % 4, y = b % 4;
        Assert.Equal(Grad.Of((double p, double q) => Math.Max(p, q))(x, y), Grad.Of((double p, double q) => Max(new[] { p, q }))(x, y));
        Assert.Equal(Grad.Of((double p, double q) => Math.Min(p, q))(x, y), Grad.Of((double p, double q) => Min(new[] { p, q }))(x, y));
    }

    [Fact]
    public void SignedZerosTie()
    {
        // −0 and +0 are equal: both share the maximum, as Math.Max(−0.0, 0.0) splits ½/½.
        Assert.Equal([0.5, 0.5], Grad.Of((double[] a) => Max(a))([-0.0, 0.0]));
    }

    [Fact]
    public void MaxAndMinPropagateNaN()
    {
        Assert.True(double.IsNaN(Max([1.0, double.NaN])));
        Assert.All(Grad.Of((double[] a) => Max(a))([1.0, double.NaN]), d => Assert.True(double.IsNaN(d)));
        Assert.All(Grad.Of((double[] a) => Min(a))([double.NaN, 1.0]), d => Assert.True(double.IsNaN(d)));
    }

    [Fact]
    public void EmptyArraysHaveNoExtremum()
    {
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => Max(Array.Empty<double>())).ParamName);
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => Min(new double[2, 0])).ParamName);
        Assert.Equal("m", Assert.Throws<ArgumentException>(() => MaxRows(new double[2, 0])).ParamName);
        Assert.Empty(MaxRows(new double[0, 3]));
        // Inside a gradient the check runs too, even where the value is not used (dead-store elimination keeps it).
        Assert.Throws<ArgumentException>(() => Grad.Of((double[] a) => Let(Max(a), unused => Sum(a)))([]));
        Assert.Throws<ArgumentException>(() => Grad.Of((double[,] m) => Let(MaxRows(m), unused => Sum(m)))(new double[1, 0]));
    }

    [Fact]
    public void RowAndColumnReductions()
    {
        // Row sums (6, 15), row means (2, 5), column sums (5, 7, 9), row maxima (3, 6).
        var m = new double[,] { { 1, 2, 3 }, { 4, 5, 6 } };
        Assert.Equal([6.0, 15], SumRows(m));
        Assert.Equal([2.0, 5], MeanRows(m));
        Assert.Equal([5.0, 7, 9], SumColumns(m));
        Assert.Equal([3.0, 6], MaxRows(m));
        // ⟨SumRows(m), w⟩ = Σᵢ wᵢ Σⱼ mᵢⱼ: ∂/∂mᵢⱼ = wᵢ; with MeanRows wᵢ/3; ⟨SumColumns(m), v⟩: ∂/∂mᵢⱼ = vⱼ.
        double[] w = [10, 100], v = [1, 2, 3];
        Assert.Equal(new double[,] { { 10, 10, 10 }, { 100, 100, 100 } }, Grad.Of((double[,] x) => Dot(SumRows(x), w))(m));
        AssertClose(new double[,] { { 10.0 / 3, 10.0 / 3, 10.0 / 3 }, { 100.0 / 3, 100.0 / 3, 100.0 / 3 } }, Grad.Of((double[,] x) => Dot(MeanRows(x), w))(m));
        Assert.Equal(new double[,] { { 1, 2, 3 }, { 1, 2, 3 } }, Grad.Of((double[,] x) => Dot(SumColumns(x), v))(m));
    }

    [Fact]
    public void MaxRowsSplitsTiesWithinARow()
    {
        // Row 0 ties at 5 (½·10 each), row 1's maximum is its first element (all 100).
        var m = new double[,] { { 1, 5, 5 }, { 2, 0, -1 } };
        Assert.Equal([5.0, 2], MaxRows(m));
        Assert.Equal(new double[,] { { 0, 5, 5 }, { 100, 0, 0 } }, Grad.Of((double[,] x) => Dot(MaxRows(x), new double[] { 10, 100 }))(m));
    }

    [Fact]
    public void SecondOrderThroughReductions()
    {
        // (m₀₀ + m₀₁)² has Hessian 2 everywhere; ((m₀₀ + m₀₁)/2)² has ½.
        var row = new double[,] { { 1, 2 } };
        Assert.Equal(new double[,] { { 2, 2 }, { 2, 2 } }, Grad.Hessian((double[,] m) => SumOfSquares(SumRows(m)))(row));
        Assert.Equal(new double[,] { { 0.5, 0.5 }, { 0.5, 0.5 } }, Grad.Hessian((double[,] m) => SumOfSquares(MeanRows(m)))(row));
        // max(w)² at (1, 3) is w₁²: Hessian diag(0, 2). At the tie (2, 2) the maximum moves as the mean of the
        // tied elements, M˙ = (ẇ₀ + ẇ₁)/2, so ∇ = 2M·(½, ½) has derivative 2·(½, ½)ᵀ(½, ½) = ½ everywhere.
        Assert.Equal(new double[,] { { 0, 0 }, { 0, 2 } }, Grad.Hessian((double[] w) => Max(w) * Max(w))([1, 3]));
        Assert.Equal(new double[,] { { 0.5, 0.5 }, { 0.5, 0.5 } }, Grad.Hessian((double[] w) => Max(w) * Max(w))([2, 2]));
    }

    [Property(Replay = "(271828,161803)", MaxTest = 100)]
    public void ReductionsAgreeWithTheirDefinitions(byte seed)
    {
        var random = new Random(seed);
        var m = new double[1 + seed % 3, 1 + seed / 3 % 4];
        for (int i = 0; i < m.GetLength(0); i++)
            for (int j = 0; j < m.GetLength(1); j++) m[i, j] = 4 * random.NextDouble() - 2;
        double[] w = [.. Enumerable.Range(0, m.GetLength(0)).Select(_ => random.NextDouble())];
        double[] v = [.. Enumerable.Range(0, m.GetLength(1)).Select(_ => random.NextDouble())];
        // SumColumns(m) = SumRows(mᵀ); MeanRows = SumRows / columns; Mean = Sum / count; Min(a) = −Max(−a).
        Assert.Equal(Grad.Of((double[,] x) => Dot(SumRows(Transpose(x)), v))(m), Grad.Of((double[,] x) => Dot(SumColumns(x), v))(m));
        AssertClose(Grad.Of((double[,] x) => Dot(SumRows(x), w) / x.GetLength(1))(m), Grad.Of((double[,] x) => Dot(MeanRows(x), w))(m));
        AssertClose(Grad.Of((double[,] x) => Sum(x) / x.Length)(m), Grad.Of((double[,] x) => Mean(x))(m));
        Assert.Equal(Grad.Of((double[,] x) => -Max(Scale(-1, x)))(m), Grad.Of((double[,] x) => Min(x))(m));
    }

    private static void AssertClose(double[,] expected, double[,] actual)
    {
        Assert.Equal(expected.GetLength(0), actual.GetLength(0));
        Assert.Equal(expected.GetLength(1), actual.GetLength(1));
        foreach (var (e, a) in expected.Cast<double>().Zip(actual.Cast<double>())) Assert.Equal(e, a, 1e-13);
    }
}
