namespace ExprGrad;

/// <summary>The structure of a sparse matrix, compressed by rows: where its nonzeros can be.</summary>
internal sealed class SparsityPattern
{
    private SparsityPattern(int rows, int columns, int[] rowPointers, int[] columnIndices) =>
        (Rows, Columns, RowPointers, ColumnIndices) = (rows, columns, rowPointers, columnIndices);

    /// <summary>The number of rows.</summary>
    public int Rows { get; }

    /// <summary>The number of columns.</summary>
    public int Columns { get; }

    /// <summary>Row i's entries are at [RowPointers[i], RowPointers[i + 1]).</summary>
    public int[] RowPointers { get; }

    /// <summary>Each entry's column, ascending within a row.</summary>
    public int[] ColumnIndices { get; }

    /// <summary>Every entry present.</summary>
    public static SparsityPattern Dense(int rows, int columns)
    {
        var pointers = new int[rows + 1];
        var indices = new int[(long)rows * columns > int.MaxValue ? throw new NotSupportedException("The dense pattern is too large.") : rows * columns];
        for (int i = 0; i < rows; i++)
        {
            pointers[i + 1] = (i + 1) * columns;
            for (int j = 0; j < columns; j++) indices[i * columns + j] = j;
        }
        return new(rows, columns, pointers, indices);
    }

    /// <summary>A Jacobian's pattern: row i holds the inputs output i depends on.</summary>
    public static SparsityPattern FromRows(IndexSet?[] rows, TraceContext trace)
    {
        var pointers = new int[rows.Length + 1];
        var indices = new List<int>();
        for (int i = 0; i < rows.Length; i++)
        {
            indices.AddRange(trace.Members(rows[i]));
            pointers[i + 1] = indices.Count;
        }
        return new(rows.Length, trace.Inputs, pointers, [.. indices]);
    }

    /// <summary>A Hessian's pattern: entries (i, j) and (j, i) for each interacting pair.</summary>
    public static SparsityPattern FromPairs(TraceContext trace)
    {
        int n = trace.Inputs;
        if (trace.DensePairs) return Dense(n, n);
        var counts = new int[n + 1];
        foreach (var pair in trace.Pairs!)
        {
            var (i, j) = ((int)(pair >> 32), (int)(uint)pair);
            counts[i + 1]++;
            if (i != j) counts[j + 1]++;
        }
        for (int i = 0; i < n; i++) counts[i + 1] += counts[i];
        var indices = new int[counts[n]];
        var next = counts[..n];
        foreach (var pair in trace.Pairs!)
        {
            var (i, j) = ((int)(pair >> 32), (int)(uint)pair);
            indices[next[i]++] = j;
            if (i != j) indices[next[j]++] = i;
        }
        for (int i = 0; i < n; i++) Array.Sort(indices, counts[i], counts[i + 1] - counts[i]);
        return new(n, n, counts, indices);
    }

    /// <summary>The transposed pattern (columns as rows).</summary>
    public SparsityPattern Transpose()
    {
        var counts = new int[Columns + 1];
        foreach (var j in ColumnIndices) counts[j + 1]++;
        for (int j = 0; j < Columns; j++) counts[j + 1] += counts[j];
        var indices = new int[ColumnIndices.Length];
        var next = counts[..Columns];
        for (int i = 0; i < Rows; i++)
            for (int k = RowPointers[i]; k < RowPointers[i + 1]; k++) indices[next[ColumnIndices[k]]++] = i;
        return new(Columns, Rows, counts, indices);
    }
}
