using System.Linq.Expressions;
using BenchmarkDotNet.Attributes;
using static ExprGrad.Ops;

namespace ExprGrad.Benchmarks;

/// <summary>
/// B6: the notes' ReLU RNN h_t = ReLU(w·h_{t−1} + v·y_{t−1}), ŷ_t = ReLU(u·h_t), h_0 = 0,
/// L = Σ_{t=1..T} (y_t − ŷ_t)², T = 1000, gradient over (u, v, w) through <see cref="Ops.Scan"/>.
/// Longer sequences, to see how memory grows with T (checkpointing), by environment variable:
/// <c>EXPRGRAD_B6_T=1000,10000,100000 dotnet run -c Release --project tests/ExprGrad.Benchmarks -- --filter '*B6*'</c>.
/// </summary>
[MemoryDiagnoser]
public class B6ReluRnn
{
    private double[] y = [];
    private double u = 0.7, v = 0.5, w = 0.9;
    private Func<double, double, double, (double, double, double)> gradient = null!;
    private Func<double, double, double, (double Value, (double, double, double) Gradient)> valueAndGradient = null!;
    private Func<double, double, double, (double, double, double)> fastGradient = null!;

    /// <summary>The sequence length; 1000 unless <c>EXPRGRAD_B6_T</c> lists others (comma-separated).</summary>
    [ParamsSource(nameof(Lengths))]
    public int T { get; set; } = 1000;

    public static IEnumerable<int> Lengths() =>
        Environment.GetEnvironmentVariable("EXPRGRAD_B6_T") is { Length: > 0 } list
            ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)
            : [1000];

    [GlobalSetup]
    public void Setup()
    {
        // Seeded: the first 1001 values are the same for every T.
        y = RandomData.Vector(T + 1, seed: 7, scale: 2);
        var loss = Loss();
        gradient = Grad.Of(loss);
        valueAndGradient = Grad.ValueAndGradient(loss);
        fastGradient = FastBackend.Gradient<Func<double, double, double, (double, double, double)>>(loss);

        var (eu, ev, ew) = HandWritten();
        var (gu, gv, gw) = gradient(u, v, w);
        Agreement.Require([eu, ev, ew], [gu, gv, gw], "Grad.Of");
        var (value, (vu, vv, vw)) = valueAndGradient(u, v, w);
        Agreement.Require(Plain(), value, "value");
        Agreement.Require([eu, ev, ew], [vu, vv, vw], "ValueAndGradient");
        Agreement.Require(Plain(), loss.Compile()(u, v, w), "compiled function");
        Agreement.Require([eu, ev, ew], [fastGradient(u, v, w).Item1, fastGradient(u, v, w).Item2, fastGradient(u, v, w).Item3], "CompileFast");
    }

    private Expression<Func<double, double, double, double>> Loss()
    {
        var ys = y;
        int T = this.T;   // a closure local, as users write it, not a read of this benchmark's property
        return (u, v, w) => Let(Scan(T, 0.0, (h, t) => Relu(w * h + v * ys[t])), hs =>
            Sum(T, t => (ys[t + 1] - Relu(u * hs[t + 1])) * (ys[t + 1] - Relu(u * hs[t + 1]))));
    }

    [Benchmark]
    public double Plain()
    {
        int T = this.T;
        double h = 0, loss = 0;
        for (int t = 1; t <= T; t++)
        {
            h = Math.Max(w * h + v * y[t - 1], 0);
            double r = y[t] - Math.Max(u * h, 0);
            loss += r * r;
        }
        return loss;
    }

    /// <summary>Backpropagation through time: store the states forward, then one backward loop carrying
    /// ∂L/∂h_t; a ReLU passes the gradient where its output is positive.</summary>
    [Benchmark(Baseline = true)]
    public (double, double, double) HandWritten()
    {
        int T = this.T;
        var h = new double[T + 1];
        for (int t = 1; t <= T; t++) h[t] = Math.Max(w * h[t - 1] + v * y[t - 1], 0);
        double du = 0, dv = 0, dw = 0, dhNext = 0;
        for (int t = T; t >= 1; t--)
        {
            double o = u * h[t];
            double dOut = o > 0 ? -2 * (y[t] - o) : 0;
            du += dOut * h[t];
            double dh = dOut * u + dhNext;
            double da = h[t] > 0 ? dh : 0;
            dw += da * h[t - 1];
            dv += da * y[t - 1];
            dhNext = da * w;
        }
        return (du, dv, dw);
    }

    [Benchmark]
    public (double, double, double) GradOf() => gradient(u, v, w);

    [Benchmark]
    public (double, (double, double, double)) ValueAndGradient() => valueAndGradient(u, v, w);

    [Benchmark]
    public (double, double, double) GradOfCompileFast() => fastGradient(u, v, w);
}
