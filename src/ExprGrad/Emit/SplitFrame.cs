namespace ExprGrad;

/// <summary>
/// The values that cross from one part of a split method to the next (<see cref="MethodSplitter"/>): doubles,
/// ints and references, one element per variable. Every element is written before it is read in every call, so a
/// frame kept from an earlier call serves as well as a fresh one.
/// </summary>
internal sealed class SplitFrame(int doubles, int ints, int references)
{
    public readonly double[] Doubles = new double[doubles];
    public readonly int[] Ints = new int[ints];
    public readonly object?[] References = new object?[references];
}

/// <summary>
/// One split program's frame, shared by its calls as <see cref="ScratchPool"/> shares scratch: a call rents the
/// frame and returns it at its end (its references cleared, so a returned gradient array is not kept alive); a call
/// that finds it taken — another thread, a reentrant call — gets a new one, and a call that throws keeps its frame.
/// </summary>
internal sealed class SplitFramePool(int doubles, int ints, int references)
{
    private SplitFrame? kept;

    public SplitFrame Rent() => Interlocked.Exchange(ref kept, null) ?? new SplitFrame(doubles, ints, references);

    public void Return(SplitFrame frame)
    {
        Array.Clear(frame.References);
        Volatile.Write(ref kept, frame);
    }
}
