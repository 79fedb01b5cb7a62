using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Decides which scans written with a checkpoint interval keep checkpoints (<see cref="GradientOptions.Checkpointing"/>):
/// an active one whose states the program reads only by index, <c>states[t]</c>. Those reads can be served from a
/// recomputed segment, so no array of all the states is ever built. A scan whose result is used as a whole (passed
/// to an Ops method, returned, measured) needs that array and stays a plain scan; so does an inactive one, which
/// has no backward pass to save memory for. The chosen scans get a store and their reads become
/// <see cref="CheckpointedReadStep"/>s, in place on the finished tapes.
/// </summary>
internal static class CheckpointPlanner
{
    /// <returns>The store of each checkpointed scan, by the scan's output.</returns>
    public static Dictionary<Expression, ParameterExpression> Run(Tape root, Expression result, IReadOnlySet<Expression> active, Slots slots)
    {
        var scans = new Dictionary<Expression, (Tape Tape, int Index, ScanStep Step)>();
        var reads = new List<(Tape Tape, int Index, ElementReadStep Step)>();
        var steps = AllSteps(root).ToList();
        foreach (var (tape, index, step) in steps)
            if (step is ScanStep { CheckpointEvery: not null } scan && active.Contains(scan.Output))
                scans[scan.Output] = (tape, index, scan);
        if (scans.Count == 0) return [];

        var wholeUses = new HashSet<Expression> { result };
        foreach (var (tape, index, step) in steps)
        {
            if (step is ElementReadStep { Indices.Count: 1 } read && scans.ContainsKey(read.Array))
            {
                reads.Add((tape, index, read));
                References.Collect(read.Indices[0], wholeUses);
                continue;
            }
            foreach (var operand in Operands(step)) References.Collect(operand, wholeUses);
        }

        var stores = new Dictionary<Expression, ParameterExpression>();
        var rewritten = new Dictionary<Expression, ScanStep>();
        foreach (var (output, (tape, index, scan)) in scans)
        {
            if (wholeUses.Contains(output)) continue;
            var store = slots.Variable(typeof(CheckpointStore<>).MakeGenericType(scan.State.Type), "checkpoints");
            tape.Steps[index] = rewritten[output] = scan with { Store = store };
            stores[output] = store;
        }
        foreach (var (tape, index, read) in reads)
            if (rewritten.TryGetValue(read.Array, out var scan))
                tape.Steps[index] = new CheckpointedReadStep(read.Output, scan, read.Indices[0]);
        return stores;
    }

    /// <summary>Every stage of every tape, nested ones included, with where it stands.</summary>
    private static IEnumerable<(Tape Tape, int Index, Step Step)> AllSteps(Tape root)
    {
        // An explicit stack: tapes nest as deep as the user's conditionals and loops.
        var pending = new Stack<Tape>([root]);
        while (pending.Count > 0)
        {
            var tape = pending.Pop();
            for (int i = 0; i < tape.Steps.Count; i++)
            {
                var step = tape.Steps[i];
                yield return (tape, i, step);
                switch (step)
                {
                    case BranchStep b: pending.Push(b.WhenTrue); pending.Push(b.WhenFalse); break;
                    case SumStep s: pending.Push(s.Body); break;
                    case ScanStep s: pending.Push(s.Body); break;
                    case LoopStep l: pending.Push(l.Body); break;
                }
            }
        }
    }

    /// <summary>The expressions a stage reads, its nested tapes aside (they are stages of their own).</summary>
    private static IEnumerable<Expression> Operands(Step step) => step switch
    {
        PrimitiveStep p => [p.Value],
        PassiveStep p => [p.Value],
        ElementReadStep r => [r.Array, .. r.Indices],
        BranchStep b => [b.Test, .. b.TrueResults, .. b.FalseResults],
        SumStep s => [s.Count, s.Term],
        ScanStep s => [s.StepCount, s.Initial, s.Next, s.CheckpointEvery ?? s.StepCount],
        LoopStep l => [.. l.Initials, .. l.Nexts, l.ContinueWhen],
        _ => throw new InvalidOperationException($"Unknown step {step.GetType().Name}."),
    };
}
