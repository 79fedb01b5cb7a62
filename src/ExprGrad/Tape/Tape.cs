using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The forward stages of a computation as single assignments <c>t_k = op(t_i, t_j)</c>, in evaluation
/// order. Conditionals and loops hold nested tapes. Operands are atoms: parameters, constants or
/// earlier slots, so every forward value is computed once and read by reference afterwards.
/// </summary>
internal sealed class Tape
{
    public Tape(Tape? parent) => Parent = parent;

    public Tape? Parent { get; }

    public List<Step> Steps { get; } = [];

    /// <summary>For a loop body: the values its forward loop keeps for the backward loop, or null.</summary>
    public StoredValues? Stored { get; set; }

    public bool Encloses(Tape other)
    {
        for (var t = other; t is not null; t = t.Parent)
            if (t == this) return true;
        return false;
    }
}

/// <summary>One forward stage; <see cref="Output"/> is the slot it assigns.</summary>
internal abstract record Step(Expression Output);

/// <summary><c>Output = Value</c> where Value is a rule's primitive applied to atoms.</summary>
internal sealed record PrimitiveStep(Expression Output, Expression Value, Rule Rule, IReadOnlyList<Expression> Args) : Step(Output);

/// <summary>A value that carries no gradient: a constant, a closure read, a comparison, an index.</summary>
internal sealed record PassiveStep(Expression Output, Expression Value) : Step(Output);

/// <summary><c>Output = Array[Indices]</c> from a differentiable array; its adjoint scatters back.</summary>
internal sealed record ElementReadStep(Expression Output, Expression Array, IReadOnlyList<Expression> Indices) : Step(Output);

/// <summary>
/// <c>Outputs = Test ? (WhenTrue…, TrueResults) : (WhenFalse…, FalseResults)</c>; only the taken branch runs.
/// A conditional expression has one output; an if-statement has one per variable it assigns.
/// </summary>
internal sealed record BranchStep(IReadOnlyList<Expression> Outputs, Expression Test,
    Tape WhenTrue, IReadOnlyList<Expression> TrueResults, Tape WhenFalse, IReadOnlyList<Expression> FalseResults) : Step(Outputs[0]);

/// <summary><c>Output = Σ_{Index &lt; Count} Term</c> with Term computed by Body; or, when it <see cref="Collects"/>,
/// <c>Output = [Term_0 … Term_{Count − 1}]</c> (<c>Ops.Vector</c>).</summary>
internal sealed record SumStep(Expression Output, Expression Count, ParameterExpression Index, Tape Body, Expression Term) : Step(Output)
{
    /// <summary>The terms are kept as a vector rather than added: the same loop, forward and backward, except that
    /// term i's adjoint is element i of the output's instead of the whole sum's.</summary>
    public bool Collects { get; init; }

    /// <summary>The sum runs inside the loop of the scan it reads (<see cref="ScanStep.FusedSum"/>), forward and
    /// backward; where it stands it emits nothing.</summary>
    public bool FusedIntoScan { get; init; }
}

/// <summary>
/// <c>Output = [s_0 … s_Steps]</c> with s_0 = Initial and s_{t+1} = Next(State = s_t, Time = t).
/// The forward pass keeps every state; the backward pass replays the steps in reverse. A scan written with
/// a checkpoint interval has <see cref="CheckpointEvery"/>; once <see cref="CheckpointPlanner"/> has found
/// that its states are only read by index, it also has a <see cref="Store"/> and keeps checkpoints instead
/// (Output is then never assigned: <see cref="CheckpointedReadStep"/>s read the store).
/// </summary>
internal sealed record ScanStep(Expression Output, Expression StepCount, Expression Initial,
    ParameterExpression State, ParameterExpression Time, Tape Body, Expression Next,
    Expression? CheckpointEvery = null, ParameterExpression? Store = null) : Step(Output)
{
    /// <summary>The recurrence runs in locals (<see cref="GradientOptions.CarryStatesInLocals"/>): the forward loop
    /// passes each state to the next step in a variable, not by reading back the element it has just stored, and
    /// the backward loop likewise carries the state's adjoint.</summary>
    public bool CarriesState { get; init; }

    /// <summary>A sum over this scan's steps whose terms read its states at t or t + 1, run inside this scan's
    /// loops (<see cref="GradientOptions.FuseSumsIntoScans"/>, <see cref="ScanSumFusion"/>).</summary>
    public SumStep? FusedSum { get; init; }
}

/// <summary><c>Output = states[Index]</c> of a checkpointed scan: from the segment its store holds,
/// recomputed from a checkpoint first when it holds another one. Its adjoint goes to the store's pages.</summary>
internal sealed record CheckpointedReadStep(Expression Output, ScanStep Scan, Expression Index) : Step(Output);

/// <summary>
/// A while-loop over the variables it assigns (its states). Each iteration first runs the first
/// <c>ConditionLength</c> stages of Body to compute ContinueWhen, stops when it is false, then records the
/// states on their trails and runs the rest; Nexts become the new states. The backward pass restores
/// each iteration's states from the trails, from the last iteration to the first.
/// </summary>
internal sealed record LoopStep(IReadOnlyList<Expression> Outputs, IReadOnlyList<Expression> Initials,
    IReadOnlyList<ParameterExpression> States, Tape Body, int ConditionLength, Expression ContinueWhen,
    IReadOnlyList<Expression> Nexts, ParameterExpression Count, IReadOnlyList<ParameterExpression> Trails,
    IReadOnlyList<ParameterExpression> Carries) : Step(Outputs[0]);
