using BenchmarkDotNet.Attributes;

namespace ExprGrad.Benchmarks;

/// <summary>
/// B25 (issue 16): where sharing a batch between the cores starts to pay. B12's functions at N points, every batch
/// split into 256-row blocks (the threshold lowered to 0 for this class), in wall-clock time: run once on both cores
/// and once pinned (<c>taskset -c 0</c>, where nothing is split), and divide. <c>Batch</c> allocates its N×k result as
/// <c>Grad.Batch</c> must (at B2's five columns a large-object allocation from about N = 2,100); <c>AllocateOnly</c> is that
/// allocation alone, so what is left is the tape's.
/// </summary>
[MemoryDiagnoser]
public class B25BatchBreakEven
{
    private double[,] points = null!;
    private Func<double[,], double[,]> batch = null!;

    /// <summary>Which function: B2 (5 columns) or B3 (2 columns).</summary>
    [Params("B2", "B3")]
    public string Case { get; set; } = "B2";

    /// <summary>Points per call.</summary>
    [Params(512, 1024, 2048, 4096, 16384)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int columns = Case == "B2" ? 5 : 2;
        var split = GradientOptions.Default with { BatchParallelRows = 0 };
        batch = Case == "B2" ? Grad.Batch(B12Batch.Neuron, split) : Grad.Batch(B12Batch.Staged, split);
        points = RandomData.Matrix(N, columns, seed: 25);
        TierUp.Run(() => Batch(), () => AllocateOnly());
    }

    [Benchmark(Baseline = true)]
    public double[,] Batch() => batch(points);

    [Benchmark]
    public double[,] AllocateOnly() => new double[N, points.GetLength(1)];
}
