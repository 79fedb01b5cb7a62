namespace ExprGrad;

/// <summary>
/// A sparse matrix in compressed sparse row form, as <see cref="Grad.SparseJacobian"/> and
/// <see cref="Grad.SparseHessian"/> return it: row i's stored entries are
/// <c>Values[k]</c> at column <c>ColumnIndices[k]</c> for k in [<c>RowPointers[i]</c>, <c>RowPointers[i + 1]</c>),
/// columns ascending. The stored entries are the derivative's sparsity pattern, found from the program: an
/// entry can hold 0 at a point (a branch not taken there, a product with a zero factor), an entry outside
/// it is 0 everywhere.
/// </summary>
public sealed class CsrMatrix
{
    /// <summary>A matrix from its compressed rows; the arrays are kept, not copied.</summary>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    /// <param name="rowPointers">rows + 1 offsets into the entries, from 0, non-decreasing, ending at the entry count.</param>
    /// <param name="columnIndices">Each entry's column, in [0, columns) and ascending within a row.</param>
    /// <param name="values">Each entry's value, as many as the column indices.</param>
    /// <exception cref="ArgumentNullException">An array is null.</exception>
    /// <exception cref="ArgumentException">The arrays do not describe a rows×columns matrix.</exception>
    public CsrMatrix(int rows, int columns, int[] rowPointers, int[] columnIndices, double[] values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        ArgumentNullException.ThrowIfNull(rowPointers);
        ArgumentNullException.ThrowIfNull(columnIndices);
        ArgumentNullException.ThrowIfNull(values);
        if (rowPointers.Length != rows + 1 || rowPointers[0] != 0 || rowPointers[rows] != columnIndices.Length)
            throw new ArgumentException($"Expected {rows + 1} row pointers from 0 to the entry count {columnIndices.Length}.", nameof(rowPointers));
        if (values.Length != columnIndices.Length)
            throw new ArgumentException($"Expected {columnIndices.Length} values, one per column index; got {values.Length}.", nameof(values));
        for (int i = 0; i < rows; i++)
        {
            if (rowPointers[i + 1] < rowPointers[i])
                throw new ArgumentException($"Row pointers decrease at row {i}.", nameof(rowPointers));
            for (int k = rowPointers[i]; k < rowPointers[i + 1]; k++)
                if (columnIndices[k] < 0 || columnIndices[k] >= columns || k > rowPointers[i] && columnIndices[k] <= columnIndices[k - 1])
                    throw new ArgumentException($"Row {i}'s column indices must be ascending and in [0, {columns}).", nameof(columnIndices));
        }
        (Rows, Columns, RowPointers, ColumnIndices, Values) = (rows, columns, rowPointers, columnIndices, values);
    }

    /// <summary>A matrix whose arrays are known to be consistent (the sparse drivers build them from a pattern).</summary>
    private CsrMatrix(int rows, int columns, int[] rowPointers, int[] columnIndices, double[] values, bool trusted) =>
        (Rows, Columns, RowPointers, ColumnIndices, Values) = (rows, columns, rowPointers, columnIndices, values);

    internal static CsrMatrix Trusted(int rows, int columns, int[] rowPointers, int[] columnIndices, double[] values) =>
        new(rows, columns, rowPointers, columnIndices, values, trusted: true);

    /// <summary>The number of rows.</summary>
    public int Rows { get; }

    /// <summary>The number of columns.</summary>
    public int Columns { get; }

    /// <summary>Row i's entries are at positions [RowPointers[i], RowPointers[i + 1]) of <see cref="ColumnIndices"/> and <see cref="Values"/>; Rows + 1 long.</summary>
    public int[] RowPointers { get; }

    /// <summary>Each stored entry's column, ascending within a row.</summary>
    public int[] ColumnIndices { get; }

    /// <summary>Each stored entry's value.</summary>
    public double[] Values { get; }

    /// <summary>The matrix as a dense array, zeros outside the stored entries.</summary>
    /// <returns>A new Rows×Columns array.</returns>
    public double[,] ToDense()
    {
        var dense = new double[Rows, Columns];
        for (int i = 0; i < Rows; i++)
            for (int k = RowPointers[i]; k < RowPointers[i + 1]; k++) dense[i, ColumnIndices[k]] = Values[k];
        return dense;
    }
}
