namespace ExprGrad;

/// <summary>
/// The set of inputs a traced value can depend on: the value a sparsity trace carries in place of a double
/// (null stands for the empty set). Small unions are merged at once; large ones stay a lazy node, flattened
/// only when read, so a running sum over 10⁶ terms costs one node per term rather than a copy per term.
/// </summary>
internal sealed class IndexSet
{
    private const int EagerLimit = 32;

    /// <summary>The sorted members, once known; null while the set is a lazy union of <see cref="left"/> and <see cref="right"/>.</summary>
    private int[]? items;
    private IndexSet? left, right;
    private int visited;

    private IndexSet(int[] items) => this.items = items;
    private IndexSet(IndexSet left, IndexSet right) => (this.left, this.right) = (left, right);

    /// <summary>The set {index}.</summary>
    public static IndexSet Single(int index) => new([index]);

    /// <summary>Whether the set is known to be empty (a lazy union never is).</summary>
    public static bool IsEmpty(IndexSet? s) => s is null || s.items is { Length: 0 };

    /// <summary>a ∪ b.</summary>
    public static IndexSet? Union(IndexSet? a, IndexSet? b)
    {
        if (IsEmpty(a) || ReferenceEquals(a, b)) return IsEmpty(b) ? a : b;
        if (IsEmpty(b)) return a;
        if (a!.items is { } x && b!.items is { } y && x.Length + y.Length <= EagerLimit) return new(Merge(x, y));
        return new(a, b!);
    }

    /// <summary>Whether <paramref name="grown"/> has a member <paramref name="old"/> lacks (both flattened).</summary>
    public static bool Grew(IndexSet? old, IndexSet? grown, TraceContext context)
    {
        if (ReferenceEquals(old, grown) || IsEmpty(grown)) return false;
        if (IsEmpty(old)) return true;
        return context.Members(grown!).Length != context.Members(old!).Length;
    }

    /// <summary>The members, sorted; flattening a lazy union walks its nodes once (explicitly: unions can be
    /// millions deep) and keeps the result.</summary>
    /// <param name="marks">A scratch array as long as the input, marking members seen.</param>
    /// <param name="stamp">A number not used before for <paramref name="marks"/> or node visits.</param>
    public int[] Members(int[] marks, int stamp)
    {
        if (items is { } known) return known;
        var found = new List<int>();
        var pending = new Stack<IndexSet>();
        pending.Push(this);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node.visited == stamp) continue;
            node.visited = stamp;
            if (node.items is { } leaf)
            {
                foreach (var i in leaf)
                    if (marks[i] != stamp) { marks[i] = stamp; found.Add(i); }
            }
            else { pending.Push(node.left!); pending.Push(node.right!); }
        }
        found.Sort();
        items = [.. found];
        left = right = null;
        return items;
    }

    private static int[] Merge(int[] x, int[] y)
    {
        var merged = new int[x.Length + y.Length];
        int i = 0, j = 0, k = 0;
        while (i < x.Length && j < y.Length)
        {
            if (x[i] < y[j]) merged[k++] = x[i++];
            else if (x[i] > y[j]) merged[k++] = y[j++];
            else { merged[k++] = x[i++]; j++; }
        }
        while (i < x.Length) merged[k++] = x[i++];
        while (j < y.Length) merged[k++] = y[j++];
        return k == merged.Length ? merged : merged[..k];
    }
}
