namespace ExprGrad;

/// <summary>Conversions between the values of a program and those of its sparsity trace, where a double is an
/// <see cref="IndexSet"/> (null: empty) and a double array an array of them of the same shape.</summary>
internal static class TraceValues
{
    /// <summary>The traced type of a program type: double → IndexSet, double[] → IndexSet[], and so on; other types stay.</summary>
    public static Type Of(Type type) =>
        type == typeof(double) ? typeof(IndexSet)
        : type.IsArray && Of(type.GetElementType()!) is var element && element != type.GetElementType()
            ? (type.GetArrayRank() == 1 ? element.MakeArrayType() : element.MakeArrayType(type.GetArrayRank()))
        : type;

    /// <summary>Whether a value of the type carries index sets.</summary>
    public static bool IsTraced(Type type) => Of(type) != type;

    /// <summary>A value that depends on no input, of the traced type of <paramref name="value"/>'s shape.</summary>
    public static IndexSet[] EmptyVector(double[] value) => new IndexSet[value.Length];

    /// <inheritdoc cref="EmptyVector"/>
    public static IndexSet[,] EmptyMatrix(double[,] value) => new IndexSet[value.GetLength(0), value.GetLength(1)];

    /// <inheritdoc cref="EmptyVector"/>
    public static IndexSet[][] EmptyJagged(double[][] value) => [.. value.Select(v => v is null ? null! : EmptyVector(v))];

    /// <summary>The union of every set in a traced value; null for values of other types.</summary>
    public static IndexSet? UnionOf(object? value)
    {
        IndexSet? all = null;
        switch (value)
        {
            case IndexSet s: return s;
            case IndexSet[][] jagged: foreach (var row in jagged) all = IndexSet.Union(all, UnionOf(row)); break;
            case Array array when array.GetType().GetElementType() == typeof(IndexSet):
                foreach (IndexSet? s in array) all = IndexSet.Union(all, s);
                break;
        }
        return all;
    }

    /// <summary>A program value of a traced value's shape, to call an opaque method on (0.5 everywhere: inside
    /// most primitives' domains).</summary>
    public static object? StandIn(object? value) => value switch
    {
        IndexSet => 0.5,
        IndexSet[] v => Enumerable.Repeat(0.5, v.Length).ToArray(),
        IndexSet[,] m => Fill(new double[m.GetLength(0), m.GetLength(1)]),
        IndexSet[][] j => j.Select(StandIn).Cast<double[]>().ToArray(),
        null => null,
        _ when IsTraced(value.GetType()) || value is Delegate => throw new TraceNotSupportedException($"an argument of type {value.GetType().Name}"),
        _ => value,
    };

    /// <summary>Adds <paramref name="all"/> to every set of a traced array (what a method writing into it may have written).</summary>
    public static void JoinInto(object? value, IndexSet? all)
    {
        switch (value)
        {
            case IndexSet[] v: for (int i = 0; i < v.Length; i++) v[i] = IndexSet.Union(v[i], all)!; break;
            case IndexSet[,] m:
                for (int i = 0; i < m.GetLength(0); i++)
                    for (int j = 0; j < m.GetLength(1); j++) m[i, j] = IndexSet.Union(m[i, j], all)!;
                break;
            case IndexSet[][] jagged: foreach (var row in jagged) JoinInto(row, all); break;
        }
    }

    /// <summary>The traced value of an opaque method's result: every element depends on <paramref name="all"/>.</summary>
    public static object? Filled(object? result, IndexSet? all) => result switch
    {
        double => all,
        double[] v => Enumerable.Repeat(all, v.Length).ToArray(),
        double[,] m => FillSets(new IndexSet?[m.GetLength(0), m.GetLength(1)], all),
        double[][] j => j.Select(v => (IndexSet?[])Filled(v, all)!).ToArray(),
        _ when result is not null && IsTraced(result.GetType()) => throw new TraceNotSupportedException($"a result of type {result.GetType().Name}"),
        _ => result,
    };

    /// <summary>A weak update of an array variable or element: either value could be there, so the element-wise union.</summary>
    public static object? Join(object? old, object? value)
    {
        if (old is null || ReferenceEquals(old, value)) return value;
        if (value is null) return old;
        switch (old, value)
        {
            case (IndexSet[] a, IndexSet[] b) when a.Length == b.Length:
                return a.Select((s, i) => IndexSet.Union(s, b[i])).ToArray();
            case (IndexSet[,] a, IndexSet[,] b) when a.GetLength(0) == b.GetLength(0) && a.GetLength(1) == b.GetLength(1):
                var m = new IndexSet?[a.GetLength(0), a.GetLength(1)];
                for (int i = 0; i < a.GetLength(0); i++)
                    for (int j = 0; j < a.GetLength(1); j++) m[i, j] = IndexSet.Union(a[i, j], b[i, j]);
                return m;
            case (IndexSet[][] a, IndexSet[][] b) when a.Length == b.Length:
                return a.Select((s, i) => (IndexSet[])Join(s, b[i])!).ToArray();
            default:
                throw new TraceNotSupportedException("arrays of different shapes chosen by values");
        }
    }

    /// <summary>A traced value with each set replaced by its position in <paramref name="sources"/> (appended), as a program value.</summary>
    public static object? Coded(object? value, List<IndexSet?> sources)
    {
        double Code(IndexSet? s) { sources.Add(s); return sources.Count - 1; }
        switch (value)
        {
            case IndexSet s: return Code(s);
            case IndexSet[] v: return v.Select(Code).ToArray();
            case IndexSet[,] m:
                var coded = new double[m.GetLength(0), m.GetLength(1)];
                for (int i = 0; i < m.GetLength(0); i++)
                    for (int j = 0; j < m.GetLength(1); j++) coded[i, j] = Code(m[i, j]);
                return coded;
            default: return StandIn(value);
        }
    }

    /// <summary>The traced value of a result computed on <see cref="Coded"/> values: each element the set it names.</summary>
    public static object? Decoded(object? result, List<IndexSet?> sources)
    {
        IndexSet? Source(double code) =>
            code >= 0 && code < sources.Count && code == Math.Floor(code) ? sources[(int)code] : throw new TraceNotSupportedException("a moved element that is no element");
        switch (result)
        {
            case double d: return Source(d);
            case double[] v: return v.Select(Source).ToArray();
            case double[,] m:
                var sets = new IndexSet?[m.GetLength(0), m.GetLength(1)];
                for (int i = 0; i < m.GetLength(0); i++)
                    for (int j = 0; j < m.GetLength(1); j++) sets[i, j] = Source(m[i, j]);
                return sets;
            default: throw new TraceNotSupportedException($"a moved result of type {result?.GetType().Name}");
        }
    }

    private static double[,] Fill(double[,] m)
    {
        for (int i = 0; i < m.GetLength(0); i++)
            for (int j = 0; j < m.GetLength(1); j++) m[i, j] = 0.5;
        return m;
    }

    private static IndexSet?[,] FillSets(IndexSet?[,] m, IndexSet? all)
    {
        for (int i = 0; i < m.GetLength(0); i++)
            for (int j = 0; j < m.GetLength(1); j++) m[i, j] = all;
        return m;
    }
}
