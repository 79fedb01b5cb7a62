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

/// <summary><c>Output = Test ? (WhenTrue…, TrueResult) : (WhenFalse…, FalseResult)</c>; only the taken branch runs.</summary>
internal sealed record BranchStep(Expression Output, Expression Test,
    Tape WhenTrue, Expression TrueResult, Tape WhenFalse, Expression FalseResult) : Step(Output);

/// <summary><c>Output = Σ_{Index &lt; Count} Term</c> with Term computed by Body.</summary>
internal sealed record SumStep(Expression Output, Expression Count, ParameterExpression Index, Tape Body, Expression Term) : Step(Output);

/// <summary>
/// <c>Output = [s_0 … s_Steps]</c> with s_0 = Initial and s_{t+1} = Next(State = s_t, Time = t).
/// The forward pass keeps every state; the backward pass replays the steps in reverse.
/// </summary>
internal sealed record ScanStep(Expression Output, Expression StepCount, Expression Initial,
    ParameterExpression State, ParameterExpression Time, Tape Body, Expression Next) : Step(Output);
