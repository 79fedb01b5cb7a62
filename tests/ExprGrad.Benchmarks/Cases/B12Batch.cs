using System.Linq.Expressions;
using BenchmarkDotNet.Attributes;
using static ExprGrad.Ops;

namespace ExprGrad.Benchmarks;

/// <summary>
/// B12 (issue 16): the gradients of B2 (neuron) and B3 (staged f) at N = 4096 points, one call of
/// <c>Grad.Batch</c> against calling <c>Grad.Of</c>'s scalar delegate once per point. Both produce a fresh N×k
/// matrix of gradients per call, as the batch delegate must. One core: <c>taskset -c 0 … --cpu B12</c> (the
/// batch then stays on its thread); both cores: the same without taskset, in wall-clock time (thread CPU
/// time would leave out the second core's work). <c>BatchInto</c> and <c>ScalarLoopInto</c> write into one N×k
/// matrix allocated once (B2's is 160 KB, a large-object allocation whose fresh pages fault at every call).
/// </summary>
[MemoryDiagnoser]
public class B12Batch
{
    private const int N = 4096;

    internal static readonly Expression<Func<double, double, double, double, double, double>> Neuron =
        (w0, x0, w1, x1, w2) => 1 / (1 + Math.Exp(-(w0 * x0 + w1 * x1 + w2)));

    internal static readonly Expression<Func<double, double, double>> Staged =
        (x, y) => (x + Sigmoid(y)) / (Sigmoid(x) + (x + y) * (x + y));

    private double[,] points = null!;
    private Func<double[,], double[,]> batch = null!;
    private Func<double[,], double[,]> loop = null!;
    private Action<double[,], double[,]> batchInto = null!;
    private Action<double[,], double[,]> loopInto = null!;
    private double[,] gradients = null!;

    /// <summary>Which function: B2 or B3.</summary>
    [Params("B2", "B3")]
    public string Case { get; set; } = "B2";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(16);
        if (Case == "B2")
        {
            var gradient = Grad.Of(Neuron);
            batch = Grad.Batch(Neuron);
            batchInto = Grad.BatchInto(Neuron);
            points = Points(random, 5);
            loopInto = (x, g) =>
            {
                for (int i = 0; i < N; i++)
                    (g[i, 0], g[i, 1], g[i, 2], g[i, 3], g[i, 4]) = gradient(x[i, 0], x[i, 1], x[i, 2], x[i, 3], x[i, 4]);
            };
        }
        else
        {
            var gradient = Grad.Of(Staged);
            batch = Grad.Batch(Staged);
            batchInto = Grad.BatchInto(Staged);
            points = Points(random, 2);
            loopInto = (x, g) =>
            {
                for (int i = 0; i < N; i++) (g[i, 0], g[i, 1]) = gradient(x[i, 0], x[i, 1]);
            };
        }
        // The allocating loop is the buffer loop into a fresh matrix: one loop body, two ways of providing the result.
        loop = x =>
        {
            var g = new double[N, x.GetLength(1)];
            loopInto(x, g);
            return g;
        };
        gradients = new double[N, points.GetLength(1)];
        Agreement.Require(Flat(loop(points)), Flat(batch(points)), "Grad.Batch");
        Agreement.Require(Flat(batch(points)), Flat(BatchInto()), "Grad.BatchInto");
        TierUp.Run(() => ScalarLoop(), () => Batch(), () => ScalarLoopInto(), () => BatchInto());
    }

    /// <summary>The scalar delegate in a loop over the rows.</summary>
    [Benchmark(Baseline = true)]
    public double[,] ScalarLoop() => loop(points);

    [Benchmark]
    public double[,] Batch() => batch(points);

    /// <summary>The scalar delegate in a loop over the rows, into the buffer.</summary>
    [Benchmark]
    public double[,] ScalarLoopInto()
    {
        loopInto(points, gradients);
        return gradients;
    }

    [Benchmark]
    public double[,] BatchInto()
    {
        batchInto(points, gradients);
        return gradients;
    }

    private static double[,] Points(Random random, int columns)
    {
        var m = new double[N, columns];
        for (int i = 0; i < N; i++)
            for (int j = 0; j < columns; j++) m[i, j] = random.NextDouble() * 4 - 2;
        return m;
    }

    private static double[] Flat(double[,] m) => [.. m.Cast<double>()];
}
