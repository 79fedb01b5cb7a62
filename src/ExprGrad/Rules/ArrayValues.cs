using System.Linq.Expressions;

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

    /// <summary>With is linear in the array and the new value together; Without (its reverse) in the adjoint.</summary>
    internal static void RegisterRules()
    {
        RuleTable.Add((Expression<Func<double[], int, double, double[]>>)((a, i, v) => With(a, i, v)), Tangents.Linear(0, 2),
            (Expression<Func<double[], double[], double[], int, double, double[]>>)((g, y, a, i, v) => Without(g, i)),
            null,
            (Expression<Func<double[], double[], double[], int, double, double>>)((g, y, a, i, v) => g[i]));
        RuleTable.Add((Expression<Func<double[,], int, int, double, double[,]>>)((a, r, c, v) => With(a, r, c, v)), Tangents.Linear(0, 3),
            (Expression<Func<double[,], double[,], double[,], int, int, double, double[,]>>)((g, y, a, r, c, v) => Without(g, r, c)),
            null, null,
            (Expression<Func<double[,], double[,], double[,], int, int, double, double>>)((g, y, a, r, c, v) => g[r, c]));
        RuleTable.Add((Expression<Func<double[], int, double[]>>)((g, i) => Without(g, i)), Tangents.Linear(0),
            (Expression<Func<double[], double[], double[], int, double[]>>)((bar, y, g, i) => Without(bar, i)), null);
        RuleTable.Add((Expression<Func<double[,], int, int, double[,]>>)((g, r, c) => Without(g, r, c)), Tangents.Linear(0),
            (Expression<Func<double[,], double[,], double[,], int, int, double[,]>>)((bar, y, g, r, c) => Without(bar, r, c)), null, null);
    }
}
