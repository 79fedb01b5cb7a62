namespace ExprGrad;

/// <summary>
/// Greedy distance-1 coloring of a pattern's columns: two columns that share a row get different colors, so
/// the product of the matrix with the sum of one color's unit vectors holds each of those columns' entries
/// untouched by the others (Curtis–Powell–Reid). For a symmetric Hessian pattern this is a distance-2 coloring of
/// its adjacency graph; <see cref="StarColoring"/> is used instead where it needs fewer products.
/// Natural order: optimal on banded patterns (a bandwidth-w band takes 2w + 1 colors).
/// </summary>
internal static class Coloring
{
    /// <summary>A color per column, and the number of colors.</summary>
    public static (int[] Colors, int Count) Columns(SparsityPattern pattern)
    {
        var byColumn = pattern.Transpose();
        var colors = new int[pattern.Columns];
        var forbidden = new int[pattern.Columns + 1];
        Array.Fill(forbidden, -1);
        int count = 0;
        for (int j = 0; j < pattern.Columns; j++)
        {
            for (int k = byColumn.RowPointers[j]; k < byColumn.RowPointers[j + 1]; k++)
            {
                int row = byColumn.ColumnIndices[k];
                for (int l = pattern.RowPointers[row]; l < pattern.RowPointers[row + 1]; l++)
                {
                    int other = pattern.ColumnIndices[l];
                    if (other < j) forbidden[colors[other]] = j;
                }
            }
            int color = 0;
            while (forbidden[color] == j) color++;
            colors[j] = color;
            count = Math.Max(count, color + 1);
        }
        return (colors, count);
    }
}
