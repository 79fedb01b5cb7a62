using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>The result of linearization: the root tape, the atom holding the function's value, and which
/// atoms are active (depend on a parameter we differentiate with respect to) and which tape owns them.</summary>
internal sealed class LinearProgram(
    LambdaExpression function, Tape root, Expression result,
    HashSet<Expression> active, Dictionary<Expression, Tape> owners, Slots slots,
    IReadOnlyDictionary<Expression, ParameterExpression> checkpointStores, IReadOnlySet<Expression> inPlaceStates)
{
    public LambdaExpression Function { get; } = function;
    public Tape Root { get; } = root;
    public Expression Result { get; } = result;
    public Slots Slots { get; } = slots;

    public bool IsActive(Expression atom) => active.Contains(atom);

    /// <summary>The store of a checkpointed scan's output (<see cref="CheckpointPlanner"/>), which holds its
    /// states and their adjoints in place of arrays; null for every other atom.</summary>
    public ParameterExpression? CheckpointStoreOf(Expression atom) => checkpointStores.GetValueOrDefault(atom);

    /// <summary>Whether <paramref name="state"/> is a while-loop's state holding an array written in place
    /// (<see cref="FillPattern"/>): its carried adjoint is cleared element by element, in place.</summary>
    public bool IsWrittenInPlace(Expression state) => inPlaceStates.Contains(state);

    /// <summary>The elements of the result when the program builds it as <c>new[] { … }</c> at the top level, else null:
    /// the output's length is then known before the program runs, and its elements can go straight into a buffer.</summary>
    public IReadOnlyList<Expression>? ResultElements =>
        Root.Steps.FirstOrDefault(s => s.Output == Result) switch
        {
            PrimitiveStep { Value: NewArrayExpression { NodeType: ExpressionType.NewArrayInit } pack } => pack.Expressions,
            PassiveStep { Value: NewArrayExpression { NodeType: ExpressionType.NewArrayInit } pack } => pack.Expressions,
            _ => null,
        };

    public Tape OwnerOf(Expression atom) => owners.TryGetValue(atom, out var tape) ? tape : Root;

    public IReadOnlySet<Expression> FreeActiveAtoms(Tape tape) => analysis.FreeActiveAtoms(tape);

    private readonly TapeAnalysis analysis = new(active, owners);
}
