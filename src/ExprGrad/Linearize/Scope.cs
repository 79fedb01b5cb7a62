using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// What the linearizer knows at one point of the tree: which tape receives new stages, what each bound
/// lambda parameter stands for, and which stages already exist. Nested tapes (branches, loop bodies)
/// see their parents' stages but not each other's, so a value computed in one branch is never read in
/// the other.
/// </summary>
internal sealed class Scope
{
    private readonly Scope? parent;
    private readonly Dictionary<ParameterExpression, Expression> bindings = [];
    private readonly Dictionary<StageKey, Expression> stages = [];
    private readonly bool share;

    /// <param name="tape">The tape receiving this scope's stages.</param>
    /// <param name="parent">The enclosing scope, or null at the root.</param>
    /// <param name="share">Whether identical stages are shared (<see cref="GradientOptions.ShareSubexpressions"/>).</param>
    /// <param name="isLoopBody">Whether the tape is the body of a loop (<see cref="IsLoopBody"/>).</param>
    public Scope(Tape tape, Scope? parent, bool share, bool isLoopBody = false)
    {
        Tape = tape;
        this.parent = parent;
        this.share = share;
        IsLoopBody = isLoopBody;
    }

    public Tape Tape { get; }

    public Scope? Parent => parent;

    /// <summary>Whether this is the body of a loop (a sum, a scan or a while-loop), whose invariant stages may move
    /// out to the parent (<see cref="GradientOptions.HoistLoopInvariants"/>); a branch's is not.</summary>
    public bool IsLoopBody { get; }

    public Scope Child(bool isLoopBody = false) => new(new Tape(Tape), this, share, isLoopBody);

    public Scope Root => parent?.Root ?? this;

    public void Bind(ParameterExpression parameter, Expression atom) => bindings[parameter] = atom;

    public bool TryResolve(ParameterExpression parameter, out Expression atom)
    {
        for (var s = this; s is not null; s = s.parent)
            if (s.bindings.TryGetValue(parameter, out atom!)) return true;
        atom = null!;
        return false;
    }

    /// <summary>Every binding visible here, for rewriting passive sub-expressions verbatim.</summary>
    public Dictionary<ParameterExpression, Expression> VisibleBindings()
    {
        var all = new Dictionary<ParameterExpression, Expression>();
        for (var s = this; s is not null; s = s.parent)
            foreach (var (p, atom) in s.bindings) all.TryAdd(p, atom);
        return all;
    }

    public bool TryFind(StageKey key, out Expression atom)
    {
        atom = null!;
        if (!share) return false;
        for (var s = this; s is not null; s = s.parent)
            if (s.stages.TryGetValue(key, out atom!)) return true;
        atom = null!;
        return false;
    }

    public void Remember(StageKey key, Expression atom) => stages[key] = atom;
}

/// <summary>Identity of a stage for sharing identical subexpressions: the operation and its operands.
/// Constants compare by value, everything else by reference.</summary>
internal readonly record struct StageKey(object Operation, object? A0, object? A1, object? A2, object? A3)
{
    public static StageKey? Of(object operation, IReadOnlyList<Expression> operands)
    {
        if (operands.Count > 4) return null;
        return new StageKey(operation, At(operands, 0), At(operands, 1), At(operands, 2), At(operands, 3));
    }

    private static object? At(IReadOnlyList<Expression> operands, int i) =>
        i >= operands.Count ? null
        : operands[i] is ConstantExpression c ? (c.Type, c.Value)
        : operands[i];
}
