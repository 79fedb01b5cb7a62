using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// <see cref="GradientOptions.ReuseBuffers"/>: the arrays a program allocates for its own use take their memory
/// from a <see cref="Scratch"/> rented for the call from the compiled delegate's <see cref="ScratchPool"/>, so a
/// Monte-Carlo sum over paths, each path a scan, allocates its states once rather than per path and per call.
/// Applies to array sites the program never hands out: a scan's states when the program reads them only by
/// index (<c>xs[t]</c>; not returned, not passed whole to an Ops method, not measured, not kept as a loop state),
/// the adjoint of such states, and the values loops store for their backward passes. Each site is written
/// before it is read in every activation (a loop body's scan is recomputed before its backward pass reads the
/// states), so reusing the array of the previous iteration or call changes nothing. The program is rewritten
/// after emission: <c>v = new double[n]</c> at those sites becomes <c>v = scratch.Array(slot, n)</c> (an adjoint:
/// <c>Zeroed</c>), with <c>scratch = pool.Rent()</c> after the argument checks and <c>pool.Return(scratch)</c>
/// before the result. Only compiled delegates get it; the expression forms (<c>Grad.GradientExpression</c>,
/// <c>GradientCode</c>) keep plain allocations, since they may be transformed further.
/// </summary>
internal static class ScratchBuffers
{
    public static LambdaExpression Apply(LambdaExpression program, LinearProgram linear, AdjointTable? adjoints, int checks)
    {
        var sites = new Dictionary<ParameterExpression, bool>();
        foreach (var states in IndexOnlyScans(linear.Root, linear.Result))
        {
            sites[states] = false;
            if (adjoints?.Read(states) is ParameterExpression { Type.IsArray: true } adjoint) sites[adjoint] = true;
        }
        foreach (var (_, step) in TapeWalk.AllSteps(linear.Root))
        {
            var stored = step switch { SumStep s => s.Body.Stored, ScanStep s => s.Body.Stored, _ => null };
            foreach (var array in stored?.Arrays.Values ?? []) sites[array] = false;
        }
        if (sites.Count == 0 || program.Body is not BlockExpression body) return program;

        var scratch = Expression.Variable(typeof(Scratch), "scratch");
        var slots = sites.Keys.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i);
        var pool = Expression.Constant(new ScratchPool(slots.Count));
        var rewriter = new Rewriter(scratch, slots, sites);
        var code = body.Expressions.Select(e => rewriter.Visit(e)!).ToList();
        code.Insert(checks, Expression.Assign(scratch, Expression.Call(pool, nameof(ScratchPool.Rent), null)));
        code.Insert(code.Count - 1, Expression.Call(pool, nameof(ScratchPool.Return), null, scratch));
        return Expression.Lambda(program.Type, Expression.Block(body.Type, [.. body.Variables, scratch], code), program.Name, program.Parameters);
    }

    /// <summary>The states of plain scans (no checkpoints) that the program reads only through element reads.</summary>
    private static IEnumerable<ParameterExpression> IndexOnlyScans(Tape root, Expression result)
    {
        var scans = new List<ParameterExpression>();
        var wholeUses = new HashSet<Expression> { result };
        foreach (var (_, step) in TapeWalk.AllSteps(root))
        {
            if (step is ScanStep { Store: null, Output: ParameterExpression states } && states.Type == typeof(double[])) scans.Add(states);
            foreach (var operand in WholeOperands(step)) References.Collect(operand, wholeUses);
        }
        return scans.Where(s => !wholeUses.Contains(s));
    }

    /// <summary>What a stage reads other than the array of an element read (its indices count) and its nested tapes.</summary>
    private static IEnumerable<Expression> WholeOperands(Step step) => step switch
    {
        PrimitiveStep p => [p.Value],
        PassiveStep p => [p.Value],
        ElementReadStep r => r.Indices,
        CheckpointedReadStep r => [r.Index],
        BranchStep b => [b.Test, .. b.TrueResults, .. b.FalseResults],
        SumStep s => [s.Count, s.Term],
        ScanStep s => [s.StepCount, s.Initial, s.Next, .. s.CheckpointEvery is { } k ? [k] : Array.Empty<Expression>()],
        LoopStep l => [.. l.Initials, .. l.Nexts, l.ContinueWhen],
        _ => throw new InvalidOperationException($"Unknown step {step.GetType().Name}."),
    };

    private sealed class Rewriter(ParameterExpression scratch, Dictionary<ParameterExpression, int> slots,
        Dictionary<ParameterExpression, bool> zeroed) : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node) =>
            node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

        private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node is { NodeType: ExpressionType.Assign, Left: ParameterExpression v }
                && slots.TryGetValue(v, out var slot)
                && node.Right is NewArrayExpression { NodeType: ExpressionType.NewArrayBounds, Expressions: [var length] } allocation
                && allocation.Type == typeof(double[]))
                return Expression.Assign(v, Expression.Call(scratch, zeroed[v] ? nameof(Scratch.Zeroed) : nameof(Scratch.Array), null,
                    Expression.Constant(slot), Visit(length)!));
            return base.VisitBinary(node);
        }
    }
}
