using BenchmarkDotNet.Attributes;
using ExprGrad.Benchmarks.FSharp;

namespace ExprGrad.Benchmarks;

/// <summary>
/// B11: Rosenbrock, n = 1000, as an F# quotation in loop form (<c>let mutable</c> accumulator, <c>for i in 0 ..
/// x.Length - 2</c>) through <c>ExprGrad.FSharp.grad</c>, against the same program as a C# expression tree
/// (B8's <c>Loop()</c>) through <c>Grad.Of</c>, the baseline: the F# front's loop lowering should cost nothing.
/// </summary>
[MemoryDiagnoser]
public class B11FSharpLoopRosenbrock
{
    private const int N = 1000;
    private double[] x = [];
    private Func<double[], double[]> tree = null!;
    private Func<double[], (double Value, double[] Gradient)> treeWithValue = null!;
    private Func<double[], double[]> quotation = null!;
    private Func<double[], (double, double[])> quotationWithValue = null!;

    [GlobalSetup]
    public void Setup()
    {
        x = RandomData.Vector(N, seed: N, scale: 1.5);
        tree = Grad.Of(B8ImperativeRosenbrock.Loop());
        treeWithValue = Grad.ValueAndGradient(B8ImperativeRosenbrock.Loop());
        quotation = RosenbrockLoop.Gradient();
        quotationWithValue = RosenbrockLoop.ValueAndGradient();

        var expected = Rosenbrock.Gradient(x);
        Agreement.Require(expected, tree(x), "C# tree");
        Agreement.Require(expected, quotation(x), "F# quotation");
        var (value, g) = quotationWithValue(x);
        Agreement.Require(Rosenbrock.Value(x), value, "F# value");
        Agreement.Require(expected, g, "F# valueAndGrad");
    }

    [Benchmark]
    public double Plain() => Rosenbrock.Value(x);

    [Benchmark(Baseline = true)]
    public double[] CSharpTreeGradOf() => tree(x);

    [Benchmark]
    public double[] FSharpGrad() => quotation(x);

    [Benchmark]
    public (double, double[]) CSharpTreeValueAndGradient() => treeWithValue(x);

    [Benchmark]
    public (double, double[]) FSharpValueAndGrad() => quotationWithValue(x);
}
