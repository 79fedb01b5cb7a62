using System.Linq.Expressions;

namespace ExprGrad;

internal sealed partial class ReverseSweep
{
    /// <summary>
    /// The backward pass of a checkpointed scan: its segments from the last to the first, each recomputed from
    /// its checkpoint into the store's buffer (unless the store holds it already), then the segment's steps in
    /// reverse, each exactly as the plain scan's (<see cref="Scan"/>). The adjoint of the state the next step
    /// read is carried in one variable instead of an array of them: the plain scan's element t + 1 of that
    /// array holds, when step t reads it, the element reads' contributions plus what step t + 1 sent, added in
    /// that order, and so does the variable. Same values, same operations: the gradient is bit-identical.
    /// </summary>
    private void CheckpointedScan(ScanStep step, List<Expression> code)
    {
        var store = step.Store!;
        var carried = program.Slots.Variable(typeof(double), "dnext");
        var segment = program.Slots.Variable(typeof(int), "segment");
        var start = program.Slots.Variable(typeof(int), "start");
        var m = program.Slots.Variable(typeof(int), "m");
        var states = program.Slots.Variable(typeof(double[]), "segmentStates");
        MaterializeOuter([step.Body], [step.Next], code);
        var body = BackwardOf(step.Body, step.Next, carried, recompute: true, prologue: Expression.Block(
            Expression.Assign(step.Time, Expression.Add(start, m)),
            Expression.Assign(step.State, Expression.ArrayAccess(states, m))));
        // The segment's page of adjoints is fetched once per segment: no division per step.
        var page = program.Slots.Variable(typeof(double[]), "page");
        var readsAdjoint = Expression.Condition(Expression.Equal(page, Expression.Constant(null, typeof(double[]))),
            Expression.Constant(0.0), Expression.ArrayAccess(page, m));
        body.Add(Expression.Assign(carried,
            adjoints.Read(step.State) is { } stateAdjoint ? Expression.Add(readsAdjoint, stateAdjoint) : readsAdjoint));

        code.Add(Expression.Assign(carried, CheckpointedScans.Call(store, nameof(CheckpointStore.Adjoint), step.StepCount)));
        code.Add(Loops.Down(segment, CheckpointedScans.Member(store, nameof(CheckpointStore.SegmentsWithSteps)),
        [
            Expression.Assign(start, Expression.Multiply(segment, CheckpointedScans.Member(store, nameof(CheckpointStore.Every)))),
            Expression.IfThen(Expression.Not(CheckpointedScans.Call(store, nameof(CheckpointStore.Holds), start)),
                CheckpointedScans.Fill(step, start)),
            Expression.Assign(page, CheckpointedScans.Call(store, nameof(CheckpointStore.AdjointPage), segment)),
            Expression.Assign(states, CheckpointedScans.Member(store, nameof(CheckpointStore.Segment))),
            Loops.Down(m, CheckpointedScans.Call(store, nameof(CheckpointStore.StepsFrom), start), body),
        ]));
        if (program.IsActive(step.Initial)) adjoints.Accumulate(step.Initial, carried, code);
    }
}
