using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>Emits a tape's forward stages as statements. Loop bodies are emitted again inside the
/// backward pass, which recomputes each iteration's values instead of storing them.</summary>
internal static class ForwardSweep
{
    public static List<Expression> Emit(Tape tape)
    {
        var code = new List<Expression>(tape.Steps.Count);
        Emit(tape, code);
        return code;
    }

    public static void Emit(Tape tape, List<Expression> code) => Emit(tape, 0, tape.Steps.Count, code);

    // Nested branches recurse through here, one level per conditional.
    public static void Emit(Tape tape, int from, int to, List<Expression> code) =>
        StackGuard.Run(() => EmitSteps(tape, from, to, code));

    private static void EmitSteps(Tape tape, int from, int to, List<Expression> code)
    {
        for (int k = from; k < to; k++)
        {
            var step = tape.Steps[k];
            switch (step)
            {
                case PrimitiveStep p:
                    code.Add(Expression.Assign(p.Output, p.Value));
                    break;
                case PassiveStep p:
                    code.Add(Expression.Assign(p.Output, p.Value));
                    break;
                case ElementReadStep r:
                    code.Add(Expression.Assign(r.Output, Expression.ArrayAccess(r.Array, r.Indices)));
                    break;
                case BranchStep b:
                    code.Add(Expression.IfThenElse(b.Test,
                        Branch(b.WhenTrue, b.Outputs, b.TrueResults),
                        Branch(b.WhenFalse, b.Outputs, b.FalseResults)));
                    break;
                case SumStep { FusedIntoScan: true }:
                    break;
                case SumStep s:
                    code.Add(Sum(s, null));
                    break;
                case ScanStep { Store: not null } s:
                    CheckpointedScans.EmitForward(s, code);
                    break;
                case ScanStep s:
                    EmitScan(s, code);
                    break;
                case CheckpointedReadStep r:
                    code.Add(CheckpointedScans.Read(r));
                    break;
                case LoopStep l:
                    EmitLoop(l, code);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown step {step.GetType().Name}.");
            }
        }
    }

    /// <summary>
    /// Only the stages of <paramref name="tape"/> that <paramref name="needed"/> reads, directly or through
    /// other stages: when the backward pass recomputes a loop body, the stages that served only the forward
    /// value (the loss term itself, an activation whose rule reads its input) are left out. A stage whose value
    /// the forward loop stored (<see cref="Tape.Stored"/>) is read back instead of recomputed.
    /// </summary>
    public static List<Expression> EmitNeeded(Tape tape, HashSet<Expression> needed) => EmitNeeded(tape, 0, tape.Steps.Count, needed);

    /// <summary><see cref="EmitNeeded(Tape, HashSet{Expression})"/> over the stages from <paramref name="from"/> up to
    /// <paramref name="to"/>; <paramref name="needed"/> gains what they read.</summary>
    private static List<Expression> EmitNeeded(Tape tape, int from, int to, HashSet<Expression> needed)
    {
        var kept = new List<List<Expression>>();
        for (int k = to - 1; k >= from; k--)
        {
            var statements = new List<Expression>();
            if (tape.Stored is { } stored && stored.Arrays.TryGetValue(tape.Steps[k].Output, out var array))
                statements.Add(Expression.Assign(tape.Steps[k].Output, Expression.ArrayAccess(array, stored.Index)));
            else if (tape.Steps[k] is LoopStep loop && NeededLoop(loop, needed) is { } reduced)
                statements.Add(reduced);
            else
                Emit(tape, k, k + 1, statements);
            // Whatever the stage writes counts, not just its outputs: a branch's inner values, a loop's trails.
            var written = new HashSet<Expression>();
            foreach (var s in statements) References.CollectWritten(s, written);
            if (!written.Overlaps(needed)) continue;
            foreach (var s in statements) References.Collect(s, needed);
            kept.Add(statements);
        }
        kept.Reverse();
        return [.. kept.SelectMany(s => s)];
    }

