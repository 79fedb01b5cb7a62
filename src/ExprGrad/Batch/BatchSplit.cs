namespace ExprGrad;

/// <summary>
/// Cuts a batch into blocks of rows and shares them among the cores, one contiguous range of blocks per
/// worker (so each writes its own stretch of the result matrices). Below <see cref="ParallelRows"/> rows the
/// batch stays on the calling thread, where starting workers costs more than it saves (measured: see the
/// README's batch section).
/// </summary>
internal static class BatchSplit
{
    /// <summary>Rows per block: a multiple of every Vector&lt;double&gt;.Count, so only a range's last block has
    /// a partial lane group.</summary>
    public const int BlockRows = 256;

    /// <summary>The smallest batch split over the cores.</summary>
    public const int ParallelRows = 2048;

    /// <summary>Calls <paramref name="work"/>(first, end) over consecutive row ranges covering [0, rows).</summary>
    public static void Run(int rows, Action<int, int> work)
    {
        int workers = Math.Min(Environment.ProcessorCount, (rows + BlockRows - 1) / BlockRows);
        if (rows < ParallelRows || workers < 2)
        {
            work(0, rows);
            return;
        }
        // Contiguous ranges, one per worker, cut at block boundaries.
        int blocks = (rows + BlockRows - 1) / BlockRows;
        Parallel.For(0, workers, w =>
        {
            int first = (int)((long)blocks * w / workers) * BlockRows;
            int end = Math.Min(rows, (int)((long)blocks * (w + 1) / workers) * BlockRows);
            if (first < end) work(first, end);
        });
    }
}
