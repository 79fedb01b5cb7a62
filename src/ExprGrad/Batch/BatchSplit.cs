using ExprGrad.Runtime;

namespace ExprGrad;

/// <summary>
/// Cuts a batch into blocks of rows and shares them among the cores (<see cref="CoreShare"/>): the calling thread
/// starts on the first block at once and a helper on the other core takes the next unclaimed block when it wakes, so
/// a late helper costs nothing and an early one halves the time. Below <see cref="ParallelRows"/> rows the batch
/// stays on the calling thread (measured: see the README's batch section). Both sizes are defaults of internal
/// <see cref="GradientOptions"/> (BatchBlockRows, BatchParallelRows), so a test or benchmark changes them for the
/// programs it builds, not for the process.
/// </summary>
internal static class BatchSplit
{
    /// <summary>Rows per block: a multiple of every Vector&lt;double&gt;.Count, so only the last block has a partial
    /// lane group.</summary>
    public const int BlockRows = 256;

    /// <summary>The smallest batch shared among the cores: two blocks. A helper that does not come in time costs the
    /// caller about 0.1 µs (<see cref="CoreShare"/>) and one that comes late at most the wait for its last block, so
    /// a split loses little anywhere, and a costly tape (B22's Asian payoff, 2,000 rows) gains; B25 measures the
    /// break-even (with the option lowered to 0, so that it splits every batch).</summary>
    public const int ParallelRows = 2 * BlockRows;

    /// <summary>Calls <paramref name="work"/>(first, end) over consecutive row ranges covering [0, rows): blocks of
    /// <paramref name="blockRows"/> rows shared among the cores from <paramref name="parallelRows"/> rows on.</summary>
    public static void Run(int rows, int blockRows, int parallelRows, Action<int, int> work)
    {
        blockRows = Math.Max(1, blockRows);
        int blocks = (int)(((long)rows + blockRows - 1) / blockRows);
        if (rows < parallelRows || Environment.ProcessorCount < 2 || blocks < 2)
        {
            work(0, rows);
            return;
        }
        CoreShare.Run(blocks, b => work(b * blockRows, (int)Math.Min(rows, (long)(b + 1) * blockRows)));
    }
}
