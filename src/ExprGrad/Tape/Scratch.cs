namespace ExprGrad;

/// <summary>
/// The arrays one call of a compiled gradient uses internally — a scan's states and their adjoints, the values
/// a loop stores for its backward pass (<see cref="GradientOptions.ReuseBuffers"/>), the matrices whole-array kernels
/// compute (<see cref="GradientOptions.ReuseIntermediates"/>) — kept between iterations and calls instead of
/// allocated each time. A slot holds one array site of the program; an array is
/// reallocated only when the length asked for changes, so it always has exactly that length (a read past the
/// states still throws, as it would from a fresh array).
/// </summary>
internal sealed class Scratch(int slots)
{
    private readonly System.Array?[] arrays = new System.Array?[slots];

    /// <summary>The slot's array of exactly <paramref name="length"/> elements, holding whatever it held: for
    /// arrays the program writes before it reads.</summary>
    public double[] Array(int slot, int length)
    {
        if (arrays[slot] is double[] array && array.Length == length) return array;
        return (double[])(arrays[slot] = new double[length]);
    }

    /// <summary>The slot's matrix of exactly <paramref name="rows"/>×<paramref name="cols"/>, holding whatever it held:
    /// an intermediate result a kernel overwrites (<see cref="Destination"/>).</summary>
    public double[,] Matrix(int slot, int rows, int cols)
    {
        if (arrays[slot] is double[,] matrix && matrix.GetLength(0) == rows && matrix.GetLength(1) == cols) return matrix;
        return (double[,])(arrays[slot] = new double[rows, cols]);
    }

    /// <summary>The slot's array of exactly <paramref name="length"/> elements, cleared: an adjoint.</summary>
    public double[] Zeroed(int slot, int length)
    {
        if (arrays[slot] is not double[] array || array.Length != length) return (double[])(arrays[slot] = new double[length]);
        System.Array.Clear(array);
        return array;
    }
}

/// <summary>
/// One compiled program's scratch, shared by its calls: a call rents the <see cref="Scratch"/> at its start and
/// returns it at its end. The pool keeps one; a call that finds it taken — another thread is inside the same
/// delegate, or the call is reentrant — gets a new one, so no two running calls ever share arrays, and a call
/// that throws simply does not return its scratch. In steady single-threaded use a call allocates nothing.
/// </summary>
internal sealed class ScratchPool(int slots)
{
    private Scratch? kept;

    public Scratch Rent() => Interlocked.Exchange(ref kept, null) ?? new Scratch(slots);

    public void Return(Scratch scratch) => Volatile.Write(ref kept, scratch);
}
