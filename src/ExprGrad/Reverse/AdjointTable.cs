using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The adjoint of every active atom while the reverse sweep is being emitted. An adjoint starts as a
/// symbolic zero (no code, no variable). Its first contribution is an assignment, or no code at all
/// when the contribution is already an atom (it is then known to equal that atom); later ones add.
/// Array adjoints are only mutated in place once they hold an array of their own, so aliasing a
/// contribution is always safe.
/// </summary>
internal sealed class AdjointTable(LinearProgram program, IReadOnlyDictionary<Expression, ParameterExpression>? buffers = null)
{
    private enum Kind { Known, Held }

    private readonly record struct State(Kind Kind, Expression Value);

    private readonly Dictionary<Expression, State> states = [];

    /// <summary>The adjoint's current value, or null while it is a symbolic zero.</summary>
    public Expression? Read(Expression atom) => states.TryGetValue(atom, out var s) ? s.Value : null;

    public void Accumulate(Expression atom, Expression contribution, List<Expression> code)
    {
        if (!states.TryGetValue(atom, out var state))
        {
            if (IsAlias(contribution))
            {
                states[atom] = new State(Kind.Known, contribution);
                return;
            }
            var fresh = NewVariable(atom);
            code.Add(Expression.Assign(fresh, contribution));
            states[atom] = new State(Kind.Held, fresh);
            return;
        }
        if (state.Kind == Kind.Known)
        {
            var own = NewVariable(atom);
            code.Add(Expression.Assign(own, Add(state.Value, contribution)));
            states[atom] = new State(Kind.Held, own);
            return;
        }
        code.Add(atom.Type == typeof(double)
            ? Expression.AddAssign(state.Value, contribution)
            : Call(nameof(Kernels.AddInPlace), state.Value, contribution));
    }

    /// <summary>Adds <paramref name="contribution"/> to one element of an array's adjoint.</summary>
    public void Scatter(Expression array, IReadOnlyList<Expression> indices, Expression contribution, List<Expression> code)
    {
        Materialize(array, code);
        code.Add(program.CheckpointStoreOf(array) is { } store
            ? Expression.Call(store, nameof(CheckpointStore<double>.AddAdjoint), null, indices[0], contribution)
            : AddToElement(Expression.ArrayAccess(states[array].Value, indices), contribution));
    }

    /// <summary><c>element += contribution</c>; for a vector scan's state (a row of its states' adjoint), a new row
    /// holding the sum: the row may be another adjoint's value, and forward mode follows an assignment.</summary>
    public static Expression AddToElement(IndexExpression element, Expression contribution) =>
        element.Type == typeof(double) ? Expression.AddAssign(element, contribution)
        : Expression.Assign(element, Expression.Call(typeof(Ops), nameof(Ops.Add), null, element, contribution));

    /// <summary>Gives the adjoint a variable of its own holding its current value, so that code inside a
    /// branch or loop can add to it whatever happened before.</summary>
    public void Materialize(Expression atom, List<Expression> code)
    {
        states.TryGetValue(atom, out var state);
        if (state.Value is not null && state.Kind == Kind.Held) return;
        if (program.CheckpointStoreOf(atom) is { } store)
        {
            // A checkpointed scan's states are read only by index, so their adjoint only ever receives element
            // contributions, and its store keeps them: there is no array to allocate or value to carry over.
            if (state.Value is not null) throw new InvalidOperationException("A checkpointed scan's adjoint received a whole-array contribution.");
            states[atom] = new State(Kind.Held, store);
            return;
        }
        if (buffers is not null && buffers.TryGetValue(atom, out var buffer))
        {
            // The caller's buffer is the adjoint itself: scattered contributions land in it directly.
            code.Add(state.Value is null ? ClearArray(buffer) : CopyArray(state.Value, buffer));
            states[atom] = new State(Kind.Held, buffer);
            return;
        }
        var own = NewVariable(atom);
        // A loop carry held exclusively is the known value of this atom alone: the atom takes its array over.
        var initial = state.Value is null ? TensorTypes.ZeroLike(atom)
            : atom.Type == typeof(double) || state.Kind != Kind.Held && exclusiveCarries.Contains(state.Value) ? state.Value
            : Call(nameof(Kernels.Clone), state.Value);
        code.Add(Expression.Assign(own, initial));
        states[atom] = new State(Kind.Held, own);
        if (atom.Type != typeof(double)) exclusive.Add(own);
    }

