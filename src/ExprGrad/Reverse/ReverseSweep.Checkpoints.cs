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
    /// that order, and so does the variable. Same values, same operations: the gradient is bit-identical. A vector
    /// state's carried adjoint is null until something sends it one, and then a zero row of the state's length plus
    /// what was sent, as the plain scan's row.
    /// </summary>
    private void CheckpointedScan(ScanStep step, List<Expression> code)
    {
        var store = step.Store!;
        var type = step.State.Type;
        bool vector = type != typeof(double);
        var carried = program.Slots.Variable(type, "dnext");
        var segment = program.Slots.Variable(typeof(int), "segment");
        var start = program.Slots.Variable(typeof(int), "start");
        var m = program.Slots.Variable(typeof(int), "m");
        var states = program.Slots.Variable(type.MakeArrayType(), "segmentStates");
        MaterializeOuter([step.Body], [step.Next], code);
        // A vector seed no one sent anything is a zero row shaped like the step's (recomputed) result.
        var seed = vector ? Expression.Coalesce(carried, TensorTypes.ZeroLike(step.Next)) : (Expression)carried;
        var body = BackwardOf(step.Body, step.Next, seed, recompute: true, prologue: Expression.Block(
            Expression.Assign(step.Time, Expression.Add(start, m)),
            Expression.Assign(step.State, Expression.ArrayAccess(states, m))));
        // The segment's page of adjoints is fetched once per segment: no division per step.
        var page = program.Slots.Variable(type.MakeArrayType(), "page");
        var readsAdjoint = Expression.Condition(Expression.Equal(page, Expression.Constant(null, page.Type)),
            vector ? Expression.Constant(null, type) : Expression.Constant(0.0), Expression.ArrayAccess(page, m));
        if (adjoints.Read(step.State) is not { } stateAdjoint) body.Add(Expression.Assign(carried, readsAdjoint));
        else if (!vector) body.Add(Expression.Assign(carried, Expression.Add(readsAdjoint, stateAdjoint)));
        else body.AddRange([Expression.Assign(carried, readsAdjoint), ZeroIfNone(carried, step.State),
            Expression.Assign(carried, Expression.Call(typeof(Ops), nameof(Ops.Add), null, carried, stateAdjoint))]);

        code.Add(Expression.Assign(carried, CheckpointedScans.Call(store, nameof(CheckpointStore<double>.Adjoint), step.StepCount)));
        code.Add(Loops.Down(segment, CheckpointedScans.Member(store, nameof(CheckpointStore<double>.SegmentsWithSteps)),
        [
            Expression.Assign(start, Expression.Multiply(segment, CheckpointedScans.Member(store, nameof(CheckpointStore<double>.Every)))),
            Expression.IfThen(Expression.Not(CheckpointedScans.Call(store, nameof(CheckpointStore<double>.Holds), start)),
                CheckpointedScans.Fill(step, start)),
            Expression.Assign(page, CheckpointedScans.Call(store, nameof(CheckpointStore<double>.AdjointPage), segment)),
            Expression.Assign(states, CheckpointedScans.Member(store, nameof(CheckpointStore<double>.Segment))),
            Loops.Down(m, CheckpointedScans.Call(store, nameof(CheckpointStore<double>.StepsFrom), start), body),
        ]));
        if (!program.IsActive(step.Initial)) return;
        if (vector) code.Add(ZeroIfNone(carried, step.Initial));
        adjoints.Accumulate(step.Initial, carried, code);
    }

    /// <summary><c>row ??= new double[like.Length]</c>: the zero row the plain scan's adjoint would hold.</summary>
    private static Expression ZeroIfNone(ParameterExpression row, Expression like) =>
        Expression.IfThen(Expression.Equal(row, Expression.Constant(null, row.Type)), Expression.Assign(row, TensorTypes.ZeroLike(like)));
}
