using ExprGrad.Runtime;

namespace ExprGrad;

/// <summary>
/// Cuts a batch into blocks of rows and shares them among the cores (<see cref="CoreShare"/>): the calling thread
/// starts on the first block at once and a helper on the other core takes the next unclaimed block when it wakes, so
/// a late helper costs nothing and an early one halves the time. Below <see cref="ParallelRows"/> rows the batch
/// stays on the calling thread (measured: see the README's batch section).
/// </summary>
internal static class BatchSplit
{
    /// <summary>Rows per block: a multiple of every Vector&lt;double&gt;.Count, so only the last block has a partial
    /// lane group.</summary>
    public const int BlockRows = 256;

    /// <summary>The smallest batch shared among the cores: two blocks. A helper that does not come in time costs the
    /// caller about 0.1 µs (<see cref="CoreShare"/>) and one that comes late at most the wait for its last block, so
    /// a split loses little anywhere, and a costly tape (B22's Asian payoff, 2,000 rows) gains; B25 measures the
    /// break-even (settable so that it can split every batch).</summary>
    public static int ParallelRows { get; set; } = 2 * BlockRows;

    /// <summary>Calls <paramref name="work"/>(first, end) over consecutive row ranges covering [0, rows).</summary>
    public static void Run(int rows, Action<int, int> work)
    {
        int blocks = (rows + BlockRows - 1) / BlockRows;
        if (rows < ParallelRows || Environment.ProcessorCount < 2 || blocks < 2)
        {
            work(0, rows);
            return;
        }
        CoreShare.Run(blocks, b => work(b * BlockRows, Math.Min(rows, (b + 1) * BlockRows)));
    }
}
