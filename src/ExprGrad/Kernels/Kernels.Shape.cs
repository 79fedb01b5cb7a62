namespace ExprGrad.Runtime;

/// <summary>The adjoints of the shape ops: each moves the incoming adjoint back to its argument's shape.</summary>
public static partial class Kernels
{
    /// <summary>A zero vector of the length of <paramref name="like"/> holding <paramref name="g"/> from
    /// <paramref name="start"/> on: the adjoint of <see cref="Ops.Slice"/>.</summary>
    public static double[] SliceBackward(double[] like, double[] g, int start)
    {
        ArgumentNullException.ThrowIfNull(like);
        ArgumentNullException.ThrowIfNull(g);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if (start > like.Length - g.Length)
            throw new ArgumentOutOfRangeException(nameof(start), $"SliceBackward: {g.Length} elements from {start} do not fit in {like.Length}.");
        var result = new double[like.Length];
        g.CopyTo(result, start);
        return result;
    }

    /// <summary>The first like.Length elements of <paramref name="g"/>: the adjoint of Concat's first argument.</summary>
    public static double[] Head(double[] g, double[] like)
    {
        ArgumentNullException.ThrowIfNull(like);
        return Ops.Slice(g, 0, like.Length);
    }

    /// <summary>The last like.Length elements of <paramref name="g"/>: the adjoint of Concat's second argument.</summary>
    public static double[] Tail(double[] g, double[] like)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(like);
        return Ops.Slice(g, g.Length - like.Length, like.Length);
    }

    /// <summary><paramref name="g"/> in the shape of <paramref name="like"/>, row-major: the adjoint of <see cref="Ops.Flatten"/>.</summary>
    public static double[,] ReshapeLike(double[] g, double[,] like)
    {
        ArgumentNullException.ThrowIfNull(like);
        return Ops.Reshape(g, like.GetLength(0), like.GetLength(1));
    }

    /// <summary>A zero matrix shaped like <paramref name="like"/> holding <paramref name="g"/> in row
    /// <paramref name="i"/>: the adjoint of <see cref="Ops.Row"/>.</summary>
    public static double[,] RowBackward(double[,] like, double[] g, int i)
    {
        ArgumentNullException.ThrowIfNull(like);
        ArgumentNullException.ThrowIfNull(g);
        if ((uint)i >= (uint)like.GetLength(0) || g.Length != like.GetLength(1))
            throw new ArgumentException($"RowBackward: {g.Length} values do not fit row {i} of a {ShapeOf(like)} matrix.", nameof(g));
        var result = NewLike(like);
        g.CopyTo(Row(result, i));
        return result;
    }

    /// <summary>A zero matrix shaped like <paramref name="like"/> holding <paramref name="g"/> in column
    /// <paramref name="j"/>: the adjoint of <see cref="Ops.Column"/>.</summary>
    public static double[,] ColumnBackward(double[,] like, double[] g, int j)
    {
        ArgumentNullException.ThrowIfNull(like);
        ArgumentNullException.ThrowIfNull(g);
        if ((uint)j >= (uint)like.GetLength(1) || g.Length != like.GetLength(0))
            throw new ArgumentException($"ColumnBackward: {g.Length} values do not fit column {j} of a {ShapeOf(like)} matrix.", nameof(g));
        var result = NewLike(like);
        for (int i = 0; i < g.Length; i++) result[i, j] = g[i];
        return result;
    }
}
