namespace ExprGrad;

/// <summary>
/// What a checkpointed <c>Ops.Scan</c> keeps at run time instead of its array of states: every k-th state
/// (the checkpoints), one segment of k consecutive states recomputed from a checkpoint, and the adjoints that
/// element reads send to the states, in pages of k allocated on first write. The recomputation itself is
/// emitted code (the scan's body, inlined where a segment is needed); this class only holds the storage and
/// says which segment it holds.
/// </summary>
internal sealed class CheckpointStore
{
    private readonly double[]?[] adjointPages;

    public CheckpointStore(int steps, int checkpointEvery)
    {
        Steps = steps;
        Every = Interval(steps, checkpointEvery);
        int segments = steps / Every + 1;
        Checkpoints = new double[segments];
        Segment = new double[SegmentCapacity];
        adjointPages = new double[]?[segments];
    }

    /// <summary>The scan's number of steps: the states are s₀ … s_Steps.</summary>
    public int Steps { get; }

    /// <summary>k, the distance between checkpoints.</summary>
    public int Every { get; }

    /// <summary>s₀, s_k, s_2k, …: written by the forward pass.</summary>
    public double[] Checkpoints { get; }

    /// <summary>States SegmentStart … SegmentStart + SegmentLength − 1.</summary>
    public double[] Segment { get; }

    public int SegmentStart { get; private set; }

    public int SegmentLength { get; private set; }

    private int SegmentCapacity => Steps < Every ? Steps + 1 : Every;

    /// <summary>k for <paramref name="checkpointEvery"/>: itself, or ⌈√steps⌉ (at least 1) for 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="checkpointEvery"/> is negative.</exception>
    public static int Interval(int steps, int checkpointEvery)
    {
        if (checkpointEvery < 0)
            throw new ArgumentOutOfRangeException(nameof(checkpointEvery), checkpointEvery,
                "Ops.Scan needs a non-negative checkpoint interval (0 chooses one).");
        return checkpointEvery > 0 ? checkpointEvery : Math.Max(1, (int)Math.Ceiling(Math.Sqrt(steps)));
    }

    /// <summary>How many segments hold steps (the last state may start a segment of its own, with none).</summary>
    public int SegmentsWithSteps => Steps == 0 ? 0 : (Steps - 1) / Every + 1;

    /// <summary>How many steps start in the segment that starts at state <paramref name="start"/>.</summary>
    public int StepsFrom(int start) => Steps - start < Every ? Steps - start : Every;

    /// <summary>Whether state <paramref name="index"/> is in the segment held.</summary>
    public bool Holds(int index) => (uint)(index - SegmentStart) < (uint)SegmentLength;

    /// <summary>
    /// Makes the segment containing state <paramref name="index"/> the one held, with its checkpoint as
    /// its first state, and returns how many steps the caller must run to fill the rest.
    /// </summary>
    /// <exception cref="IndexOutOfRangeException">There is no such state, as reading past an array.</exception>
    public int Begin(int index)
    {
        if ((uint)index > (uint)Steps) throw new IndexOutOfRangeException("Index was outside the bounds of the Ops.Scan states.");
        int segment = index / Every;
        SegmentStart = segment * Every;
        SegmentLength = Steps - SegmentStart < Every ? Steps - SegmentStart + 1 : Every;
        Segment[0] = Checkpoints[segment];
        return SegmentLength - 1;
    }

    /// <summary>The adjoint element reads sent to state <paramref name="index"/> (0 when none did).</summary>
    public double Adjoint(int index)
    {
        int segment = index / Every;
        return adjointPages[segment] is { } page ? page[index - segment * Every] : 0.0;
    }

    /// <summary>The adjoints element reads sent to the states of a segment, or null when they sent none.</summary>
    public double[]? AdjointPage(int segment) => adjointPages[segment];

    /// <summary>Adds to the adjoint of state <paramref name="index"/>, as <c>adjoint[index] += contribution</c> would.</summary>
    public void AddAdjoint(int index, double contribution)
    {
        int segment = index / Every;
        ref var page = ref adjointPages[segment];
        page ??= new double[SegmentCapacity];
        page[index - segment * Every] += contribution;
    }
}