    /// <summary>
    /// A nested while-loop recomputed for part of what it writes: only the states that part depends on, through
    /// its condition and their next values, and only the stages of its body those read. A step of time stepping
    /// whose inner loop fills the new state is replayed by the backward pass for its trip count alone (the adjoint
    /// sweep reads no element of the state it fills): the counter runs, the fill does not. Null when the whole loop
    /// is needed, or when its body reads stored values.
    /// </summary>
    private static Expression? NeededLoop(LoopStep l, HashSet<Expression> needed)
    {
        if (l.Body.Stored is not null) return null;
        int n = l.States.Count;
        var keep = Enumerable.Range(0, n).Select(i => needed.Contains(l.Outputs[i]) || needed.Contains(l.States[i]) || needed.Contains(l.Trails[i])).ToArray();
        if (!keep.Any(k => k) && !needed.Contains(l.Count)) return null;
        // The body's own values are not looked at: code outside the loop reads its outputs, states, trails and
        // count; its backward loop recomputes the body values it reads, each iteration, before reading them.
        List<Expression> head, rest;
        while (true)
        {
            var inner = new HashSet<Expression>(Enumerable.Range(0, n).Where(i => keep[i]).Select(i => l.Nexts[i]));
            rest = EmitNeeded(l.Body, l.ConditionLength, l.Body.Steps.Count, inner);
            inner.Add(l.ContinueWhen);
            head = EmitNeeded(l.Body, 0, l.ConditionLength, inner);
            bool grew = false;
            for (int i = 0; i < n; i++)
                if (!keep[i] && inner.Contains(l.States[i])) keep[i] = grew = true;
            if (!grew) break;
        }
        if (keep.All(k => k)) return null;

        var code = new List<Expression>();
        var kept = Enumerable.Range(0, n).Where(i => keep[i]).ToArray();
        foreach (var i in kept)
        {
            code.Add(Expression.Assign(l.States[i], l.Initials[i]));
            code.Add(Expression.Assign(l.Trails[i], Expression.New(l.Trails[i].Type)));
        }
        code.Add(Expression.Assign(l.Count, Expression.Constant(0)));
        var exit = Expression.Label("end_loop");
        var iteration = new List<Expression>(head) { Expression.IfThen(Expression.Not(l.ContinueWhen), Expression.Break(exit)) };
        foreach (var i in kept) iteration.Add(Expression.Call(l.Trails[i], "Push", null, l.States[i]));
        iteration.AddRange(rest);
        foreach (var i in kept) iteration.Add(Expression.Assign(l.Outputs[i], l.Nexts[i]));
        foreach (var i in kept) iteration.Add(Expression.Assign(l.States[i], l.Outputs[i]));
        iteration.Add(Expression.PreIncrementAssign(l.Count));
        code.Add(Expression.Loop(Loops.Block(iteration), exit));
        foreach (var i in kept) code.Add(Expression.Assign(l.Outputs[i], l.States[i]));
        return Loops.Block(code);
    }

    /// <summary>A loop body's forward code, each stored value written to its array after its stage.</summary>
    private static List<Expression> EmitStoring(Tape body, StoredValues? stored)
    {
        if (stored is null) return Emit(body);
        var code = new List<Expression>();
        for (int k = 0; k < body.Steps.Count; k++)
        {
            Emit(body, k, k + 1, code);
            if (stored.Arrays.TryGetValue(body.Steps[k].Output, out var array))
                code.Add(Expression.Assign(Expression.ArrayAccess(array, stored.Index), body.Steps[k].Output));
        }
        return code;
    }

    /// <summary>The stored values' arrays, one element per iteration, allocated before the loop.</summary>
    private static IEnumerable<Expression> AllocateStored(StoredValues? stored) =>
        stored is null ? [] : stored.Arrays.Values.Select(array => (Expression)Expression.Assign(array,
            Expression.NewArrayBounds(typeof(double), Expression.Call(typeof(Math), nameof(Math.Max), null, stored.Count, Expression.Constant(0)))));

    /// <summary>
    /// <c>Output = Σ Term</c> as one assignment, so that Simplify can drop the whole loop when nothing reads
    /// the sum. <paramref name="fusedBackward"/>, when given, runs in each iteration once the term is added (a
    /// fused backward pass).
    /// </summary>
    public static Expression Sum(SumStep s, IReadOnlyList<Expression>? fusedBackward)
    {
        if (s.Collects) return Vector(s);
        var sum = Expression.Variable(typeof(double), "sum");
        var stored = s.Body.Stored;
        return Expression.Assign(s.Output, Expression.Block(typeof(double), [sum],
        [
            .. AllocateStored(stored),
            Expression.Assign(sum, Expression.Constant(0.0)),
            Loops.Up(s.Index, s.Count, [.. EmitStoring(s.Body, stored), Expression.AddAssign(sum, s.Term), .. fusedBackward ?? []]),
            sum,
        ]));
    }

    /// <summary><c>Output = [Term_0 … Term_{Count − 1}]</c> as one assignment; a negative count throws as
    /// <c>Ops.Vector</c> itself does.</summary>
    private static Expression Vector(SumStep s)
    {
        var vector = Expression.Variable(typeof(double[]), "vector");
        var stored = s.Body.Stored;
        return Expression.Assign(s.Output, Expression.Block(typeof(double[]), [vector],
        [
            Expression.IfThen(Expression.LessThan(s.Count, Expression.Constant(0)), Expression.Throw(Expression.New(
                typeof(ArgumentOutOfRangeException).GetConstructor([typeof(string), typeof(string)])!,
                Expression.Constant("n"), Expression.Constant("Ops.Vector needs a non-negative length.")))),
            .. AllocateStored(stored),
            Expression.Assign(vector, Expression.NewArrayBounds(typeof(double), s.Count)),
            Loops.Up(s.Index, s.Count, [.. EmitStoring(s.Body, stored), Expression.Assign(Expression.ArrayAccess(vector, s.Index), s.Term)]),
            vector,
        ]));
    }

