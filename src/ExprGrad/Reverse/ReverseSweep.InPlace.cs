using System.Linq.Expressions;

namespace ExprGrad;

internal sealed partial class ReverseSweep
{
    /// <summary>
    /// The backward stage of an in-place write <c>w = Set(a, i, v)</c> (<see cref="ArrayWrites"/>): v̄ += w̄[i], then
    /// ā = w̄ with element i cleared, in place, on an array no one else holds. The value's share is read before the
    /// clear, into a variable of its own (never a known alias of <c>w̄[i]</c>, which the clear would change).
    /// </summary>
    private void InPlaceWrite(PrimitiveStep step, List<Expression> code)
    {
        var array = step.Args[0];
        var indices = step.Args.Skip(1).Take(step.Args.Count - 2).ToArray();
        var value = step.Args[^1];
        var g = ExclusiveAdjoint(step.Output, code);
        if (program.IsActive(value))
            adjoints.Accumulate(value, indices.Length == 1 ? Expression.ArrayIndex(g, indices[0]) : Expression.ArrayIndex(g, indices), code);
        if (!program.IsActive(array)) return;
        bool first = adjoints.Read(array) is null;
        adjoints.Accumulate(array, Expression.Call(typeof(ArrayWrites), nameof(ArrayWrites.Cleared), null, [g, .. indices]), code);
        // The cleared array is w̄'s, whose last reader this was: ā, its first holder, now holds it alone.
        if (first) adjoints.MarkExclusive(array);
    }

    /// <summary>
    /// The adjoint of <paramref name="atom"/> as an array no one else holds, copied when it may be shared. Every
    /// reader of the atom's adjoint has run by now (the sweep goes backwards), so only other atoms sharing the array
    /// could notice a change.
    /// </summary>
    private Expression ExclusiveAdjoint(Expression atom, List<Expression> code)
    {
        if (!adjoints.IsExclusive(atom)) adjoints.Copy(atom, code);
        return adjoints.Read(atom)!;
    }

    /// <summary>The adjoint a loop carries back into the previous iteration: an array written in place keeps one
    /// array of its own through all iterations, copied only when an iteration left it shared.</summary>
    private Expression? CarriedAdjoint(Expression state, List<Expression> code)
    {
        if (!program.IsWrittenInPlace(state) || adjoints.Read(state) is null) return adjoints.ReadOwned(state);
        return ExclusiveAdjoint(state, code);
    }
}
