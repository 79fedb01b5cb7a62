namespace ExprGrad;

/// <summary>
/// Where a kernel puts the array it returns: a new array (<c>default</c>, what every public kernel does), or the
/// array a compiled gradient keeps in a slot of its <see cref="Scratch"/> from one call to the next
/// (<see cref="GradientOptions.ReuseIntermediates"/>). A kernel asks for its result only after it has checked
/// its arguments, so a bad argument throws the same exception either way.
/// </summary>
internal readonly struct Destination(Scratch scratch, int slot)
{
    private readonly Scratch? scratch = scratch;

    /// <summary>Whether the result is a new array: zero, and its pages possibly not yet touched.</summary>
    public bool IsNew => scratch is null;

    /// <summary>A rows×cols matrix whose contents the kernel overwrites: a reused one holds the previous call's values.</summary>
    public double[,] Matrix(int rows, int cols) => scratch is null ? new double[rows, cols] : scratch.Matrix(slot, rows, cols);

    /// <summary>A rows×cols matrix of zeros, for a kernel that accumulates into its result.</summary>
    public double[,] ZeroedMatrix(int rows, int cols)
    {
        if (scratch is null) return new double[rows, cols];
        var matrix = scratch.Matrix(slot, rows, cols);
        System.Array.Clear(matrix);
        return matrix;
    }
}
