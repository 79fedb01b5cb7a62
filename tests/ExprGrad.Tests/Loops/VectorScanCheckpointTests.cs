using System.Linq.Expressions;
using FsCheck.Xunit;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Loops;

/// <summary>
/// A vector-state <c>Ops.Scan</c> with a checkpoint interval keeps every k-th state and recomputes the rest, and its
/// gradient is bit for bit the plain scan's: over random step counts (0–12), intervals (0 = automatic, 1, between,
/// the step count and beyond) and state lengths, with the states read one by one, only the last, or in reverse order.
/// </summary>
public class VectorScanCheckpointTests
{
    private static Expression<Func<double[,], double[], double>> Rnn(int steps, int? every, int reads, double[] xs)
    {
        // hₜ₊₁ = tanh(W·hₜ + xₜ·h₀); reads: 0 = Σₜ (Σⱼ hₜ[j])², 1 = Σ h_steps only, 2 = Σₜ hₜ[0]·(steps − t) walking back.
        Expression<Func<double[,], double[], double>> plain = reads switch
        {
            0 => (w, h0) => Let(Scan(steps, h0, (h, t) => Tanh(Add(MatMul(w, h), Scale(xs[t], h0)))), hs => Sum(steps + 1, t => Sum(hs[t]) * Sum(hs[t]))),
            1 => (w, h0) => Sum(Scan(steps, h0, (h, t) => Tanh(Add(MatMul(w, h), Scale(xs[t], h0))))[steps]),
            _ => (w, h0) => Let(Scan(steps, h0, (h, t) => Tanh(Add(MatMul(w, h), Scale(xs[t], h0)))), hs => Sum(steps + 1, i => hs[steps - i][0] * i)),
        };
        return every is { } k ? Core.CheckpointedScanProgram.WithInterval(plain, k) : plain;
    }

    [Property(Replay = "(271828,182845)", MaxTest = 60)]
    public void TheGradientIsBitIdenticalToThePlainScans(int seed)
    {
        var random = new Random(seed);
        int n = 1 + random.Next(3), steps = random.Next(13), reads = random.Next(3);
        int every = new[] { 0, 1, 2, 3, Math.Max(1, steps), steps + 2 }[random.Next(6)];
        var (w, h0, xs) = VectorScanTests.RandomRnn(random, n, steps);
        var context = $"n = {n}, steps = {steps}, k = {every}, reads = {reads}";

        var (plainValue, (plainW, plainH)) = Grad.ValueAndGradient(Rnn(steps, null, reads, xs))(w, h0);
        var (value, (dw, dh)) = Grad.ValueAndGradient(Rnn(steps, every, reads, xs))(w, h0);
        AssertSameBits([plainValue, .. plainW.Cast<double>(), .. plainH], [value, .. dw.Cast<double>(), .. dh], context);
        var (offW, offH) = Grad.Of(Rnn(steps, every, reads, xs), new GradientOptions { Checkpointing = false })(w, h0);
        AssertSameBits([.. plainW.Cast<double>(), .. plainH], [.. offW.Cast<double>(), .. offH], context + ", checkpointing off");
    }

    [Fact]
    public void IndexedReadsKeepACheckpointStoreOfVectors()
    {
        double[] xs = [0.1, 0.2, 0.3, 0.4];
        Assert.Contains("new CheckpointStore<double[]>(", GradientCode.Of(Rnn(4, 2, 1, xs)));
        Assert.DoesNotContain("new CheckpointStore<double[]>(", GradientCode.Of(Rnn(4, null, 1, xs)));
    }

    private static void AssertSameBits(double[] expected, double[] actual, string context)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"{context}\n  component {i}: plain {expected[i]:R}, checkpointed {actual[i]:R}");
    }
}
