namespace ExprGrad;

/// <summary>
/// The structure of parameter set instances: the lengths of their arrays of sets, in the order
/// <see cref="SetInstanceNode"/> reads them (members in layout order, arrays' elements in index order). Two
/// instances with the same structure have the same parameters, so they share one program. Measuring writes
/// into a buffer kept per thread and allocates nothing once it is large enough.
/// </summary>
internal sealed class SetStructure
{
    [ThreadStatic] private static SetStructure? current;

    private int[] lengths = new int[8];

    // The members and indices from the root to where a walk is, for naming a null member; no strings until then.
    private SetMember?[] trail = new SetMember?[8];
    private int[] trailIndices = new int[8];
    private int depth;

    /// <summary>How many lengths <see cref="Measure"/> has written since <see cref="Begin"/>.</summary>
    public int Count { get; private set; }

    public ReadOnlySpan<int> Lengths => lengths.AsSpan(0, Count);

    /// <summary>This thread's buffer, emptied.</summary>
    public static SetStructure Begin()
    {
        var s = current ??= new SetStructure();
        s.Count = 0;
        return s;
    }

    /// <summary>Appends the structure of <paramref name="instance"/>, a set of layout <paramref name="layout"/>.</summary>
    /// <exception cref="ArgumentNullException">The instance, a nested set, an array of sets or one of its
    /// elements is null (named by its path from <paramref name="root"/>).</exception>
    public void Measure(object? instance, SetLayout layout, string root)
    {
        if (instance is null) throw new ArgumentNullException(root, $"The parameter set '{root}' is null.");
        depth = 0;
        Walk(instance, layout, root);
    }

    private void Walk(object instance, SetLayout layout, string root)
    {
        foreach (var m in layout.Members)
        {
            if (m.Kind is not (SetMemberKind.Set or SetMemberKind.SetArray)) continue;
            Push(m, -1);
            var value = m.Getter(instance) ?? throw Null(root);
            if (m.Kind == SetMemberKind.Set)
            {
                Walk(value, m.Layout!, root);
            }
            else
            {
                var array = (object?[])value;
                Add(array.Length);
                for (int k = 0; k < array.Length; k++)
                {
                    trailIndices[depth - 1] = k;
                    Walk(array[k] ?? throw Null(root), m.Layout!, root);
                }
            }
            depth--;
        }
    }

    private void Add(int length)
    {
        if (Count == lengths.Length) Array.Resize(ref lengths, 2 * Count);
        lengths[Count++] = length;
    }

    private void Push(SetMember member, int index)
    {
        if (depth == trail.Length)
        {
            Array.Resize(ref trail, 2 * depth);
            Array.Resize(ref trailIndices, 2 * depth);
        }
        trail[depth] = member;
        trailIndices[depth++] = index;
    }

    private ArgumentNullException Null(string root)
    {
        var path = new System.Text.StringBuilder(root);
        for (int i = 0; i < depth; i++)
        {
            path.Append('.').Append(trail[i]!.Name);
            if (trailIndices[i] >= 0) path.Append('[').Append(trailIndices[i]).Append(']');
        }
        var text = path.ToString();
        return new ArgumentNullException(text, $"The parameter set's member '{text}' is null.");
    }
}
