using System.Numerics.Tensors;

namespace ExprGrad;

public static partial class Ops
{
    /// <summary>Adds the scalar <paramref name="s"/> to every element.</summary>
    /// <param name="a">A vector.</param>
    /// <param name="s">The scalar; its gradient is the sum of the output's.</param>
    public static double[] Add(double[] a, double s)
    {
        ArgumentNullException.ThrowIfNull(a);
        var c = new double[a.Length];
        TensorPrimitives.Add(a, s, c);
        return c;
    }

    /// <summary>Adds the scalar <paramref name="s"/> to every element.</summary>
    /// <param name="a">A matrix.</param>
    /// <param name="s">The scalar; its gradient is the sum of the output's.</param>
    public static double[,] Add(double[,] a, double s)
    {
        ArgumentNullException.ThrowIfNull(a);
        var c = Kernels.NewLike(a);
        TensorPrimitives.Add(Kernels.Flat(a), s, Kernels.Flat(c));
        return c;
    }

    /// <summary>Adds column[i] to every element of row i (the column broadcast, as <see cref="AddRow"/> is the row's).</summary>
    /// <param name="m">An r×c matrix.</param>
    /// <param name="column">A vector of length r.</param>
    /// <exception cref="ArgumentException">The column's length is not the matrix's row count.</exception>
    public static double[,] AddColumn(double[,] m, double[] column)
    {
        RequireOnePerRow(nameof(AddColumn), m, column);
        var c = Kernels.NewLike(m);
        for (int i = 0; i < column.Length; i++) TensorPrimitives.Add(Kernels.Row(m, i), column[i], Kernels.Row(c, i));
        return c;
    }

    /// <summary>Multiplies row i by s[i]: diag(s)·m.</summary>
    /// <param name="m">An r×c matrix.</param>
    /// <param name="s">A vector of length r.</param>
    /// <exception cref="ArgumentException">The length of <paramref name="s"/> is not the matrix's row count.</exception>
    public static double[,] ScaleRows(double[,] m, double[] s)
    {
        RequireOnePerRow(nameof(ScaleRows), m, s);
        var c = Kernels.NewLike(m);
        for (int i = 0; i < s.Length; i++) TensorPrimitives.Multiply(Kernels.Row(m, i), s[i], Kernels.Row(c, i));
        return c;
    }

    /// <summary>Row <paramref name="i"/> of <paramref name="m"/>, as a new vector.</summary>
    /// <param name="m">An r×c matrix.</param>
    /// <param name="i">The row, 0 ≤ i &lt; r.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="i"/> is not a row of <paramref name="m"/>.</exception>
    public static double[] Row(double[,] m, int i)
    {
        ArgumentNullException.ThrowIfNull(m);
        if ((uint)i >= (uint)m.GetLength(0))
            throw new ArgumentOutOfRangeException(nameof(i), i, $"Row: a {Kernels.ShapeOf(m)} matrix has no row {i}.");
        return Kernels.Row(m, i).ToArray();
    }

    /// <summary>Column <paramref name="j"/> of <paramref name="m"/>, as a new vector.</summary>
    /// <param name="m">An r×c matrix.</param>
    /// <param name="j">The column, 0 ≤ j &lt; c.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="j"/> is not a column of <paramref name="m"/>.</exception>
    public static double[] Column(double[,] m, int j)
    {
        ArgumentNullException.ThrowIfNull(m);
        if ((uint)j >= (uint)m.GetLength(1))
            throw new ArgumentOutOfRangeException(nameof(j), j, $"Column: a {Kernels.ShapeOf(m)} matrix has no column {j}.");
        var result = new double[m.GetLength(0)];
        for (int i = 0; i < result.Length; i++) result[i] = m[i, j];
        return result;
    }

    private static void RequireOnePerRow(string op, double[,] m, double[] perRow,
        [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(perRow))] string? name = null)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(perRow, name);
        if (perRow.Length != m.GetLength(0))
            throw new ArgumentException(
                $"{op}: shapes {Kernels.ShapeOf(m)} and [{perRow.Length}] do not fit ({perRow.Length} values for {m.GetLength(0)} rows).", name);
    }
}
