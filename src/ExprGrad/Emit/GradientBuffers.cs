namespace ExprGrad;

/// <summary>Argument checks for gradients written into caller-provided buffers.</summary>
internal static class GradientBuffers
{
    public static void Check(double[] x, double[] buffer, string name)
    {
        ArgumentNullException.ThrowIfNull(buffer, name);
        if (buffer.Length != x.Length)
            throw new ArgumentException($"The gradient buffer has {buffer.Length} elements but its parameter has {x.Length}.", name);
    }

    public static void Check(double[,] x, double[,] buffer, string name)
    {
        ArgumentNullException.ThrowIfNull(buffer, name);
        if (buffer.GetLength(0) != x.GetLength(0) || buffer.GetLength(1) != x.GetLength(1))
            throw new ArgumentException(
                $"The gradient buffer is {buffer.GetLength(0)}×{buffer.GetLength(1)} but its parameter is {x.GetLength(0)}×{x.GetLength(1)}.", name);
    }
}
