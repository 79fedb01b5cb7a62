using BenchmarkDotNet.Attributes;

namespace ExprGrad.Benchmarks;

/// <summary>
/// B23: B1's loop form with a hand-written value-and-gradient twin as the baseline. B1 sets
/// <c>ValueAndGradient</c> beside the hand-written gradient alone, which never computes the value; here it stands
/// beside hand code doing the same work (the sum in the same loop as the gradient).
/// </summary>
[MemoryDiagnoser]
public class B23RosenbrockValueAndGradient
{
    private double[] x = [];
    private Func<double[], (double Value, double[] Gradient)> valueAndGradient = null!;

    [Params(10, 100, 1000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        x = RandomData.Vector(N, seed: N, scale: 1.5);
        valueAndGradient = Grad.ValueAndGradient(Rosenbrock.Loop);
        var (value, g) = HandWrittenValueAndGradient();
        Agreement.Require(Rosenbrock.Value(x), value, "hand-written value");
        Agreement.Require(Rosenbrock.Gradient(x), g, "hand-written gradient");
        var (v, vg) = ValueAndGradient();
        Agreement.Require(value, v, "value");
        Agreement.Require(g, vg, "ValueAndGradient");
    }

    [Benchmark]
    public double[] HandWrittenGradient() => Rosenbrock.Gradient(x);

    /// <summary>B1's hand-written gradient with the sum added in its loop.</summary>
    [Benchmark(Baseline = true)]
    public (double, double[]) HandWrittenValueAndGradient()
    {
        var g = new double[x.Length];
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double xi = x[i], d = x[i + 1] - xi * xi, e = 1 - xi;
            sum += 100 * d * d + e * e;
            g[i] += -400 * d * xi - 2 * e;
            g[i + 1] += 200 * d;
        }
        return (sum, g);
    }

    [Benchmark]
    public (double, double[]) ValueAndGradient() => valueAndGradient(x);
}
