using System.Linq.Expressions;
using BenchmarkDotNet.Attributes;

namespace ExprGrad.Benchmarks;

/// <summary>
/// B13: the function alone (issue 17's <c>Grad.Compile</c>): B4's logistic loss (N = 1000, d = 20, data read through
/// a closure) through Grad.Compile, through .NET's Expression.Compile() (a delegate call per Ops.Sum term), the
/// plain C# loops (baseline) and, for scale, ExprGrad's value and gradient. Target: Grad.Compile as fast as the
/// forward part of the gradient, i.e. near the plain loops.
/// </summary>
[MemoryDiagnoser]
public class B13Compile
{
    private readonly B4LogisticRegression reference = new();
    private Func<double[], double> compiled = null!, dotnetCompiled = null!;
    private Func<double[], (double Value, double[] Gradient)> valueAndGradient = null!;
    private double[] w = [];

    [GlobalSetup]
    public void Setup()
    {
        reference.Setup();
        var (data, labels) = (RandomData.Matrix(1000, 20, seed: 4), RandomData.Vector(1000, seed: 5).Select(v => v >= 0 ? 1.0 : -1.0).ToArray());
        w = RandomData.Vector(20, seed: 6, scale: 0.5);
        Expression<Func<double[], double>> loss = v =>
            Ops.Sum(labels.Length, n => Math.Log(1 + Math.Exp(-labels[n] * Ops.Sum(v.Length, j => v[j] * data[n, j]))));
        compiled = Grad.Compile(loss);
        dotnetCompiled = loss.Compile();
        valueAndGradient = Grad.ValueAndGradient(loss);

        var expected = reference.Plain();
        Agreement.Require(expected, compiled(w), "Grad.Compile");
        Agreement.Require(expected, dotnetCompiled(w), "Expression.Compile()");
        Agreement.Require(expected, valueAndGradient(w).Value, "ValueAndGradient's value");
    }

    [Benchmark(Baseline = true)]
    public double Plain() => reference.Plain();

    [Benchmark]
    public double GradCompile() => compiled(w);

    [Benchmark]
    public double ExpressionCompile() => dotnetCompiled(w);

    [Benchmark]
    public (double, double[]) ValueAndGradient() => valueAndGradient(w);
}
