using static ExprGrad.Ops;

namespace ExprGrad.Tests.Core;

public class GradientBufferTests
{
    [Fact]
    public void BufferedGradientEqualsTheAllocatingOneAndAllocatesNothing()
    {
        System.Linq.Expressions.Expression<Func<double[], double>> rosenbrock = x =>
            Enumerable.Range(0, x.Length - 1).Sum(i => 100 * Math.Pow(x[i + 1] - x[i] * x[i], 2) + Math.Pow(1 - x[i], 2));
        var into = Grad.ValueAndGradientInto(rosenbrock);
        var reference = Grad.ValueAndGradient(rosenbrock);
        double[] x = [.. Enumerable.Range(0, 50).Select(i => Math.Cos(i))];
        var buffer = new double[x.Length];
        Array.Fill(buffer, 123.0); // stale contents must not leak into the result
        var value = into(x, buffer);
        var (expectedValue, expected) = reference(x);
        Assert.Equal(expectedValue, value);
        Assert.Equal(expected, buffer);

        into(x, buffer);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) into(x, buffer);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void MatricesAndUntouchedParametersAreWrittenToo()
    {
        var into = Grad.ValueAndGradientInto((double[,] w, double[] unused) => Sum(MatMul(w, w)));
        var w0 = new double[,] { { 1, 2 }, { 3, 4 } };
        var (dw, du) = (new double[2, 2], new[] { 9.0, 9.0 });
        into(w0, new double[2], dw, du);
        Assert.Equal(Grad.Of((double[,] w) => Sum(MatMul(w, w)))(w0), dw);
        Assert.Equal(new double[2], du);
    }

    [Fact]
    public void WrongBuffersAreRejected()
    {
        var into = Grad.ValueAndGradientInto((double[] x) => x[0]);
        Assert.Throws<ArgumentException>("dx", () => into([1, 2], new double[3]));
        Assert.Throws<ArgumentNullException>("dx", () => into([1, 2], null!));
        Assert.Throws<ArgumentNullException>("f", () => Grad.ValueAndGradientInto<double[]>(null!));
    }
}
