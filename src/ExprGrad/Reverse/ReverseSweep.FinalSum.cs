using System.Linq.Expressions;

namespace ExprGrad;

internal sealed partial class ReverseSweep
{
    /// <summary>
    /// Final-sum fusion (<see cref="GradientOptions.FuseFinalSum"/>): the root tape's last sum, Σᵢ termᵢ, runs its
    /// backward code inside its forward loop, one pass over the data instead of a forward pass and a backward
    /// one that recomputes every term. That needs the sum's adjoint before the loop starts, so it applies when
    /// the stages after the sum (the tail: a division by the count, a scaling or shift by values computed before
    /// it) have backward code that reads neither the sum nor anything computed from it. The tail's backward code
    /// is emitted first, on trial, and checked for exactly that; when it passes, the program is
    /// <code>
    /// forward stages before the sum, and those of the tail that do not depend on it (<see cref="SplitTail"/>);
    /// backward code of the tail (gives the sum's adjoint ḡ);
    /// for i: { term_i; sum += term_i; backward code of term_i seeded with ḡ }
    /// the other forward stages of the tail;  backward code of the stages before the sum
    /// </code>
    /// Each adjoint receives its contributions in the same order as without fusion: the tail's, the terms' in
    /// index order, then the earlier stages'. Returns null, leaving no trace, when the shape does not fit.
    /// </summary>
    private static AdjointTable? TryFuseFinalSum(LinearProgram program, Expression seed, List<Expression> code,
        IReadOnlyDictionary<Expression, ParameterExpression>? buffers, GradientOptions options)
    {
        var steps = program.Root.Steps;
        int at = steps.FindLastIndex(s => s is SumStep { FusedIntoScan: false, Collects: false });
        if (at < 0 || steps[at] is not SumStep sum || !program.IsActive(sum.Output) || !program.IsActive(program.Result)) return null;

        var (before, after, later) = SplitTail(program.Root, at);
        var mark = program.Slots.Mark();
        var sweep = new ReverseSweep(program, buffers, options);
        var tailBackward = new List<Expression>();
        sweep.adjoints.Accumulate(program.Result, seed, tailBackward);
        sweep.Reverse(program.Root, steps.Count, tailBackward, from: at + 1);
        if (sweep.adjoints.Read(sum.Output) is not { } g || Reads([.. tailBackward, g], later))
        {
            program.Slots.Rollback(mark);
            return null;
        }

        // The fused loop's backward code reads the body's values where they are: nothing to store for it.
        if (sum.Body.Stored is { } stored)
        {
            foreach (var array in stored.Arrays.Values) program.Slots.Forget(array);
            sum.Body.Stored = null;
        }
        ForwardSweep.Emit(program.Root, 0, at, code);
        code.AddRange(before);
        code.AddRange(tailBackward);
        sweep.MaterializeOuter([sum.Body], [sum.Term], code);
        code.Add(ForwardSweep.Sum(sum, sweep.BackwardOf(sum.Body, sum.Term, g, recompute: false)));
        code.AddRange(after);
        sweep.Reverse(program.Root, at, code);
        return sweep.adjoints;
    }

    /// <summary>
    /// The forward code of the tail, split: stages that read neither the sum nor anything computed from it and
    /// are <see cref="Speculation.IsSafe(Step)">safe to compute early</see> (the count converted to double in Σ/N) run
    /// before the loop; the rest after it, in their order. Also the values the latter write, with the sum: what
    /// code before the loop must not read.
    /// </summary>
    private static (List<Expression> Before, List<Expression> After, HashSet<Expression> Later) SplitTail(Tape root, int at)
    {
        var (before, after) = (new List<Expression>(), new List<Expression>());
        var later = new HashSet<Expression> { root.Steps[at].Output };
        for (int k = at + 1; k < root.Steps.Count; k++)
        {
            var statements = new List<Expression>();
            ForwardSweep.Emit(root, k, k + 1, statements);
            bool early = Speculation.IsSafe(root.Steps[k]) && !Reads(statements, later);
            if (early)
            {
                before.AddRange(statements);
                continue;
            }
            after.AddRange(statements);
            foreach (var statement in statements) References.CollectWritten(statement, later);
        }
        return (before, after, later);
    }

    /// <summary>Whether <paramref name="code"/> reads one of <paramref name="values"/>.</summary>
    private static bool Reads(List<Expression> code, HashSet<Expression> values)
    {
        var read = new HashSet<Expression>();
        foreach (var statement in code) References.Collect(statement, read);
        return read.Overlaps(values);
    }
}
