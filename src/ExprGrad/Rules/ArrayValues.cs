namespace ExprGrad;

/// <summary>
/// Writes to local arrays, as values: <c>a[i] = v</c> is differentiated as <c>a' = With(a, i, v)</c>, a copy
/// with one element replaced. Copying keeps every earlier version of the array intact for the backward
/// pass, at the cost of one copy per write.
/// </summary>
internal static class ArrayValues
{
    /// <summary>A copy of <paramref name="array"/> with element <paramref name="index"/> set to <paramref name="value"/>.</summary>
    /// <param name="array">The array.</param>
    /// <param name="index">The element to replace.</param>
    /// <param name="value">Its new value.</param>
    public static double[] With(double[] array, int index, double value)
    {
        var copy = (double[])array.Clone();
        copy[index] = value;
        return copy;
    }

    /// <summary>A copy of <paramref name="array"/> with element (<paramref name="row"/>, <paramref name="column"/>) set to <paramref name="value"/>.</summary>
    /// <param name="array">The matrix.</param>
    /// <param name="row">The element's row.</param>
    /// <param name="column">The element's column.</param>
    /// <param name="value">Its new value.</param>
    public static double[,] With(double[,] array, int row, int column, double value)
    {
        var copy = (double[,])array.Clone();
        copy[row, column] = value;
        return copy;
    }

    internal static double[] Without(double[] gradient, int index) => With(gradient, index, 0);

    internal static double[,] Without(double[,] gradient, int row, int column) => With(gradient, row, column, 0);

    internal static void RegisterRules()
    {
        Derivatives.Register((double[] a, int i, double v) => With(a, i, v),
            (g, y, a, i, v) => Without(g, i), null, (g, y, a, i, v) => g[i]);
        RuleTable.Add((System.Linq.Expressions.Expression<Func<double[,], int, int, double, double[,]>>)((a, r, c, v) => With(a, r, c, v)),
            (System.Linq.Expressions.Expression<Func<double[,], double[,], double[,], int, int, double, double[,]>>)((g, y, a, r, c, v) => Without(g, r, c)),
            null, null,
            (System.Linq.Expressions.Expression<Func<double[,], double[,], double[,], int, int, double, double>>)((g, y, a, r, c, v) => g[r, c]));
    }
}