    /// <summary>Variables holding an array no one else holds: allocated here, or handed on by their only holder.
    /// In-place writes clear their elements (<see cref="ArrayWrites"/>). A held adjoint is not necessarily one:
    /// its first contribution may return an array it was given (a vector-Jacobian product's seed).</summary>
    private readonly HashSet<Expression> exclusive = [];

    /// <summary>Loop carries of arrays written in place: each holds an array no one else holds, and is the known value
    /// of one atom at a time (the iteration's next state, then the loop's initial one).</summary>
    private readonly HashSet<Expression> exclusiveCarries = [];

    /// <summary>Whether the adjoint's current value is an array no one else holds. A known value other than a carry
    /// may be shared: a rule passing g on to two arguments makes both adjoints g.</summary>
    public bool IsExclusive(Expression atom) => states.TryGetValue(atom, out var state)
        && (state.Kind == Kind.Held ? exclusive.Contains(state.Value) : exclusiveCarries.Contains(state.Value));

    /// <summary>Records that the adjoint of <paramref name="atom"/>, held in a variable of its own, is an array no one else holds.</summary>
    public void MarkExclusive(Expression atom)
    {
        if (states.TryGetValue(atom, out var state) && state.Kind == Kind.Held) exclusive.Add(state.Value);
    }

    /// <summary>Records that <paramref name="carry"/>, a loop's carried adjoint, holds an array no one else holds.</summary>
    public void MarkExclusiveCarry(ParameterExpression carry) => exclusiveCarries.Add(carry);

    /// <summary>Gives the adjoint an array of its own, copying its current value: afterwards it is exclusive.</summary>
    public void Copy(Expression atom, List<Expression> code)
    {
        var own = NewVariable(atom);
        code.Add(Expression.Assign(own, states.TryGetValue(atom, out var state) ? Call(nameof(Kernels.Clone), state.Value) : TensorTypes.ZeroLike(atom)));
        states[atom] = new State(Kind.Held, own);
        exclusive.Add(own);
    }

    /// <summary>The adjoint as a value the caller may keep: arrays are copied unless exclusively ours.</summary>
    public Expression? ReadOwned(Expression atom)
    {
        if (!states.TryGetValue(atom, out var state)) return null;
        return state.Kind == Kind.Held || atom.Type == typeof(double)
            ? state.Value
            : Call(nameof(Kernels.Clone), state.Value);
    }

    /// <summary>Leaves the adjoint of <paramref name="atom"/> in the caller's <paramref name="buffer"/>.</summary>
    public Expression WriteInto(Expression atom, ParameterExpression buffer)
    {
        if (!states.TryGetValue(atom, out var state)) return ClearArray(buffer);
        return state.Value == buffer ? Expression.Empty() : CopyArray(state.Value, buffer);
    }

    private static Expression ClearArray(ParameterExpression array) =>
        Expression.Call(typeof(Array), nameof(Array.Clear), null, Expression.Convert(array, typeof(Array)));

    private static Expression CopyArray(Expression from, ParameterExpression to) =>
        Expression.Call(typeof(Array), nameof(Array.Copy), null,
            Expression.Convert(from, typeof(Array)), Expression.Convert(to, typeof(Array)), Expression.Property(to, nameof(Array.Length)));

    private static bool IsAlias(Expression contribution) =>
        contribution is ParameterExpression or ConstantExpression
        || contribution is IndexExpression { Object: ParameterExpression, Arguments: [ConstantExpression] };

    private static Expression Add(Expression a, Expression b) =>
        a.Type == typeof(double) ? Expression.Add(a, b) : Expression.Call(typeof(Ops), nameof(Ops.Add), null, a, b);

    private static Expression Call(string kernel, params Expression[] args) => Expression.Call(typeof(Kernels), kernel, null, args);

    private Expression NewVariable(Expression atom) =>
        program.Slots.New(atom.Type, "d" + (atom is ParameterExpression { Name: { } n } ? n : "t"));
}
