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
    private void CarriedScan(ScanStep step, Expression statesAdjoint, List<Expression> code) =>
        ScanLoop(step, statesAdjoint, [], code);

    /// <summary>
    /// The backward code of a scan with a sum fused into it (<see cref="ScanSumFusion"/>): each iteration t first
    /// runs the backward code of the sum's term t, which sends its adjoint to state t + 1 (or t), then step t's.
    /// A scan that does not depend on the inputs has no backward loop: the sum's then runs on its own.
    /// </summary>
    private void FusedScan(ScanStep step, List<Expression> code)
    {
        var sum = step.FusedSum!;
        var sumSeed = program.IsActive(sum.Output) ? adjoints.Read(sum.Output) : null;
        if (!program.IsActive(step.Output))
        {
            if (sumSeed is not null) Sum(sum, sumSeed, code);
            return;
        }
        if (sumSeed is null && adjoints.Read(step.Output) is null) return;
        if (sumSeed is not null && step.CarriesState && adjoints.Read(step.Output) is null)
        {
            ArraylessScanLoop(step, sum, sumSeed, code);
            return;
        }
        adjoints.Materialize(step.Output, code);
        var statesAdjoint = adjoints.Read(step.Output)!;
        MaterializeOuter([step.Body], [step.Next], code);
        if (sumSeed is null)
        {
            ScanLoop(step, statesAdjoint, [], code);
            return;
        }
        MaterializeOuter([sum.Body], [sum.Term], code);
        ScanLoop(step, statesAdjoint, [Expression.Assign(sum.Index, step.Time), .. BackwardOf(sum.Body, sum.Term, sumSeed, recompute: true)], code);
    }

    /// <summary>The reads of a scan's states whose adjoints go to locals instead of the states' adjoint array, while
    /// <see cref="ArraylessScanLoop"/> emits a fused sum's backward code: by the read's index, to the adjoint of
    /// state t (<c>Current</c>) or of state t + 1 (<c>Next</c>).</summary>
    private (ScanStep Scan, ParameterExpression Current, ParameterExpression Next)? redirectedReads;

    /// <summary>Whether <paramref name="read"/>'s adjoint was sent to a local of <see cref="redirectedReads"/>.</summary>
    private bool Redirected(ElementReadStep read, Expression g, List<Expression> code)
    {
        if (redirectedReads is not var (scan, current, next) || read.Array != scan.Output) return false;
        code.Add(Expression.AddAssign(read.Indices[0] == scan.FusedSum!.Index ? current : next, g));
        return true;
    }

    /// <summary>
    /// A scan with a fused sum whose states receive adjoints from nothing else: no adjoint array at all. In
    /// iteration t the sum's term sends its adjoint for state t + 1 to <c>dNext</c> and for state t to
    /// <c>dCurrent</c>; step t's seed is dNext plus the carried adjoint of state t + 1, and the carry becomes step
    /// t's adjoint of its state plus dCurrent. (Each local starts at −0, the identity of +.)
    /// </summary>
    private void ArraylessScanLoop(ScanStep step, SumStep sum, Expression sumSeed, List<Expression> code)
    {
        MaterializeOuter([step.Body], [step.Next], code);
        // The sum's outer values, but not the states: their adjoints go to locals.
        foreach (var atom in program.FreeActiveAtoms(sum.Body))
            if (atom != step.Output) adjoints.Materialize(atom, code);
        if (program.IsActive(sum.Term) && !sum.Body.Encloses(program.OwnerOf(sum.Term))) adjoints.Materialize(sum.Term, code);
        var reads = sum.Body.Steps.OfType<ElementReadStep>().Where(r => r.Array == step.Output).ToArray();
        var negativeZero = Expression.Constant(-0.0);
        var current = program.Slots.Variable(typeof(double), "dcurrent");
        var next = program.Slots.Variable(typeof(double), "dnext");
        var (seed, carry) = (program.Slots.Variable(typeof(double), "dseed"), program.Slots.Variable(typeof(double), "dstate"));
        bool readsCurrent = reads.Any(r => r.Indices[0] == sum.Index), readsNext = reads.Any(r => r.Indices[0] != sum.Index);
        if (!readsCurrent) program.Slots.Forget(current);
        if (!readsNext) program.Slots.Forget(next);
        redirectedReads = (step, current, next);
        var sumBackward = BackwardOf(sum.Body, sum.Term, sumSeed, recompute: true);
        redirectedReads = null;
        var backward = BackwardOf(step.Body, step.Next, seed, recompute: true);
        var stateAdjoint = adjoints.Read(step.State);
        var body = new List<Expression> { Expression.Assign(sum.Index, step.Time) };
        if (readsCurrent) body.Add(Expression.Assign(current, negativeZero));
        if (readsNext) body.Add(Expression.Assign(next, negativeZero));
        body.AddRange(sumBackward);
        var read = new HashSet<Expression>();
        foreach (var statement in backward) References.Collect(statement, read);
        if (read.Contains(step.State)) body.Add(Expression.Assign(step.State, Expression.ArrayAccess(step.Output, step.Time)));
        body.Add(Expression.Assign(seed, readsNext ? Expression.Add(next, carry) : carry));
        body.AddRange(backward);
        Expression? stateTotal = (stateAdjoint, readsCurrent) switch
        {
            (null, false) => null,
            (null, true) => current,
            (_, false) => stateAdjoint,
            _ => Expression.Add(stateAdjoint, current),
        };
        body.Add(Expression.Assign(carry, stateTotal ?? negativeZero));
        code.Add(Expression.Assign(carry, negativeZero));
        code.Add(UnlessZero(sumSeed, Loops.Down(step.Time, step.StepCount, body)));
        if (program.IsActive(step.Initial)) adjoints.Accumulate(step.Initial, carry, code);
    }

    /// <summary>The scan's backward loop, each iteration starting with <paramref name="first"/>; the state's adjoint
    /// carried in a local or added into the states' adjoint array, as the scan says.</summary>
    private void ScanLoop(ScanStep step, Expression statesAdjoint, IReadOnlyList<Expression> first, List<Expression> code)
    {
        var seed = program.Slots.Variable(typeof(double), "dnext");
        var carry = step.CarriesState ? program.Slots.Variable(typeof(double), "dstate") : null;
        var backward = BackwardOf(step.Body, step.Next, seed, recompute: true);
        var received = Expression.ArrayAccess(statesAdjoint, Expression.Increment(step.Time));
        var stateAdjoint = adjoints.Read(step.State);
        var body = new List<Expression>(first);
        // Restoring the state is for the backward code that reads it; a step whose adjoint does not is left alone.
        var read = new HashSet<Expression>();
        foreach (var statement in backward) References.Collect(statement, read);
        if (read.Contains(step.State)) body.Add(Expression.Assign(step.State, Expression.ArrayAccess(step.Output, step.Time)));
        body.Add(Expression.Assign(seed, carry is not null && stateAdjoint is not null ? Expression.Add(received, carry) : received));
        body.AddRange(backward);
        if (stateAdjoint is not null)
            body.Add(carry is not null
                ? Expression.Assign(carry, stateAdjoint)
                : Expression.AddAssign(Expression.ArrayAccess(statesAdjoint, step.Time), stateAdjoint));
        bool carried = carry is not null && stateAdjoint is not null;
        if (carry is not null && !carried) program.Slots.Forget(carry);
        if (carried) code.Add(Expression.Assign(carry!, Expression.Constant(-0.0)));
        code.Add(Loops.Down(step.Time, step.StepCount, body));
        if (!program.IsActive(step.Initial)) return;
        var first0 = Expression.ArrayAccess(statesAdjoint, Expression.Constant(0));
        adjoints.Accumulate(step.Initial, carried ? Expression.Add(first0, carry!) : first0, code);
    }
}
