using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>A position in a parameter set instance of known structure, named by its path (<c>p.Layers[1].W</c>).</summary>
internal abstract class SetNode(string path)
{
    public string Path { get; } = path;
}

/// <summary>A <c>double</c>, <c>double[]</c> or <c>double[,]</c> member: one parameter of the lowered function.</summary>
internal sealed class LeafNode(string path, SetMember member) : SetNode(path)
{
    public SetMember Member { get; } = member;

    /// <summary>The lowered function's parameter standing for this member, named after its path.</summary>
    public ParameterExpression Parameter { get; } = Expression.Parameter(member.Type, path);
}

/// <summary>A set instance: the root parameter, a nested set, or an element of an array of sets.</summary>
internal sealed class SetInstanceNode : SetNode
{
    private readonly Dictionary<SetMember, SetNode> children = [];

    /// <param name="path">Its path.</param>
    /// <param name="layout">Its type's layout.</param>
    /// <param name="structure">The lengths of the arrays of sets inside, in <see cref="Leaves"/> order; null to
    /// let each array grow to the highest index the function reads (a stand-in, to check the function up front).</param>
    public SetInstanceNode(string path, SetLayout layout, Queue<int>? structure) : base(path)
    {
        Layout = layout;
        foreach (var m in layout.Members)
        {
            var childPath = $"{path}.{m.Name}";
            SetNode? child = m.Kind switch
            {
                SetMemberKind.Scalar or SetMemberKind.Vector or SetMemberKind.Matrix => new LeafNode(childPath, m),
                SetMemberKind.Set => new SetInstanceNode(childPath, m.Layout!, structure),
                SetMemberKind.SetArray => new SetArrayNode(childPath, m, structure),
                _ => null,
            };
            if (child is not null) children[m] = child;
        }
    }

    public SetLayout Layout { get; }

    /// <summary>The node of member <paramref name="member"/>; null for data and computed members.</summary>
    public SetNode? Child(SetMember member) => children.GetValueOrDefault(member);

    /// <summary>Every parameter inside, members in layout order, arrays in index order.</summary>
    public IEnumerable<LeafNode> Leaves() => Layout.Members.Select(Child).OfType<SetNode>().SelectMany(LeavesOf);

    private static IEnumerable<LeafNode> LeavesOf(SetNode node) => node switch
    {
        LeafNode leaf => [leaf],
        SetInstanceNode set => set.Leaves(),
        SetArrayNode array => array.Elements.SelectMany(e => e.Leaves()),
        _ => [],
    };
}

/// <summary>An array of sets: its length is part of the structure a program is built for.</summary>
internal sealed class SetArrayNode : SetNode
{
    private readonly List<SetInstanceNode> elements = [];

    public SetArrayNode(string path, SetMember member, Queue<int>? structure) : base(path)
    {
        Member = member;
        Grows = structure is null;
        if (structure is null) return;
        int length = structure.Dequeue();
        for (int k = 0; k < length; k++) elements.Add(new SetInstanceNode($"{path}[{k}]", member.Layout!, structure));
    }

    public SetMember Member { get; }

    /// <summary>Whether this is a stand-in whose length follows the indices read.</summary>
    public bool Grows { get; }

    public IReadOnlyList<SetInstanceNode> Elements => elements;

    /// <summary>Element <paramref name="index"/>, added (with those before it) when the array is a stand-in.</summary>
    /// <exception cref="ArgumentException">The instance's array is shorter.</exception>
    public SetInstanceNode Element(int index)
    {
        if (Grows)
            while (elements.Count <= index) elements.Add(new SetInstanceNode($"{Path}[{elements.Count}]", Member.Layout!, null));
        if (index < 0 || index >= elements.Count)
            throw new ArgumentException($"The function reads {Path}[{index}], but {Path} has {elements.Count} elements.", Path.Split('.', '[')[0]);
        return elements[index];
    }
}
