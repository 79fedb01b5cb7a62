using BenchmarkDotNet.Attributes;
using ExprGrad.Runtime;

namespace ExprGrad.Benchmarks;

/// <summary>
/// B26 (issue 16): where splitting a product between the cores starts to pay. B5's products — X·W (m×64 · 64×64)
/// and its weight adjoint Xᵀ·G (64×m · m×64) — for m rows, into a matrix kept across calls as a compiled gradient's
/// intermediates are, every product split (the threshold lowered to 0 for this class), in wall-clock time: run once
/// on both cores and once pinned (<c>taskset -c 0</c>, where nothing is split), and divide. m·64·64 multiply-adds:
/// 2¹⁵ at m = 8, 2²⁰ (the threshold) at m = 256.
/// </summary>
public class B26ProductBreakEven
{
    private double[,] x = null!, w = null!, g = null!;
    private readonly Scratch scratch = new(2);
    private long previousThreshold;

    /// <summary>Rows of X.</summary>
    [Params(8, 16, 32, 64, 128, 256, 1024)]
    public int M { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        previousThreshold = Kernels.ParallelThreshold;
        Kernels.ParallelThreshold = 0;
        x = RandomData.Matrix(M, 64, seed: 26);
        w = RandomData.Matrix(64, 64, seed: 27);
        g = RandomData.Matrix(M, 64, seed: 28);
        TierUp.Run(() => Product(), () => WeightAdjoint());
    }

    [GlobalCleanup]
    public void Cleanup() => Kernels.ParallelThreshold = previousThreshold;

    [Benchmark(Baseline = true)]
    public double[,] Product() => Kernels.MatMul(x, w, new Destination(scratch, 0));

    [Benchmark]
    public double[,] WeightAdjoint() => Kernels.MatMulTransposeA(x, g, new Destination(scratch, 1));
}
