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
}
