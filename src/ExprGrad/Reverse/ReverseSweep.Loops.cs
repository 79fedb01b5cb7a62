using System.Linq.Expressions;

namespace ExprGrad;

internal sealed partial class ReverseSweep
{
    /// <summary>
    /// Iterations replayed last to first: restore the states the iteration's backward code reads (from their
    /// trails, or an induction variable from the iteration number), recompute the body, send each state's
    /// carried adjoint back through it. A state nobody reads is not restored, so its trail is never read and
    /// the forward pass keeps none (<see cref="LoopTrails"/>).
    /// </summary>
    private void Loop(LoopStep step, List<Expression> code)
    {
        if (Seeds(step.Outputs) is not { } seeds) return;
        var carried = Enumerable.Range(0, step.States.Count).Where(i => step.Carries[i] is not null).ToArray();
        // An array written in place is carried in one array through every iteration, cleared element by element:
        // the carry starts as an array of its own.
        var owning = new List<Expression>();
        foreach (var i in carried.Where(i => program.IsWrittenInPlace(step.States[i])))
        {
            if (seeds[i] is not null) seeds[i] = ExclusiveAdjoint(step.Outputs[i], owning);
            adjoints.MarkExclusiveCarry(step.Carries[i]);
        }
        var entry = new List<Expression>();
        MaterializeOuter([step.Body], step.Nexts.ToArray(), entry);

        var index = program.Slots.Variable(typeof(int), "k");
        var backward = BackwardOf(step.Body, step.Nexts, step.Carries.Select(c => (Expression?)c).ToArray(), recompute: false);
        var folded = new Dictionary<ParameterExpression, Expression>();
        var updates = new List<(ParameterExpression Carry, Expression Value)>();
        foreach (var i in carried)
        {
            var next = CarriedAdjoint(step.States[i], backward);
            // An iteration that passes the adjoint on unchanged (acc += e: ∂acc'/∂acc = 1, and nothing else reads
            // acc) leaves it equal to the seed in every iteration: a constant seed is folded into the body.
            if (options.FoldInvariantCarries && next == step.Carries[i])
            {
                if (seeds[i] is ConstantExpression constant) folded[step.Carries[i]] = constant;
                continue;
            }
            updates.Add((step.Carries[i], next ?? TensorTypes.ZeroLikeMaybeNull(step.States[i])));
        }
        backward.AddRange(SimultaneousUpdates(updates));
        var iteration = Recompute(step.Body, backward);
        iteration.AddRange(backward);
        if (folded.Count > 0) iteration = [.. iteration.Select(s => ParameterSubstitution.Apply(s, folded))];

        code.AddRange(owning);
        foreach (var i in carried)
            if (!folded.ContainsKey(step.Carries[i]))
                code.Add(Expression.Assign(step.Carries[i], seeds[i] ?? TensorTypes.ZeroLikeMaybeNull(step.Outputs[i])));
        code.AddRange(entry);
        code.Add(Loops.Down(index, step.Count, [.. Restores(step, index, iteration), .. iteration]));
        foreach (var i in carried)
            if (program.IsActive(step.Initials[i]))
                adjoints.Accumulate(step.Initials[i], folded.GetValueOrDefault(step.Carries[i]) ?? step.Carries[i], code);
    }

    /// <summary>
    /// The carries updated as one simultaneous assignment: a state copied into another (a ← b, so b's adjoint is
    /// a's carry itself) makes one carry's new value read another carry, which must be read before that one is
    /// overwritten (assigned one after the other, a swap a ← b, b ← a + w sent b's new adjoint back as a's).
    /// A value that reads another updated carry is staged in a temporary first.
    /// </summary>
    private List<Expression> SimultaneousUpdates(List<(ParameterExpression Carry, Expression Value)> updates)
    {
        var carries = updates.Select(u => (Expression)u.Carry).ToHashSet();
        var staged = new List<Expression>();
        var assigned = new List<Expression>();
        foreach (var (carry, value) in updates)
        {
            var reads = new HashSet<Expression>();
            References.Collect(value, reads);
            if (reads.Any(r => r != carry && carries.Contains(r)))
            {
                var temporary = program.Slots.Variable(carry.Type, carry.Name + "Next");
                staged.Add(Expression.Assign(temporary, value));
                assigned.Add(Expression.Assign(carry, temporary));
            }
            else assigned.Add(Expression.Assign(carry, value));
        }
        return [.. staged, .. assigned];
    }

    /// <summary>Each state as it was at the start of iteration <paramref name="index"/>, for those
    /// <paramref name="iteration"/> reads (all of them when <see cref="GradientOptions.TrailOnlyReadStates"/> is off).</summary>
    private List<Expression> Restores(LoopStep step, ParameterExpression index, List<Expression> iteration)
    {
        var read = new HashSet<Expression>();
        if (options.TrailOnlyReadStates)
            foreach (var statement in iteration) References.Collect(statement, read);
        var restores = new List<Expression>();
        for (int i = 0; i < step.States.Count; i++)
        {
            if (options.TrailOnlyReadStates && !read.Contains(step.States[i])) continue;
            var recomputed = options.RecomputeLoopIndices ? LoopIndices.At(step, i, index, program) : null;
            restores.Add(Expression.Assign(step.States[i], recomputed ?? Expression.Call(step.Trails[i], "Get", null, index)));
        }
        return restores;
    }
}
