using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Stage 3: walks each tape backwards and, for every stage whose output has a non-zero adjoint, lets
/// its rule send contributions to the stage's inputs. Branches replay only the branch that was taken;
/// loops recompute each iteration's forward values and then run its backward stages, the recurrence
/// from the last step to the first.
/// </summary>
internal sealed partial class ReverseSweep
{
    private readonly LinearProgram program;
    private readonly AdjointTable adjoints;
    private readonly GradientOptions options;

    private ReverseSweep(LinearProgram program, IReadOnlyDictionary<Expression, ParameterExpression>? buffers, GradientOptions options)
    {
        this.program = program;
        this.options = options;
        adjoints = new AdjointTable(program, buffers);
    }

    /// <summary>
    /// Emits the forward pass, then the backward pass seeded with the result's adjoint (1 for a scalar
    /// function, ȳ for a vector-Jacobian product), and returns the table holding the parameters' adjoints.
    /// When the function ends in a sum followed only by stages whose backward code does not read it (the usual
    /// loss Σᵢ termᵢ, or its mean), the sum's backward loop is fused into its forward loop
    /// (<see cref="GradientOptions.FuseFinalSum"/>, <see cref="TryFuseFinalSum"/>).
    /// </summary>
    public static AdjointTable ForwardAndReverse(LinearProgram program, Expression seed, List<Expression> code,
        IReadOnlyDictionary<Expression, ParameterExpression>? buffers, GradientOptions options)
    {
        if (options.FuseFinalSum && TryFuseFinalSum(program, seed, code, buffers, options) is { } fused) return fused;
        var sweep = new ReverseSweep(program, buffers, options);
        ForwardSweep.Emit(program.Root, code);
        if (program.IsActive(program.Result))
        {
            sweep.adjoints.Accumulate(program.Result, seed, code);
            sweep.Reverse(program.Root, code);
        }
        return sweep.adjoints;
    }

    private void Reverse(Tape tape, List<Expression> code) => Reverse(tape, tape.Steps.Count, code);

    /// <summary>The backward code of stages <paramref name="from"/> … <paramref name="count"/> − 1 of <paramref name="tape"/>.</summary>
    // Nested branches and loops recurse through here, one level per nesting.
    private void Reverse(Tape tape, int count, List<Expression> code, int from = 0) => StackGuard.Run(() => ReverseSteps(tape, from, count, code));

    private void ReverseSteps(Tape tape, int from, int count, List<Expression> code)
    {
        for (int k = count - 1; k >= from; k--)
        {
            var step = tape.Steps[k];
            // Multi-output stages decide for themselves which outputs carry an adjoint.
            if (step is BranchStep branch)
            {
                Branch(branch, code);
                continue;
            }
            if (step is LoopStep loop)
            {
                Loop(loop, code);
                continue;
            }
            if (step is ScanStep { FusedSum: not null } fused)
            {
                FusedScan(fused, code);
                continue;
            }
            if (!program.IsActive(step.Output) || adjoints.Read(step.Output) is not { } g) continue;
            switch (step)
            {
                case PrimitiveStep p when ArrayWrites.IsWrite(p.Rule): InPlaceWrite(p, code); break;
                case PrimitiveStep p: Primitive(p, g, code); break;
                case ElementReadStep r when !Redirected(r, g, code): adjoints.Scatter(r.Array, r.Indices, g, code); break;
                case SumStep { FusedIntoScan: false } s: Sum(s, g, code); break;
                case ScanStep { Store: not null } s: CheckpointedScan(s, code); break;
                case ScanStep s: Scan(s, g, code); break;
                case CheckpointedReadStep r: adjoints.Scatter(r.Scan.Output, [r.Index], g, code); break;
            }
        }
    }

    private void Primitive(PrimitiveStep step, Expression g, List<Expression> code)
    {
        if (options.ShareQuotientDivisions && !options.GuardEveryContribution && TrySharedQuotient(step, g, code)) return;
        for (int i = 0; i < step.Args.Count; i++)
        {
            var arg = step.Args[i];
            if (!program.IsActive(arg)) continue;
            if (step.Rule.Contribution(i, g, step.Output, step.Args, guardAlways: options.GuardEveryContribution) is { } contribution)
                adjoints.Accumulate(arg, contribution, code);
        }
    }

