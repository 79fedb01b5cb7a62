namespace ExprGrad;

/// <summary>A sparse matrix from compressed products: one product per color, its entries read back into the pattern.</summary>
internal static class SparseProducts
{
    /// <summary>The matrix at x: for each color, the product with the sum of that color's unit vectors — a
    /// column product A·s (forward) or, when rows are colored, a row product sᵀ·A (reverse).</summary>
    /// <param name="plan">The pattern and coloring.</param>
    /// <param name="product">(seed) =&gt; the product, A·seed or seedᵀ·A.</param>
    /// <returns>The matrix, or null when a product's length disagrees with the pattern (the caller traces anew).</returns>
    public static CsrMatrix? Assemble(SparsePatterns.Plan plan, Func<double[], double[]> product)
    {
        var pattern = plan.Pattern;
        int seedLength = plan.ByRows ? pattern.Rows : pattern.Columns, resultLength = plan.ByRows ? pattern.Columns : pattern.Rows;
        var products = new double[plan.ColorCount][];
        var seed = new double[seedLength];
        for (int c = 0; c < plan.ColorCount; c++)
        {
            for (int k = 0; k < seedLength; k++) seed[k] = plan.Colors[k] == c ? 1 : 0;
            products[c] = product(seed);
            if (products[c].Length != resultLength) return null;
        }
        var values = new double[pattern.ColumnIndices.Length];
        for (int k = 0; k < values.Length; k++) values[k] = products[plan.Sources[k].Color][plan.Sources[k].Index];
        // The pattern's arrays are shared by every call: the caller gets its own copies.
        return CsrMatrix.Trusted(pattern.Rows, pattern.Columns, (int[])pattern.RowPointers.Clone(), (int[])pattern.ColumnIndices.Clone(), values);
    }
}
