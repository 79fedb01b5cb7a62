namespace ExprGrad;

public static partial class Ops
{
    /// <summary>The <paramref name="length"/> elements of <paramref name="a"/> from <paramref name="start"/> on, as a new vector.</summary>
    /// <param name="a">A vector.</param>
    /// <param name="start">The first element taken.</param>
    /// <param name="length">How many elements are taken.</param>
    /// <returns>A new vector of length <paramref name="length"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="start"/> or <paramref name="length"/> is negative, or the range runs past the end of <paramref name="a"/>.</exception>
    public static double[] Slice(double[] a, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (start > a.Length - length)
            throw new ArgumentOutOfRangeException(nameof(length),
                $"Slice({start}, {length}) runs past the end of a vector of length {a.Length}.");
        return a.AsSpan(start, length).ToArray();
    }

    /// <summary>The elements of <paramref name="a"/> followed by those of <paramref name="b"/>.</summary>
    /// <param name="a">A vector.</param>
    /// <param name="b">A vector.</param>
    /// <returns>A new vector of length a.Length + b.Length.</returns>
    public static double[] Concat(double[] a, double[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var c = new double[a.Length + b.Length];
        a.CopyTo(c, 0);
        b.CopyTo(c, a.Length);
        return c;
    }

    /// <summary>The elements of <paramref name="m"/> row by row (row-major): element (i, j) goes to i·columns + j.</summary>
    /// <param name="m">A matrix.</param>
    /// <returns>A new vector of length rows·columns.</returns>
    public static double[] Flatten(double[,] m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return Kernels.Flat(m).ToArray();
    }

    /// <summary>The elements of <paramref name="a"/> as a rows×columns matrix, filled row by row (the inverse of <see cref="Flatten"/>).</summary>
    /// <param name="a">A vector of length rows·columns.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    /// <returns>A new rows×columns matrix.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> or <paramref name="columns"/> is negative.</exception>
    /// <exception cref="ArgumentException">The length of <paramref name="a"/> is not rows·columns.</exception>
    public static double[,] Reshape(double[] a, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if ((long)rows * columns != a.Length)
            throw new ArgumentException($"Reshape: a vector of length {a.Length} cannot be a {rows}×{columns} matrix.", nameof(a));
        var m = new double[rows, columns];
        a.CopyTo(Kernels.Flat(m));
        return m;
    }
}
