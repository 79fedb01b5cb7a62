using BenchmarkDotNet.Attributes;

namespace ExprGrad.Benchmarks;

/// <summary>B1: Rosenbrock as an <c>Enumerable.Range().Sum</c> loop and unrolled into one tree.</summary>
[MemoryDiagnoser]
public class B1Rosenbrock
{
    private double[] x = [];
    private Func<double[], double[]> gradient = null!;
    private Func<double[], (double Value, double[] Gradient)> valueAndGradient = null!;
    private Func<double[], double[]> powGradient = null!;
    private Func<double[], double[]> unrolledGradient = null!;
    private Func<double[], double[]> unrolledWholeGradient = null!;

    [Params(10, 100, 1000)]
    public int N { get; set; }

    private Func<double[], double[]> fastGradient = null!;

    [GlobalSetup]
    public void Setup()
    {
        x = RandomData.Vector(N, seed: N, scale: 1.5);
        gradient = Grad.Of(Rosenbrock.Loop);
        valueAndGradient = Grad.ValueAndGradient(Rosenbrock.Loop);
        fastGradient = FastBackend.Gradient<Func<double[], double[]>>(Rosenbrock.Loop);
        powGradient = Grad.Of(Rosenbrock.LoopWithPow);
        unrolledGradient = Grad.Of(Rosenbrock.Unrolled(N));
        unrolledWholeGradient = Grad.Of(Rosenbrock.Unrolled(N), GradientOptions.Default with { SplitLargeMethods = false });

        var expected = Rosenbrock.Gradient(x);
        Agreement.Require(expected, gradient(x), "Grad.Of");
        var (value, g) = valueAndGradient(x);
        Agreement.Require(Rosenbrock.Value(x), value, "value");
        Agreement.Require(expected, g, "ValueAndGradient");
        Agreement.Require(expected, powGradient(x), "Grad.Of with Pow");
        Agreement.Require(expected, unrolledGradient(x), "Grad.Of unrolled");
        Agreement.Require(expected, unrolledWholeGradient(x), "Grad.Of unrolled, one method");
        Agreement.Require(Rosenbrock.Value(x), Rosenbrock.Loop.Compile()(x), "compiled function");
        Agreement.Require(expected, fastGradient(x), "CompileFast");
    }

    [Benchmark]
    public double Plain() => Rosenbrock.Value(x);

    [Benchmark(Baseline = true)]
    public double[] HandWritten() => Rosenbrock.Gradient(x);

    [Benchmark]
    public double[] GradOf() => gradient(x);

    [Benchmark]
    public (double, double[]) ValueAndGradient() => valueAndGradient(x);

    [Benchmark]
    public double[] GradOfCompileFast() => fastGradient(x);

    [Benchmark]
    public double[] GradOfPow() => powGradient(x);

    [Benchmark]
    public double[] GradOfUnrolled() => unrolledGradient(x);

    /// <summary>The unrolled tree as one method (<see cref="GradientOptions.SplitLargeMethods"/> off), as before issue 16.</summary>
    [Benchmark]
    public double[] GradOfUnrolledWhole() => unrolledWholeGradient(x);
}