    /// <summary>
    /// Term t of a sum fused into a scan, computed right after step t: its reads of the states are the values at
    /// hand, state t (the step's <c>State</c>, not yet replaced) and state t + 1 (the step's <c>Next</c>), not
    /// reads of the array just written.
    /// </summary>
    private static List<Expression> EmitFusedTerm(ScanStep s, SumStep fused)
    {
        var code = new List<Expression>();
        for (int k = 0; k < fused.Body.Steps.Count; k++)
        {
            var step = fused.Body.Steps[k];
            if (step is ElementReadStep read && read.Array == s.Output)
                code.Add(Expression.Assign(read.Output, read.Indices[0] == fused.Index ? s.State : s.Next));
            else
                Emit(fused.Body, k, k + 1, code);
            if (fused.Body.Stored is { } stored && stored.Arrays.TryGetValue(step.Output, out var array))
                code.Add(Expression.Assign(Expression.ArrayAccess(array, stored.Index), step.Output));
        }
        return code;
    }

    private static Expression Branch(Tape tape, IReadOnlyList<Expression> outputs, IReadOnlyList<Expression> results)
    {
        var code = Emit(tape);
        code.AddRange(outputs.Select((output, k) => Expression.Assign(output, results[k])));
        return Loops.Block(code);
    }

    private static void EmitLoop(LoopStep l, List<Expression> code)
    {
        var n = l.States.Count;
        for (int i = 0; i < n; i++)
        {
            code.Add(Expression.Assign(l.States[i], l.Initials[i]));
            code.Add(Expression.Assign(l.Trails[i], Expression.New(l.Trails[i].Type)));
        }
        code.Add(Expression.Assign(l.Count, Expression.Constant(0)));
        var exit = Expression.Label("end_loop");
        var iteration = new List<Expression>();
        Emit(l.Body, 0, l.ConditionLength, iteration);
        iteration.Add(Expression.IfThen(Expression.Not(l.ContinueWhen), Expression.Break(exit)));
        for (int i = 0; i < n; i++) iteration.Add(Expression.Call(l.Trails[i], "Push", null, l.States[i]));
        Emit(l.Body, l.ConditionLength, l.Body.Steps.Count, iteration);
        // Two phases, with the outputs as scratch: a next state may be another state's current value.
        for (int i = 0; i < n; i++) iteration.Add(Expression.Assign(l.Outputs[i], l.Nexts[i]));
        for (int i = 0; i < n; i++) iteration.Add(Expression.Assign(l.States[i], l.Outputs[i]));
        iteration.Add(Expression.PreIncrementAssign(l.Count));
        code.Add(Expression.Loop(Loops.Block(iteration), exit));
        for (int i = 0; i < n; i++) code.Add(Expression.Assign(l.Outputs[i], l.States[i]));
    }

    private static void EmitScan(ScanStep s, List<Expression> code)
    {
        code.Add(CheckpointedScans.RequireSteps(s));
        if (s.CheckpointEvery is not null) code.Add(CheckpointedScans.RequireInterval(s));
        code.Add(Expression.Assign(s.Output,
            Expression.NewArrayBounds(s.State.Type, Expression.Add(s.StepCount, Expression.Constant(1)))));
        code.AddRange(AllocateStored(s.Body.Stored));
        // A sum fused into the scan (ScanSumFusion): its term t right after state t + 1, in the same iteration.
        var fused = s.FusedSum;
        var total = Expression.Variable(typeof(double), "sum");
        IReadOnlyList<Expression> term = fused is null ? [] :
            [Expression.Assign(fused.Index, s.Time), .. EmitFusedTerm(s, fused), Expression.AddAssign(total, fused.Term)];
        var loop = new List<Expression>();
        if (fused is not null) loop.AddRange([.. AllocateStored(fused.Body.Stored), Expression.Assign(total, Expression.Constant(0.0))]);
        if (s.CarriesState)
        {
            loop.Add(Expression.Assign(s.State, s.Initial));
            loop.Add(Expression.Assign(Expression.ArrayAccess(s.Output, Expression.Constant(0)), s.State));
            loop.Add(Loops.Up(s.Time, s.StepCount,
            [
                .. EmitStoring(s.Body, s.Body.Stored),
                Expression.Assign(Expression.ArrayAccess(s.Output, Expression.Increment(s.Time)), s.Next),
                .. term,
                Expression.Assign(s.State, s.Next),
            ]));
        }
        else
        {
            loop.Add(Expression.Assign(Expression.ArrayAccess(s.Output, Expression.Constant(0)), s.Initial));
            loop.Add(Loops.Up(s.Time, s.StepCount,
            [
                Expression.Assign(s.State, Expression.ArrayAccess(s.Output, s.Time)),
                .. EmitStoring(s.Body, s.Body.Stored),
                Expression.Assign(Expression.ArrayAccess(s.Output, Expression.Increment(s.Time)), s.Next),
                .. term,
            ]));
        }
        if (fused is null)
        {
            code.AddRange(loop);
            return;
        }
        loop.Add(Expression.Assign(fused.Output, total));
        code.Add(Expression.Block([total], loop));
    }
}
