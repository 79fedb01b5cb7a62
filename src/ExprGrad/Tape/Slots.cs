using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Hands out the storage of forward values and adjoints. Scalars live in locals until a method would
/// hold too many (IL allows 65,535 locals and the JIT tracks far fewer well); past that they spill into
/// one array allocated per call, which is what lets a 50,000-deep tree compile at all.
/// </summary>
internal sealed class Slots
{
    private const int MaxScalarLocals = 4000;
    private readonly List<ParameterExpression> variables = [];
    private int scalarLocals;
    private int spilled;

    public ParameterExpression SpillArray { get; } = Expression.Variable(typeof(double[]), "spill");

    public int SpilledCount => spilled;

    public IReadOnlyList<ParameterExpression> Variables => variables;

    /// <summary>A fresh slot: a variable, or an element of the spill array for scalars past the limit.</summary>
    public Expression New(Type type, string name)
    {
        if (type == typeof(double) && scalarLocals >= MaxScalarLocals)
            return Expression.ArrayAccess(SpillArray, Expression.Constant(spilled++));
        if (type == typeof(double)) scalarLocals++;
        return Variable(type, name);
    }

    /// <summary>Where the slots handed out so far end, for <see cref="Rollback"/>.</summary>
    public SlotsMark Mark() => new(variables.Count, scalarLocals, spilled);

    /// <summary>Takes back every slot handed out since <paramref name="mark"/>: code emitted on trial and then
    /// discarded leaves no declarations behind.</summary>
    public void Rollback(SlotsMark mark)
    {
        variables.RemoveRange(mark.Variables, variables.Count - mark.Variables);
        (scalarLocals, spilled) = (mark.ScalarLocals, mark.Spilled);
    }

    /// <summary>Takes back a variable that turned out not to be needed, so it is not declared.</summary>
    public void Forget(ParameterExpression variable) => variables.Remove(variable);

    /// <summary>A fresh variable (loop indices and states must be real variables).</summary>
    public ParameterExpression Variable(Type type, string name)
    {
        var v = Expression.Variable(type, name);
        variables.Add(v);
        return v;
    }
}

/// <summary>A position in <see cref="Slots"/>: how many variables, scalar locals and spilled slots existed.</summary>
internal readonly record struct SlotsMark(int Variables, int ScalarLocals, int Spilled);