    private void Branch(BranchStep step, List<Expression> code)
    {
        if (Seeds(step.Outputs) is not { } seeds) return;
        MaterializeOuter([step.WhenTrue, step.WhenFalse], [.. step.TrueResults, .. step.FalseResults], code);
        code.Add(Expression.IfThenElse(step.Test,
            Loops.Block(BackwardOf(step.WhenTrue, step.TrueResults, seeds, recompute: false)),
            Loops.Block(BackwardOf(step.WhenFalse, step.FalseResults, seeds, recompute: false))));
    }

    /// <summary>The adjoints of a multi-output stage's outputs, or null when all are symbolic zeros.</summary>
    private Expression?[]? Seeds(IReadOnlyList<Expression> outputs)
    {
        var seeds = outputs.Select(o => program.IsActive(o) ? adjoints.Read(o) : null).ToArray();
        return seeds.All(s => s is null) ? null : seeds;
    }

    /// <summary>Each term receives the sum's adjoint, or a vector's element at its index.</summary>
    private void Sum(SumStep step, Expression g, List<Expression> code)
    {
        MaterializeOuter([step.Body], [step.Term], code);
        var seed = step.Collects ? Expression.ArrayAccess(g, step.Index) : g;
        code.Add(UnlessZero(g, Loops.Up(step.Index, step.Count, BackwardOf(step.Body, step.Term, seed, recompute: true))));
    }

    private void Scan(ScanStep step, Expression g, List<Expression> code)
    {
        // The states' adjoint receives each step's d/ds_t while we walk back, so it must be ours to write.
        adjoints.Materialize(step.Output, code);
        var statesAdjoint = adjoints.Read(step.Output)!;
        MaterializeOuter([step.Body], [step.Next], code);
        if (step.CarriesState)
        {
            CarriedScan(step, statesAdjoint, code);
            return;
        }
        var body = BackwardOf(step.Body, step.Next, Expression.ArrayAccess(statesAdjoint, Expression.Increment(step.Time)),
            recompute: true, prologue: Expression.Assign(step.State, Expression.ArrayAccess(step.Output, step.Time)));
        if (adjoints.Read(step.State) is { } stateAdjoint)
            body.Add(AdjointTable.AddToElement(Expression.ArrayAccess(statesAdjoint, step.Time), stateAdjoint));
        code.Add(Loops.Down(step.Time, step.StepCount, body));
        if (program.IsActive(step.Initial))
            adjoints.Accumulate(step.Initial, Expression.ArrayAccess(statesAdjoint, Expression.Constant(0)), code);
    }

    /// <summary>The backward code of a nested tape whose result receives <paramref name="g"/>.</summary>
    private List<Expression> BackwardOf(Tape tape, Expression result, Expression g, bool recompute, Expression? prologue = null) =>
        BackwardOf(tape, [result], [g], recompute, prologue);

    /// <summary>The backward code of a nested tape whose results receive the matching seeds (null: none).</summary>
    private List<Expression> BackwardOf(Tape tape, IReadOnlyList<Expression> results, IReadOnlyList<Expression?> seeds,
        bool recompute, Expression? prologue = null)
    {
        var backward = new List<Expression>();
        bool any = false;
        for (int i = 0; i < results.Count; i++)
        {
            if (seeds[i] is not { } seed || !program.IsActive(results[i])) continue;
            adjoints.Accumulate(results[i], seed, backward);
            any = true;
        }
        if (any) Reverse(tape, backward);
        var code = new List<Expression>();
        if (prologue is not null) code.Add(prologue);
        if (recompute) code.AddRange(Recompute(tape, backward));
        code.AddRange(backward);
        return code;
    }

    /// <summary>The forward stages of a loop body that its backward code reads (all of them when
    /// <see cref="GradientOptions.RecomputeOnlyNeeded"/> is off).</summary>
    private List<Expression> Recompute(Tape body, List<Expression> backward)
    {
        if (!options.RecomputeOnlyNeeded) return ForwardSweep.Emit(body);
        var needed = new HashSet<Expression>();
        foreach (var statement in backward) References.Collect(statement, needed);
        return ForwardSweep.EmitNeeded(body, needed);
    }

    private void MaterializeOuter(Tape[] nested, Expression[] results, List<Expression> code)
    {
        var outer = new HashSet<Expression>();
        foreach (var tape in nested) outer.UnionWith(program.FreeActiveAtoms(tape));
        foreach (var r in results)
            if (program.IsActive(r) && !nested.Any(t => t.Encloses(program.OwnerOf(r)))) outer.Add(r);
        foreach (var atom in outer) adjoints.Materialize(atom, code);
    }
}
