using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ExprGrad.Runtime;

namespace ExprGrad.Tests.Kernels;

/// <summary>CoreShare, the block scheduler of split products and batches: each block once, errors as thrown.</summary>
public class CoreShareTests
{
    [Property(Replay = "20261129,3", MaxTest = 60)]
    public Property EveryBlockRunsExactlyOnce() =>
        Prop.ForAll(Gen.Choose(0, 300).ToArbitrary(), count =>
        {
            var runs = new int[count];
            CoreShare.Run(count, b => Interlocked.Increment(ref runs[b]));
            Assert.All(runs, r => Assert.Equal(1, r));
        });

    [Fact]
    public void EveryBlockHasFinishedWhenRunReturns()
    {
        // Blocks that take a while on whichever thread claims them: Run may return only after the last write.
        var done = new bool[16];
        CoreShare.Run(done.Length, b =>
        {
            Thread.Sleep(2);
            Volatile.Write(ref done[b], true);
        });
        Assert.All(done, Assert.True);
    }

    [Fact]
    public void AnExceptionIsRethrownUnwrapped()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            CoreShare.Run(64, b => { if (b % 5 == 3) throw new InvalidOperationException($"block {b}"); }));
        Assert.StartsWith("block ", e.Message);
    }

    [Fact]
    public void TheCallerBlocksInsteadOfSpinningWhileAHelpersLongBlockRuns()
    {
        // The helper's block outlasts the caller's short spin by far (200 ms after the caller's block is done): the
        // caller must then have blocked on the event (spinning and yielding, it never would), and both blocks have run.
        if (Environment.ProcessorCount < 2) return;
        var finished = new bool[2];
        int before = CoreShare.BlockedWaits;
        RunWithAHelperBlock(() => Thread.Sleep(200), b => Volatile.Write(ref finished[b], true));
        Assert.All(finished, Assert.True);
        Assert.Equal(before + 1, CoreShare.BlockedWaits);
    }

    [Fact]
    public void AnExceptionFromAHelpersBlockIsRethrownUnwrappedAfterTheCallerBlocked()
    {
        if (Environment.ProcessorCount < 2) return;
        var e = Assert.Throws<ArithmeticException>(() =>
            RunWithAHelperBlock(() => { Thread.Sleep(100); throw new ArithmeticException("helper's block"); }, _ => { }));
        Assert.Equal("helper's block", e.Message);
    }

    /// <summary>Two blocks, one on the caller and one on a helper: the caller's waits until a helper has claimed the
    /// other, which runs <paramref name="helperWork"/> once the caller's block is done; then each calls
    /// <paramref name="finished"/> with its block number.</summary>
    private static void RunWithAHelperBlock(Action helperWork, Action<int> finished)
    {
        int caller = Environment.CurrentManagedThreadId;
        using var helperStarted = new ManualResetEventSlim();
        using var callerDone = new ManualResetEventSlim();
        CoreShare.Run(2, b =>
        {
            if (Environment.CurrentManagedThreadId == caller)
            {
                Assert.True(helperStarted.Wait(TimeSpan.FromMinutes(1)), "no helper came");
                callerDone.Set();
            }
            else
            {
                helperStarted.Set();
                callerDone.Wait();
                helperWork();
            }
            finished(b);
        });
    }
}
