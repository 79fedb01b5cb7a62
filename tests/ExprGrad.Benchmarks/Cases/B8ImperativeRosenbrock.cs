using System.Linq.Expressions;
using BenchmarkDotNet.Attributes;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Benchmarks;

/// <summary>
/// B8: Rosenbrock, n = 1000, as an imperative expression tree — an accumulator, an index variable and a
/// <c>Loop</c> with <c>break</c>, the shape hand-built trees and F# <c>while</c> loops take — against the same
/// hand-written gradient and plain function as B1.
/// </summary>
[MemoryDiagnoser]
public class B8ImperativeRosenbrock
{
    private const int N = 1000;
    private double[] x = [];
    private Func<double[], double[]> gradient = null!;
    private Func<double[], (double Value, double[] Gradient)> valueAndGradient = null!;

    [GlobalSetup]
    public void Setup()
    {
        x = RandomData.Vector(N, seed: N, scale: 1.5);
        var f = Loop();
        gradient = Grad.Of(f);
        valueAndGradient = Grad.ValueAndGradient(f);

        var expected = Rosenbrock.Gradient(x);
        Agreement.Require(expected, gradient(x), "Grad.Of");
        var (value, g) = valueAndGradient(x);
        Agreement.Require(Rosenbrock.Value(x), value, "value");
        Agreement.Require(expected, g, "ValueAndGradient");
        Agreement.Require(Rosenbrock.Value(x), f.Compile()(x), "compiled function");
    }

    /// <summary>
    /// <code>
    /// double acc = 0; int i = 0;
    /// while (true) { if (i &gt;= x.Length − 1) break; double d = x[i+1] − x[i]·x[i], e = 1 − x[i]; acc += 100·d·d + e·e; i++; }
    /// return acc;
    /// </code>
    /// </summary>
    public static Expression<Func<double[], double>> Loop()
    {
        var x = Parameter(typeof(double[]), "x");
        var (acc, i, d, e) = (Variable(typeof(double), "acc"), Variable(typeof(int), "i"), Variable(typeof(double), "d"), Variable(typeof(double), "e"));
        var exit = Label("exit");
        var xi = ArrayIndex(x, i);
        return Lambda<Func<double[], double>>(Block([acc, i],
            Assign(acc, Constant(0.0)),
            Assign(i, Constant(0)),
            Expression.Loop(Block([d, e],
                IfThen(GreaterThanOrEqual(i, Subtract(ArrayLength(x), Constant(1))), Break(exit)),
                Assign(d, Subtract(ArrayIndex(x, Add(i, Constant(1))), Multiply(xi, xi))),
                Assign(e, Subtract(Constant(1.0), xi)),
                AddAssign(acc, Add(Multiply(Multiply(Constant(100.0), d), d), Multiply(e, e))),
                PreIncrementAssign(i)), exit),
            acc), x);
    }

    [Benchmark]
    public double Plain() => Rosenbrock.Value(x);

    [Benchmark(Baseline = true)]
    public double[] HandWritten() => Rosenbrock.Gradient(x);

    [Benchmark]
    public double[] GradOf() => gradient(x);

    [Benchmark]
    public (double, double[]) ValueAndGradient() => valueAndGradient(x);
}
