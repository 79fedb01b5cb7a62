using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The forward code of a checkpointed scan (<see cref="CheckpointPlanner"/>): its forward loop, which keeps every
/// k-th state in a <see cref="CheckpointStore{T}"/>; the reads of its states; and the segment fill both the reads and
/// the backward pass use. A fill runs the scan's own body from a checkpoint, the same stages on the same values
/// as the first pass, so every recomputed state is bit for bit the state that pass computed.
/// </summary>
internal static class CheckpointedScans
{
    /// <summary>store = new(steps, k); s₀ = Initial is checkpoint 0; each step's state, every k steps, the next.</summary>
    public static void EmitForward(ScanStep s, List<Expression> code)
    {
        var store = s.Store!;
        var (untilCheckpoint, checkpoint) = (Expression.Variable(typeof(int), "untilCheckpoint"), Expression.Variable(typeof(int), "checkpoint"));
        code.Add(RequireSteps(s));
        code.Add(Expression.Assign(store, Expression.New(store.Type.GetConstructor([typeof(int), typeof(int)])!,
            s.StepCount, s.CheckpointEvery!)));
        code.Add(Expression.Assign(s.State, s.Initial));
        code.Add(Expression.Assign(Element(store, nameof(CheckpointStore<double>.Checkpoints), Expression.Constant(0)), s.State));
        // A countdown rather than t % k: an integer division per step would cost as much as a small body.
        code.Add(Expression.Block([untilCheckpoint, checkpoint],
            Expression.Assign(untilCheckpoint, Member(store, nameof(CheckpointStore<double>.Every))),
            Expression.Assign(checkpoint, Expression.Constant(0)),
            Loops.Up(s.Time, s.StepCount,
            [
                .. ForwardSweep.Emit(s.Body),
                Expression.Assign(s.State, s.Next),
                Expression.IfThen(Expression.Equal(Expression.PreDecrementAssign(untilCheckpoint), Expression.Constant(0)),
                    Expression.Block(
                        Expression.Assign(Element(store, nameof(CheckpointStore<double>.Checkpoints), Expression.PreIncrementAssign(checkpoint)), s.State),
                        Expression.Assign(untilCheckpoint, Member(store, nameof(CheckpointStore<double>.Every))))),
            ])));
    }

    /// <summary><c>Output = states[Index]</c>: from the segment held, filled first when it is another one.</summary>
    public static Expression Read(CheckpointedReadStep r)
    {
        var store = r.Scan.Store!;
        return Expression.Assign(r.Output, Expression.Block(
            Expression.IfThen(Expression.Not(Call(store, nameof(CheckpointStore<double>.Holds), r.Index)), Fill(r.Scan, r.Index)),
            Element(store, nameof(CheckpointStore<double>.Segment), Expression.Subtract(r.Index, Member(store, nameof(CheckpointStore<double>.SegmentStart))))));
    }

    /// <summary>Recomputes the segment holding state <paramref name="index"/> from its checkpoint.</summary>
    public static Expression Fill(ScanStep s, Expression index)
    {
        var store = s.Store!;
        var (count, m, start) = (Expression.Variable(typeof(int), "count"), Expression.Variable(typeof(int), "m"), Expression.Variable(typeof(int), "start"));
        // The buffer in a local: the JIT cannot tell that the store's properties do not change inside the loop.
        var segment = Expression.Variable(s.State.Type.MakeArrayType(), "segment");
        return Expression.Block([count, m, start, segment],
            Expression.Assign(count, Call(store, nameof(CheckpointStore<double>.Begin), index)),
            Expression.Assign(start, Member(store, nameof(CheckpointStore<double>.SegmentStart))),
            Expression.Assign(segment, Member(store, nameof(CheckpointStore<double>.Segment))),
            Loops.Up(m, count,
            [
                Expression.Assign(s.Time, Expression.Add(start, m)),
                Expression.Assign(s.State, Expression.ArrayAccess(segment, m)),
                .. ForwardSweep.Emit(s.Body),
                Expression.Assign(Expression.ArrayAccess(segment, Expression.Increment(m)), s.Next),
            ]));
    }

    /// <summary>A negative step count throws as <c>Ops.Scan</c> itself does.</summary>
    public static Expression RequireSteps(ScanStep s) =>
        Expression.IfThen(Expression.LessThan(s.StepCount, Expression.Constant(0)),
            Expression.Throw(Expression.New(
                typeof(ArgumentOutOfRangeException).GetConstructor([typeof(string), typeof(string)])!,
                Expression.Constant("steps"), Expression.Constant("Ops.Scan needs a non-negative number of steps."))));

    /// <summary>A negative interval throws as <c>Ops.Scan</c> does, also where the scan runs as a plain one
    /// (the store's constructor checks it where it does not).</summary>
    public static Expression RequireInterval(ScanStep s) =>
        Expression.Call(typeof(CheckpointStore<double>), nameof(CheckpointStore<double>.Interval), null, s.StepCount, s.CheckpointEvery!);

    public static Expression Member(Expression store, string name) => Expression.Property(store, name);

    public static Expression Element(Expression store, string array, Expression index) =>
        Expression.ArrayAccess(Expression.Property(store, array), index);

    public static Expression Call(Expression store, string method, params Expression[] args) => Expression.Call(store, method, null, args);
}
