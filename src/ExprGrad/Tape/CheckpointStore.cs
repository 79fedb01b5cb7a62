using System.Runtime.CompilerServices;

namespace ExprGrad.Runtime;

/// <summary>
/// What a checkpointed <c>Ops.Scan</c> keeps at run time instead of its array of states: every k-th state
/// (the checkpoints), one segment of k consecutive states recomputed from a checkpoint, and the adjoints that
/// element reads send to the states, in pages of k allocated on first write. The recomputation itself is
/// emitted code (the scan's body, inlined where a segment is needed); this class only holds the storage and
/// says which segment it holds. T is the state's type: double, or double[] for a vector state (whose adjoint
/// elements start as null, a zero no one has added to). Public, as <see cref="Kernels"/> is, so that printed
/// gradient code compiles; not meant to be used by hand.
/// </summary>
/// <typeparam name="T">The state's type.</typeparam>
public sealed class CheckpointStore<T>
{
    private readonly T[]?[] adjointPages;

    /// <summary>The storage of a scan of <paramref name="steps"/> steps with a checkpoint every <paramref name="checkpointEvery"/> states.</summary>
    /// <param name="steps">The scan's number of steps.</param>
    /// <param name="checkpointEvery">k, or 0 for ⌈√steps⌉.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="checkpointEvery"/> is negative.</exception>
    public CheckpointStore(int steps, int checkpointEvery)
    {
        Steps = steps;
        Every = Interval(steps, checkpointEvery);
        int segments = steps / Every + 1;
        Checkpoints = new T[segments];
        Segment = new T[SegmentCapacity];
        adjointPages = new T[]?[segments];
    }

    /// <summary>The scan's number of steps: the states are s₀ … s_Steps.</summary>
    public int Steps { get; }

    /// <summary>k, the distance between checkpoints.</summary>
    public int Every { get; }

    /// <summary>s₀, s_k, s_2k, …: written by the forward pass.</summary>
    public T[] Checkpoints { get; }

    /// <summary>States SegmentStart … SegmentStart + SegmentLength − 1.</summary>
    public T[] Segment { get; }

    /// <summary>The index of the first state the segment holds.</summary>
    public int SegmentStart { get; private set; }

    /// <summary>How many states the segment holds.</summary>
    public int SegmentLength { get; private set; }

    private int SegmentCapacity => Steps < Every ? Steps + 1 : Every;

    /// <summary>k for <paramref name="checkpointEvery"/>: itself, or ⌈√steps⌉ (at least 1) for 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="checkpointEvery"/> is negative.</exception>
    /// <param name="steps">The scan's number of steps.</param>
    /// <param name="checkpointEvery">The interval asked for.</param>
    /// <returns>The interval used.</returns>
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
    /// <param name="start">The segment's first state.</param>
    /// <returns>The number of steps.</returns>
    public int StepsFrom(int start) => Steps - start < Every ? Steps - start : Every;

    /// <summary>Whether state <paramref name="index"/> is in the segment held.</summary>
    /// <param name="index">The state's index.</param>
    /// <returns>True when the segment holds it.</returns>
    public bool Holds(int index) => (uint)(index - SegmentStart) < (uint)SegmentLength;

    /// <summary>
    /// Makes the segment containing state <paramref name="index"/> the one held, with its checkpoint as
    /// its first state, and returns how many steps the caller must run to fill the rest.
    /// </summary>
    /// <exception cref="IndexOutOfRangeException">There is no such state, as reading past an array.</exception>
    /// <param name="index">The state's index.</param>
    /// <returns>The number of steps to run.</returns>
    public int Begin(int index)
    {
        if ((uint)index > (uint)Steps) throw new IndexOutOfRangeException("Index was outside the bounds of the Ops.Scan states.");
        int segment = index / Every;
        SegmentStart = segment * Every;
        SegmentLength = Steps - SegmentStart < Every ? Steps - SegmentStart + 1 : Every;
        Segment[0] = Checkpoints[segment];
        return SegmentLength - 1;
    }

    /// <summary>The adjoint element reads sent to state <paramref name="index"/> (0, or null for a vector, when none did).</summary>
    /// <param name="index">The state's index.</param>
    /// <returns>The adjoint.</returns>
    public T? Adjoint(int index)
    {
        int segment = index / Every;
        return adjointPages[segment] is { } page ? page[index - segment * Every] : default;
    }

    /// <summary>The adjoints element reads sent to the states of a segment, or null when they sent none.</summary>
    /// <param name="segment">The segment's index.</param>
    /// <returns>The page, or null.</returns>
    public T[]? AdjointPage(int segment) => adjointPages[segment];

    /// <summary>Adds to the adjoint of state <paramref name="index"/>, as <c>adjoint[index] += contribution</c> would (for
    /// a vector, as the plain scan's zero row plus the contribution: the same additions, in the same order).</summary>
    /// <param name="index">The state's index.</param>
    /// <param name="contribution">The adjoint to add.</param>
    public void AddAdjoint(int index, T contribution)
    {
        int segment = index / Every;
        ref var page = ref adjointPages[segment];
        page ??= new T[SegmentCapacity];
        ref var element = ref page[index - segment * Every];
        // typeof(T) is a constant once the JIT specializes the class: the scalar store keeps its single addition.
        if (typeof(T) == typeof(double))
        {
            Unsafe.As<T, double>(ref element) += Unsafe.As<T, double>(ref contribution);
            return;
        }
        var row = (double[])(object)contribution!;
        element = (T)(object)Ops.Add((double[]?)(object?)element ?? new double[row.Length], row);
    }
}
