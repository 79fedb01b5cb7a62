namespace ExprGrad;

/// <summary>
/// The arrays one call of a compiled gradient uses internally — a scan's states and their adjoints, the values
/// a loop stores for its backward pass — kept between iterations and calls instead of allocated each time
/// (<see cref="GradientOptions.ReuseBuffers"/>). A slot holds one array site of the program; an array is
/// reallocated only when the length asked for changes, so it always has exactly that length (a read past the
/// states still throws, as it would from a fresh array).
/// </summary>
internal sealed class Scratch(int slots)
{
    private readonly double[]?[] arrays = new double[slots][];

    /// <summary>The slot's array of exactly <paramref name="length"/> elements, holding whatever it held: for
    /// arrays the program writes before it reads.</summary>
    public double[] Array(int slot, int length)
    {
        var array = arrays[slot];
        if (array is null || array.Length != length) arrays[slot] = array = new double[length];
        return array;
    }

    /// <summary>The slot's array of exactly <paramref name="length"/> elements, cleared: an adjoint.</summary>
    public double[] Zeroed(int slot, int length)
    {
        var array = arrays[slot];
        if (array is null || array.Length != length) return arrays[slot] = new double[length];
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
