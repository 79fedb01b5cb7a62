namespace ExprGrad;

/// <summary>The adjoints of the shape ops: each moves the incoming adjoint back to its argument's shape.</summary>
internal static partial class Kernels
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
}
