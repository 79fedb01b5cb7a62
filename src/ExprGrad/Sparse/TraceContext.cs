using System.Reflection;

namespace ExprGrad;

/// <summary>
/// The runtime of a sparsity trace (<see cref="SparsityTracer"/>): the operations a traced program calls in
/// place of arithmetic on doubles. Each returns the inputs its result can depend on; for a Hessian pattern the
/// nonlinear ones also record which pairs of inputs can interact (x·y pairs x's inputs with y's, f(x) for
/// nonlinear f pairs x's inputs among themselves). Pairs are kept for the whole program, not per value: a
/// superset of the true pattern (a pair formed in a value the result never reads stays), never a subset.
/// </summary>
internal sealed class TraceContext(int inputs, bool pairs)
{
    /// <summary>Beyond this many pairs the Hessian pattern is declared dense rather than enumerated.</summary>
    private const long PairLimit = 20_000_000;

    private readonly int[] marks = new int[inputs];
    private int stamp;

    /// <summary>The interacting pairs (i ≤ j, packed as i·2³² + j), when a Hessian pattern is traced.</summary>
    public HashSet<long>? Pairs { get; } = pairs ? new(PairHash.Instance) : null;

    /// <summary>Set when the pairs outgrew <see cref="PairLimit"/>: every pair then counts as interacting.</summary>
    public bool DensePairs { get; private set; }

    /// <summary>The number of inputs.</summary>
    public int Inputs => inputs;

    /// <summary>The sorted members of a set.</summary>
    public int[] Members(IndexSet? set) => set is null ? [] : set.Members(marks, ++stamp);

    /// <summary>A sum, difference or other linear combination: the union, no interaction.</summary>
    public IndexSet? Linear(IndexSet? a, IndexSet? b) => IndexSet.Union(a, b);

    /// <summary>a·b: every input of a interacts with every input of b.</summary>
    public IndexSet? Product(IndexSet? a, IndexSet? b)
    {
        Cross(a, b);
        return IndexSet.Union(a, b);
    }

    /// <summary>a/b: a's inputs interact with b's, and b's among themselves.</summary>
    public IndexSet? Quotient(IndexSet? a, IndexSet? b)
    {
        Cross(a, b);
        Cross(b, b);
        return IndexSet.Union(a, b);
    }

    /// <summary>A nonlinear function of one or two values: all their inputs interact.</summary>
    public IndexSet? Nonlinear(IndexSet? a, IndexSet? b)
    {
        var all = IndexSet.Union(a, b);
        Cross(all, all);
        return all;
    }

    /// <summary>A method the trace cannot see into (a tensor primitive, a registered user method): every
    /// value it returns or writes depends on every input of every argument, nonlinearly. Its result's shape
    /// comes from calling it on stand-in values of the arguments' shapes.</summary>
    public object? Opaque(MethodInfo method, object?[] arguments)
    {
        if (method.DeclaringType == typeof(Ops) && Moves.Contains(method.Name)) return Moved(method, arguments);
        IndexSet? all = null;
        var standIns = new object?[arguments.Length];
        for (int k = 0; k < arguments.Length; k++)
        {
            all = IndexSet.Union(all, TraceValues.UnionOf(arguments[k]));
            standIns[k] = TraceValues.StandIn(arguments[k]);
        }
        Cross(all, all);
        object? result;
        try { result = method.Invoke(null, standIns); }
        catch (TargetInvocationException e)
        {
            throw new TraceNotSupportedException($"{method.DeclaringType?.Name}.{method.Name} failed on stand-in values", e.InnerException);
        }
        // A void method works by writing into its arguments (a kernel's output buffer); a value-returning one is pure.
        if (method.ReturnType == typeof(void))
            foreach (var argument in arguments) TraceValues.JoinInto(argument, all);
        return TraceValues.Filled(result, all);
    }

    /// <summary>The primitives that only move elements (reshape, select, join): traced element by element.</summary>
    private static readonly HashSet<string> Moves =
        [nameof(Ops.Reshape), nameof(Ops.Flatten), nameof(Ops.Transpose), nameof(Ops.Row), nameof(Ops.Column), nameof(Ops.Slice), nameof(Ops.Concat), nameof(Ops.Diagonal)];

    /// <summary>A primitive that moves elements, run on their numbers: each traced element is replaced by its
    /// position in a list of sources, so each element of the result names the one it came from.</summary>
    private static object? Moved(MethodInfo method, object?[] arguments)
    {
        var sources = new List<IndexSet?>();
        var coded = arguments.Select(a => TraceValues.Coded(a, sources)).ToArray();
        try { return TraceValues.Decoded(method.Invoke(null, coded), sources); }
        catch (TargetInvocationException e)
        {
            throw new TraceNotSupportedException($"Ops.{method.Name} failed on element positions", e.InnerException);
        }
    }

    private void Cross(IndexSet? a, IndexSet? b)
    {
        if (Pairs is null || DensePairs || IndexSet.IsEmpty(a) || IndexSet.IsEmpty(b)) return;
        var x = Members(a);
        var y = ReferenceEquals(a, b) ? x : Members(b);
        if ((long)x.Length * y.Length + Pairs.Count > PairLimit) { DensePairs = true; Pairs.Clear(); return; }
        foreach (var i in x)
            foreach (var j in y)
                Pairs.Add(i <= j ? ((long)i << 32) | (uint)j : ((long)j << 32) | (uint)i);
    }
}

/// <summary>Hashes a packed pair by multiplying it out: long's own hash (high word ^ low word) sends every (i, i)
/// to 0 and every band of a banded pattern to a few buckets, which made the set quadratic.</summary>
internal sealed class PairHash : IEqualityComparer<long>
{
    public static readonly PairHash Instance = new();
    public bool Equals(long a, long b) => a == b;
    public int GetHashCode(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 32);
}

/// <summary>A construct a sparsity trace cannot follow; the pattern falls back to dense.</summary>
internal sealed class TraceNotSupportedException(string message, Exception? inner = null) : Exception(message, inner);
