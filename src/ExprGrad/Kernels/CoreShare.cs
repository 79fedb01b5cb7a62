using System.Runtime.ExceptionServices;

namespace ExprGrad.Runtime;

/// <summary>
/// Runs the blocks 0…count−1 of a job on the calling thread and on as many thread-pool threads as there are other
/// cores, each taking the next unclaimed block until none is left. The caller starts at once and waits only for
/// blocks a helper has claimed; a helper that wakes after the last block is claimed finds nothing and is not waited
/// for. <see cref="Parallel.For(int, int, Action{int})"/> waits for every replica it queued to run, so each call paid
/// a thread-pool wake-up even when the caller had done all the work (on this 2-core VM that made B12's batch slower on
/// two cores than on one). Each block is one range of rows written by one thread, so results do not depend on the
/// split. The first exception a block throws is rethrown as it was thrown (not wrapped), after the claimed blocks
/// have finished; later blocks are skipped. Waiting for a helper's block, the caller spins briefly (a batch's block is
/// microseconds) and then blocks on an event the last finisher sets, so a long block (a split method's part being
/// compiled: milliseconds) does not keep the caller's core busy yielding.
/// </summary>
internal sealed class CoreShare : IThreadPoolWorkItem
{
    private readonly int count;
    private readonly Action<int> block;
    private int next = -1;
    private int finished;
    private ExceptionDispatchInfo? failure;
    private ManualResetEventSlim? done;

    /// <summary>Spins before the caller blocks: SpinWait busy-spins its first 10 (microseconds in all), then yields.</summary>
    private const int Spins = 20;

    /// <summary>How often this thread has blocked waiting for a helper's block; tests read it.</summary>
    [ThreadStatic] internal static int BlockedWaits;

    private CoreShare(int count, Action<int> block) => (this.count, this.block) = (count, block);

    /// <summary>Calls <paramref name="block"/>(b) once for every b in [0, <paramref name="count"/>), on this thread and
    /// idle cores, and returns when all have returned.</summary>
    public static void Run(int count, Action<int> block)
    {
        int helpers = Math.Min(Environment.ProcessorCount, count) - 1;
        if (helpers <= 0)
        {
            for (int b = 0; b < count; b++) block(b);
            return;
        }
        var share = new CoreShare(count, block);
        for (int h = 0; h < helpers; h++) ThreadPool.UnsafeQueueUserWorkItem(share, preferLocal: false);
        share.Work();
        share.Wait();
        share.failure?.Throw();
    }

    /// <summary>Returns when every block has finished: only blocks helpers have claimed are outstanding.</summary>
    private void Wait()
    {
        var spinner = new SpinWait();
        while (Volatile.Read(ref finished) < count)
        {
            if (spinner.Count < Spins)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
                continue;
            }
            // Publish the event, then look again: the last finisher counts, then looks for it (both full fences), so
            // either it sees the event and sets it or this thread sees the count.
            var done = new ManualResetEventSlim(false, spinCount: 0);
            Interlocked.Exchange(ref this.done, done);
            if (Volatile.Read(ref finished) < count)
            {
                BlockedWaits++;
                done.Wait();
            }
            return;
        }
    }

    void IThreadPoolWorkItem.Execute() => Work();

    private void Work()
    {
        int b;
        while ((b = Interlocked.Increment(ref next)) < count)
        {
            try
            {
                if (Volatile.Read(ref failure) is null) block(b);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
            }
            finally
            {
                if (Interlocked.Increment(ref finished) == count) Volatile.Read(ref done)?.Set();
            }
        }
    }
}
