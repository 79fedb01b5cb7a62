namespace ExprGrad;

/// <summary>
/// Greedy star coloring of a symmetric (Hessian) pattern's adjacency graph (Gebremedhin, Manne and Pothen,
/// "What color is your Jacobian?", 2005): a proper coloring in which every path on four vertices uses at least
/// three colors, so every two-colored part of the graph is a union of stars. Each off-diagonal entry h_ij is then
/// either alone in row i among the columns of j's color, or alone in row j among the columns of i's color, and is
/// read from one of the two products without substitution. A dense row costs a distance-1 coloring one color per
/// column it touches (an arrowhead Hessian: n colors); star coloring gives it two.
/// </summary>
internal static class StarColoring
{
    /// <summary>Above this many off-diagonal entries in a row the search (cubic in the degree) is not tried.</summary>
    private const int MaximumDegree = 64;

    /// <summary>A color per vertex and the number of colors, or null when a row is too dense to search.</summary>
    public static (int[] Colors, int Count)? Of(SparsityPattern pattern)
    {
        int n = pattern.Rows;
        var (pointers, indices) = (pattern.RowPointers, pattern.ColumnIndices);
        for (int v = 0; v < n; v++)
            if (pointers[v + 1] - pointers[v] > MaximumDegree + 1) return null;
        var colors = new int[n];
        Array.Fill(colors, -1);
        var forbidden = new int[n + 1];
        Array.Fill(forbidden, -1);
        int count = 0;
        for (int v = 0; v < n; v++)
        {
            for (int a = pointers[v]; a < pointers[v + 1]; a++)
            {
                int w = indices[a];
                if (w == v || colors[w] < 0) continue;
                forbidden[colors[w]] = v;
                bool repeated = false;
                for (int b = pointers[v]; b < pointers[v + 1] && !repeated; b++)
                    repeated = indices[b] != w && indices[b] != v && colors[indices[b]] == colors[w];
                for (int b = pointers[w]; b < pointers[w + 1]; b++)
                {
                    int x = indices[b];
                    if (x == v || x == w || colors[x] < 0) continue;
                    // v inside a path u–v–w–x with c(u) = c(w): x's color for v would make it two-colored.
                    if (repeated) { forbidden[colors[x]] = v; continue; }
                    // v at the end of a path v–w–x–y with c(y) = c(w): likewise.
                    for (int c = pointers[x]; c < pointers[x + 1]; c++)
                    {
                        int y = indices[c];
                        if (y != w && y != x && colors[y] == colors[w]) { forbidden[colors[x]] = v; break; }
                    }
                }
            }
            int color = 0;
            while (forbidden[color] == v) color++;
            colors[v] = color;
            count = Math.Max(count, color + 1);
        }
        return (colors, count);
    }
}
