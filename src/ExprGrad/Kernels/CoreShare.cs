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
/// have finished; later blocks are skipped.
/// </summary>
internal sealed class CoreShare : IThreadPoolWorkItem
{
    private readonly int count;
    private readonly Action<int> block;
    private int next = -1;
    private int finished;
    private ExceptionDispatchInfo? failure;

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
        var spinner = new SpinWait();
        // Only blocks already claimed are outstanding, and each is short: spin (yielding, never sleeping a tick).
        while (Volatile.Read(ref share.finished) < count) spinner.SpinOnce(sleep1Threshold: -1);
        share.failure?.Throw();
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
                Interlocked.Increment(ref finished);
            }
        }
    }
}
