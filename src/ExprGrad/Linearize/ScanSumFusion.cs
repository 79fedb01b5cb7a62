using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// <see cref="GradientOptions.FuseSumsIntoScans"/>: a sum over a scan's steps whose terms read the scan's states,
/// Σᵢ f(xs[i + 1]) — a path's average, an integral along it — is computed inside the scan's loop, term t right after
/// state t + 1, and its backward code runs inside the scan's backward loop, step t's term sending its adjoint to
/// state t + 1 just before step t reads it. One pass over the states each way instead of two, no second loop
/// re-reading them, and independent work beside the recurrence's chain of dependent additions. Applies when the sum
/// stands after the scan on the same tape, counts the scan's steps (the same atom), reads the states only as
/// <c>xs[i]</c> or <c>xs[i + 1]</c>, and is otherwise made of stages that are pure and cannot throw
/// (<see cref="Speculation"/>) over values computed before the scan: computing it early is then invisible. Its
/// terms' contributions reach their adjoints in another order (the scan's, descending), so results agree to rounding.
/// </summary>
internal static class ScanSumFusion
{
    public static void Run(Tape root)
    {
        var tapes = new HashSet<Tape> { root };
        foreach (var (tape, _) in TapeWalk.AllSteps(root)) tapes.Add(tape);
        foreach (var tape in tapes) Fuse(tape);
    }

    private static void Fuse(Tape tape)
    {
        for (int a = 0; a < tape.Steps.Count; a++)
        {
            if (tape.Steps[a] is not ScanStep { Store: null, FusedSum: null } scan || scan.State.Type != typeof(double)) continue;
            for (int b = a + 1; b < tape.Steps.Count; b++)
            {
                if (tape.Steps[b] is not SumStep { FusedIntoScan: false, Collects: false } sum || !SameAtom(sum.Count, scan.StepCount)
                    || !ReadsStatesOnly(sum, scan) || ReadsValuesFrom(sum, tape, a, b)) continue;
                var fusedSum = sum with { FusedIntoScan = true };
                tape.Steps[b] = fusedSum;
                tape.Steps[a] = scan with { FusedSum = fusedSum };
                break;
            }
        }
    }

    private static bool SameAtom(Expression a, Expression b) =>
        a == b || a is ConstantExpression { Value: var x } && b is ConstantExpression { Value: var y } && Equals(x, y);

    /// <summary>The sum's body: element reads of the states at the sum's index or one past it, index arithmetic
    /// i + 1, and pure stages that cannot throw; nothing nested.</summary>
    private static bool ReadsStatesOnly(SumStep sum, ScanStep scan)
    {
        var nextIndex = new HashSet<Expression> { sum.Index };
        bool readsStates = false;
        foreach (var step in sum.Body.Steps)
        {
            switch (step)
            {
                case PassiveStep { Value: BinaryExpression { NodeType: ExpressionType.Add } add } p
                    when add.Left == sum.Index && add.Right is ConstantExpression { Value: 1 }:
                    nextIndex.Add(p.Output);
                    break;
                case ElementReadStep { Indices: [var index] } read when read.Array == scan.Output && nextIndex.Contains(index):
                    readsStates = true;
                    break;
                case PrimitiveStep or PassiveStep when Speculation.IsSafe(step):
                    break;
                default:
                    return false;
            }
        }
        return readsStates;
    }

    /// <summary>Whether the sum reads a value written by the scan or the stages between the two (other than the
    /// states, which it reads by index, as the fused loop provides them).</summary>
    private static bool ReadsValuesFrom(SumStep sum, Tape tape, int scanAt, int sumAt)
    {
        var written = new HashSet<Expression>();
        foreach (var statement in ForwardSweep.Emit(Slice(tape, scanAt, sumAt))) References.CollectWritten(statement, written);
        written.Remove(tape.Steps[scanAt].Output);
        var read = new HashSet<Expression>();
        foreach (var statement in ForwardSweep.Emit(sum.Body)) References.Collect(statement, read);
        References.Collect(sum.Term, read);
        return read.Overlaps(written);
    }

    private static Tape Slice(Tape tape, int from, int to)
    {
        var slice = new Tape(null);
        slice.Steps.AddRange(tape.Steps.Skip(from).Take(to - from));
        return slice;
    }
}
