using static ExprGrad.Ops;

namespace ExprGrad.Tests.Regressions;

/// <summary>Issue 10, observation 3: gradient buffers that are the same array as an input or as another
/// buffer used to return silently wrong numbers (and overwrite the input).</summary>
public class BufferAliasingRegressions
{
    [Fact]
    public void GradientBufferAliasedToItsInputIsRejectedAndTheInputIsUntouched()
    {
        // Before the fix: into(w, w) returned 0 and zeroed w.
        var into = Grad.ValueAndGradientInto((double[] w) => Dot(w, w));
        double[] w = [1, 2, 3];
        var e = Assert.Throws<ArgumentException>("dw", () => into(w, w));
        Assert.Contains("'w'", e.Message);
        Assert.Equal([1.0, 2, 3], w);
    }

    [Fact]
    public void TwoGradientBuffersThatAreTheSameArrayAreRejected()
    {
        var into = Grad.ValueAndGradientInto((double[] a, double[] b) => Dot(a, a) + 3 * Sum(b));
        double[] a = [1, 2], b = [5, 7], shared = new double[2];
        var e = Assert.Throws<ArgumentException>("db", () => into(a, b, shared, shared));
        Assert.Contains("'da'", e.Message);
    }

    [Fact]
    public void GradientBufferAliasedToAnotherParameterIsRejected()
    {
        var into = Grad.ValueAndGradientInto((double[] a, double[] b) => Dot(a, b));
        double[] a = [1, 2], b = [5, 7];
        var e = Assert.Throws<ArgumentException>("da", () => into(a, b, b, new double[2]));
        Assert.Contains("'b'", e.Message);
        Assert.Equal([5.0, 7], b);
    }

    [Fact]
    public void MatrixBufferAliasedToItsInputIsRejected()
    {
        var into = Grad.ValueAndGradientInto((double[,] m) => SumOfSquares(m));
        var m = new double[,] { { 1, 2 }, { 3, 4 } };
        Assert.Throws<ArgumentException>("dm", () => into(m, m));
        Assert.Equal(new double[,] { { 1, 2 }, { 3, 4 } }, m);
    }

    [Fact]
    public void InputsAliasedToEachOtherWithDistinctBuffersGiveEachPartialAndTheirSumIsTheTotalDerivative()
    {
        // f(a, b) = Σ a_i² b_i: ∂f/∂a_i = 2 a_i b_i, ∂f/∂b_i = a_i². At a = b = w = (1, 2, 3):
        // da = (2, 8, 18), db = (1, 4, 9), and da + db = 3 w_i² = (3, 12, 27) = d/dw Σ w_i³.
        var into = Grad.ValueAndGradientInto((double[] a, double[] b) => Sum(a.Length, i => a[i] * a[i] * b[i]));
        double[] w = [1, 2, 3], da = new double[3], db = new double[3];
        var value = into(w, w, da, db);
        Assert.Equal(1 + 8 + 27, value);
        Assert.Equal([2.0, 8, 18], da);
        Assert.Equal([1.0, 4, 9], db);
        Assert.Equal([3.0, 12, 27], da.Zip(db, (x, y) => x + y));
        Assert.Equal([1.0, 2, 3], w);
    }
}
