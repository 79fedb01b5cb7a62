using System.Linq.Expressions;
using BenchmarkDotNet.Attributes;
using static ExprGrad.Ops;

namespace ExprGrad.Benchmarks;

/// <summary>Which states B6's loss reads.</summary>
public enum RnnLoss
{
    /// <summary>B6 itself: L = Σ_{t=1..T} (y_t − ReLU(u·h_t))², an adjoint for every state.</summary>
    EveryState,

    /// <summary>L = (y_T − ReLU(u·h_T))²: the last state only.</summary>
    LastState,
}

/// <summary>
/// Checkpointing on the B6 ReLU RNN h_t = ReLU(w·h_{t−1} + v·y_{t−1}), h_0 = 0, at T = 10⁴, 10⁵, 10⁶: the
/// gradient over (u, v, w) through <c>Scan(T, …)</c> (the baseline) and through <c>Scan(T, …, checkpointEvery: 0)</c>
/// (k = ⌈√T⌉), read as time ratio and bytes allocated per call. The plain scan allocates the states and their
/// adjoints, 16·(T + 1) bytes; the checkpointed one √T-sized checkpoints, segment and page table, plus one
/// page of k adjoints per segment whose states receive one: all of them for B6's loss, one for the last state's.
/// </summary>
[MemoryDiagnoser]
public class B6Checkpointed
{
    private double[] y = [];
    private double u = 0.7, v = 0.5, w = 0.9;
    private Func<double, double, double, (double, double, double)> plain = null!;
    private Func<double, double, double, (double, double, double)> checkpointed = null!;

    /// <summary>The number of steps.</summary>
    [Params(10_000, 100_000, 1_000_000)]
    public int T { get; set; }

    /// <summary>Which states the loss reads.</summary>
    [Params(RnnLoss.EveryState, RnnLoss.LastState)]
    public RnnLoss Loss { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        y = RandomData.Vector(T + 1, seed: 7, scale: 2);
        plain = Grad.Of(LossOf(checkpointEvery: null));
        checkpointed = Grad.Of(LossOf(checkpointEvery: 0));
        var (pu, pv, pw) = plain(u, v, w);
        var (cu, cv, cw) = checkpointed(u, v, w);
        // Checkpointing recomputes the same states with the same operations: the gradient must agree bit for bit.
        if ((pu, pv, pw) != (cu, cv, cw))
            throw new InvalidOperationException($"Checkpointed gradient ({cu:R}, {cv:R}, {cw:R}) differs from the plain one ({pu:R}, {pv:R}, {pw:R}).");
    }

    private Expression<Func<double, double, double, double>> LossOf(int? checkpointEvery)
    {
        var (ys, n) = (y, T);
        Expression<Func<double, double, double, double>> plainForm = Loss == RnnLoss.EveryState
            ? (u, v, w) => Let(Scan(n, 0.0, (h, t) => Relu(w * h + v * ys[t])), hs =>
                Sum(n, t => (ys[t + 1] - Relu(u * hs[t + 1])) * (ys[t + 1] - Relu(u * hs[t + 1]))))
            : (u, v, w) => Let(Scan(n, 0.0, (h, t) => Relu(w * h + v * ys[t])), hs =>
                (ys[n] - Relu(u * hs[n])) * (ys[n] - Relu(u * hs[n])));
        Expression<Func<double, double, double, double>> checkpointedForm = Loss == RnnLoss.EveryState
            ? (u, v, w) => Let(Scan(n, 0.0, (h, t) => Relu(w * h + v * ys[t]), checkpointEvery ?? 0), hs =>
                Sum(n, t => (ys[t + 1] - Relu(u * hs[t + 1])) * (ys[t + 1] - Relu(u * hs[t + 1]))))
            : (u, v, w) => Let(Scan(n, 0.0, (h, t) => Relu(w * h + v * ys[t]), checkpointEvery ?? 0), hs =>
                (ys[n] - Relu(u * hs[n])) * (ys[n] - Relu(u * hs[n])));
        return checkpointEvery is null ? plainForm : checkpointedForm;
    }

    [Benchmark(Baseline = true)]
    public (double, double, double) PlainScan() => plain(u, v, w);

    [Benchmark]
    public (double, double, double) CheckpointedScan() => checkpointed(u, v, w);
}
