namespace ExprGrad.Tests.Core;

/// <summary>Closures, arrays, argument checking.</summary>
public class CaptureAndArgumentsTests
{
    [Fact]
    public void ClosureVariablesAreReadAtCallTime()
    {
        double scale = 2;
        double[] data = [1, 2, 3];
        var grad = Grad.Of((double w) => scale * w * data[1]);
        Assert.Equal(4.0, grad(10));
        scale = 5;
        data[1] = 7;
        Assert.Equal(35.0, grad(10));
        data = [0, 1];
        Assert.Equal(5.0, grad(10));
    }

    [Fact]
    public void ArrayElementsWithConstantAndComputedIndexAndLength()
    {
        int offset = 1;
        var grad = Grad.Of((double[] x) => x[0] * x[x.Length - 1] + x[offset + 1] * x.Length);
        Assert.Equal(new[] { 4.0, 0.0, 4.0, 1.0 }, grad([1, 2, 3, 4]));
    }

    [Fact]
    public void IndexComputedFromAValueCarriesNoGradient()
    {
        var grad = Grad.Of((double[] x) => x[(int)Math.Floor(x[0])] * 2);
        // x[0] = 1.5 selects x[1]: the index itself is piecewise constant.
        Assert.Equal(new[] { 0.0, 2.0, 0.0 }, grad([1.5, 3, 4]));
    }

    [Fact]
    public void MatrixElementsHaveGradientOfTheMatrixShape()
    {
        var grad = Grad.Of((double[,] m, double[] v) => m[0, 1] * v[0] + m[1, 0] * m[1, 0]);
        var (dm, dv) = grad(new double[,] { { 1, 2 }, { 3, 4 } }, [5]);
        Assert.Equal(new double[,] { { 0, 5 }, { 6, 0 } }, dm);
        Assert.Equal(new[] { 2.0 }, dv);
    }

    [Fact]
    public void NullFunctionAndNullArgumentsThrowArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>("f", () => Grad.Of<double>(null!));
        Assert.Throws<ArgumentNullException>("f", () => Grad.ValueAndGradient<double, double>(null!));
        var grad = Grad.Of((double[] values) => values[0]);
        Assert.Throws<ArgumentNullException>("values", () => grad(null!));
    }

    [Fact]
    public void UnsupportedParameterTypeIsAnArgumentException()
    {
        var e = Assert.Throws<ArgumentException>("f", () => Grad.Of((int n) => n * 2.0));
        Assert.Contains("'n'", e.Message);
    }
}
