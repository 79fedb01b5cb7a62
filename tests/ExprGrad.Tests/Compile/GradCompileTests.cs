using System.Linq.Expressions;
using ExprGrad.Tests.Support;

namespace ExprGrad.Tests.Compile;

/// <summary>Grad.Compile: the function itself, built by the gradient's pipeline. Each expected value is the same
/// function evaluated by .NET's own Expression.Compile(), or a closed form worked out in the test.</summary>
public class GradCompileTests
{
    [Fact]
    public void ScalarFunctionOfThreeParametersGivesItsValue()
    {
        var f = Grad.Compile((double x, double y, double z) => (x + y) * z);
        Assert.Equal(-12.0, f(-2, 5, -4));   // (−2 + 5)·(−4)
    }

    [Fact]
    public void IndexSumRunsAsALoopAndMatchesTheClosedForm()
    {
        // Σ_{i<n} (i+1)·x_i² at x_i = 1 is Σ (i+1) = n(n+1)/2.
        var f = Grad.Compile((double[] x) => Ops.Sum(x.Length, i => (i + 1) * x[i] * x[i]));
        Assert.Equal(1000.0 * 1001 / 2, f(Enumerable.Repeat(1.0, 1000).ToArray()));
    }

    [Fact]
    public void ClosureDataIsReadAtEachCall()
    {
        double scale = 2;
        var f = Grad.Compile((double x) => scale * x);
        Assert.Equal(6.0, f(3));
        scale = 5;
        Assert.Equal(15.0, f(3));
    }

    [Fact]
    public void MatrixAndScanProgramsAgreeWithDotNetsCompiler()
    {
        Expression<Func<double[,], double[], double>> f = (W, x) =>
            Ops.Sum(Ops.Tanh(Ops.MatMul(W, Ops.Reshape(x, x.Length, 1)))) + Ops.Scan(5, x[0], (s, t) => Math.Sin(s) + t * x[1])[5];
        var W = new double[,] { { 0.5, -1 }, { 2, 0.25 } };
        var x = new[] { 0.3, -0.7 };
        Assert.Equal(f.Compile()(W, x), Grad.Compile(f)(W, x), 14);
    }

    [Fact]
    public void ValueIsTheSameAsValueAndGradientsToTheBit()
    {
        Expression<Func<double[], double, double>> f = (w, b) =>
            Enumerable.Range(0, w.Length).Sum(i => Math.Log(1 + Math.Exp(-(w[i] * (i - 2) + b)))) + 0.1 * Ops.SumOfSquares(w);
        var w = new[] { 0.1, -0.4, 0.9, 1.3 };
        Assert.Equal(Grad.ValueAndGradient(f)(w, 0.25).Value, Grad.Compile(f)(w, 0.25));
    }

    private sealed class Line { public double Slope { get; set; } public double Intercept { get; set; } }

    [Fact]
    public void ParameterSetsAreAccepted()
    {
        // Squared residuals of y = 2x + 1 at slope 1, intercept 0: (x + 1)² summed over x = 0, 1, 2 is 1 + 4 + 9.
        double[] xs = [0, 1, 2];
        var f = Grad.Compile((Line p) => Ops.Sum(xs.Length, i => Math.Pow(2 * xs[i] + 1 - (p.Slope * xs[i] + p.Intercept), 2)));
        Assert.Equal(14.0, f(new Line { Slope = 1, Intercept = 0 }));
    }

    [Fact]
    public void ScalarIntermediatesAllocateNothing()
    {
        var f = Grad.Compile((double[] x) => Ops.Sum(x.Length, i => Math.Exp(-x[i] * x[i])));
        var x = new double[256];
        f(x);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 100; k++) f(x);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void BadInputGivesTypedExceptions()
    {
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Grad.Compile((Expression<Func<double, double>>)null!)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentException>(() => Grad.Compile((string s) => (double)s.Length)).ParamName);
        var f = Grad.Compile((double[] x) => x[0] * x[1]);
        Assert.Throws<ArgumentNullException>(() => f(null!));
    }
}
