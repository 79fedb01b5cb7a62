using System.Linq.Expressions;

namespace ExprGrad;

internal sealed partial class ReverseSweep
{
    /// <summary>
    /// A scan's backward loop with the state's adjoint carried in a local (<see cref="ScanStep.CarriesState"/>):
    /// step t's output s_{t+1} receives what element reads sent to it (statesAdjoint[t + 1]) plus what step t + 1
    /// sent back through its state, held in <c>carry</c> rather than added into the array and read back. The sums
    /// are the same two terms in the same order as the array form's, so the gradient is bit for bit the same;
    /// <c>carry</c> starts at −0, which added to anything leaves it unchanged (as no addition would).
    /// </summary>
    private void CarriedScan(ScanStep step, Expression statesAdjoint, List<Expression> code)
    {
        var carry = program.Slots.Variable(typeof(double), "dstate");
        var seed = program.Slots.Variable(typeof(double), "dnext");
        var body = BackwardOf(step.Body, step.Next, seed, recompute: true,
            prologue: Expression.Assign(step.State, Expression.ArrayAccess(step.Output, step.Time)));
        var received = Expression.ArrayAccess(statesAdjoint, Expression.Increment(step.Time));
        var stateAdjoint = adjoints.Read(step.State);
        body.Insert(1, Expression.Assign(seed, stateAdjoint is null ? received : Expression.Add(received, carry)));
        if (stateAdjoint is not null) body.Add(Expression.Assign(carry, stateAdjoint));
        // Restoring the state is for the backward code that reads it; a step whose adjoint does not is left alone.
        var read = new HashSet<Expression>();
        foreach (var statement in body.Skip(1)) References.Collect(statement, read);
        if (!read.Contains(step.State)) body.RemoveAt(0);
        if (stateAdjoint is not null) code.Add(Expression.Assign(carry, Expression.Constant(-0.0)));
        code.Add(Loops.Down(step.Time, step.StepCount, body));
        if (!program.IsActive(step.Initial)) return;
        var first = Expression.ArrayAccess(statesAdjoint, Expression.Constant(0));
        adjoints.Accumulate(step.Initial, stateAdjoint is null ? first : Expression.Add(first, carry), code);
    }
}
