using BenchmarkDotNet.Attributes;

namespace ExprGrad.Benchmarks;

/// <summary>
/// B9: Rosenbrock, n = 1000, as a <c>[Differentiable]</c> C# method (<see cref="Rosenbrock.Value"/>, the plain
/// function itself: the generator's tree, inlined into the lambda
/// that calls it) against the same program written by hand as an expression tree (B8's), the hand-written gradient
/// and the plain function. Issue 14's target: the method within 1.1× of the hand-built tree.
/// </summary>
[MemoryDiagnoser]
public class B9DifferentiableRosenbrock
{
    private const int N = 1000;
    private double[] x = [];
    private Func<double[], double[]> method = null!, tree = null!;
    private Func<double[], (double Value, double[] Gradient)> methodValue = null!, treeValue = null!;

    [GlobalSetup]
    public void Setup()
    {
        x = RandomData.Vector(N, seed: N, scale: 1.5);
        method = Grad.Of((double[] v) => Rosenbrock.Value(v));
        methodValue = Grad.ValueAndGradient((double[] v) => Rosenbrock.Value(v));
        tree = Grad.Of(B8ImperativeRosenbrock.Loop());
        treeValue = Grad.ValueAndGradient(B8ImperativeRosenbrock.Loop());

        var expected = Rosenbrock.Gradient(x);
        Agreement.Require(expected, method(x), "Grad.Of of the method");
        Agreement.Require(expected, tree(x), "Grad.Of of the tree");
        var (value, g) = methodValue(x);
        Agreement.Require(Rosenbrock.Value(x), value, "value");
        Agreement.Require(expected, g, "ValueAndGradient of the method");
    }

    [Benchmark]
    public double Plain() => Rosenbrock.Value(x);

    [Benchmark(Baseline = true)]
    public double[] HandWritten() => Rosenbrock.Gradient(x);

    [Benchmark]
    public double[] GradOfMethod() => method(x);

    [Benchmark]
    public double[] GradOfTree() => tree(x);

    [Benchmark]
    public (double, double[]) ValueAndGradientOfMethod() => methodValue(x);

    [Benchmark]
    public (double, double[]) ValueAndGradientOfTree() => treeValue(x);
}
