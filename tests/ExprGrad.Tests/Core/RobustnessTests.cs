using System.Linq.Expressions;

namespace ExprGrad.Tests.Core;

/// <summary>Deep trees, many threads, no per-call allocation.</summary>
public class RobustnessTests
{
    private static readonly System.Reflection.MethodInfo Sin = typeof(Math).GetMethod(nameof(Math.Sin), [typeof(double)])!;

    [Fact]
    public void FiftyThousandDeepTreeDifferentiatesAndRuns()
    {
        // f = sin(sin(…sin(x)…)), 50,000 deep: f' = Π cos(s_k), computed here by the chain rule directly.
        const int depth = 50_000;
        var x = Expression.Parameter(typeof(double), "x");
        Expression body = x;
        for (int i = 0; i < depth; i++) body = Expression.Call(Sin, body);
        var vg = Grad.ValueAndGradient(Expression.Lambda<Func<double, double>>(body, x));

        double s = 0.3, derivative = 1;
        for (int i = 0; i < depth; i++)
        {
            derivative *= Math.Cos(s);
            s = Math.Sin(s);
        }
        var (value, gradient) = vg(0.3);
        Assert.Equal(s, value, 12);
        Assert.Equal(derivative, gradient, 1e-15);
        Assert.True(gradient > 0);
    }

    [Fact]
    public void FiftyThousandDeepLeftSpineOfAdditions()
    {
        const int depth = 50_000;
        var x = Expression.Parameter(typeof(double), "x");
        Expression body = x;
        for (int i = 0; i < depth; i++) body = Expression.Add(body, Expression.Multiply(x, Expression.Constant(2.0)));
        var grad = Grad.Of(Expression.Lambda<Func<double, double>>(body, x));
        Assert.Equal(1 + 2.0 * depth, grad(1.5));
    }

    [Fact]
    public void ConcurrentCallsAgreeWithSequentialOnes()
    {
        var grad = Grad.Of((double[] x) => Enumerable.Range(0, x.Length - 1).Sum(i => Math.Sin(x[i]) * x[i + 1]));
        var inputs = Enumerable.Range(0, 64).Select(k => Enumerable.Range(0, 20).Select(i => Math.Cos(k + i)).ToArray()).ToArray();
        var expected = inputs.Select(grad).ToArray();
        var actual = new double[inputs.Length][];
        Parallel.For(0, inputs.Length * 20, new ParallelOptions { MaxDegreeOfParallelism = 4 }, n =>
        {
            var k = n % inputs.Length;
            actual[k] = grad(inputs[k]);
        });
        for (int k = 0; k < inputs.Length; k++) Assert.Equal(expected[k], actual[k]);
    }

    [Fact]
    public void ScalarGradientAllocatesNothingPerCall()
    {
        var grad = Grad.Of((double x, double y, double z) => (x + Ops.Sigmoid(y)) / (Ops.Sigmoid(x) + (x + y) * (x + y)) * z);
        var vg = Grad.ValueAndGradient((double x, double y) => x > y ? Math.Exp(x * y) : Math.Max(x, y) * Math.Log(1 + y * y));
        grad(1, 2, 3);
        vg(1, 2);
        long before = GC.GetAllocatedBytesForCurrentThread();
        double sink = 0;
        for (int i = 0; i < 1000; i++)
        {
            sink += grad(i * 1e-3, 2, 3).Item1;
            sink += vg(i * 1e-3, 0.5).Value;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.False(double.IsNaN(sink));
    }
}
