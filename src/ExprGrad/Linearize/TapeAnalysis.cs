using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>Questions about finished tapes that the reverse sweep and the linearizer both ask.</summary>
internal sealed class TapeAnalysis(IReadOnlySet<Expression> active, IReadOnlyDictionary<Expression, Tape> owners)
{
    private readonly Dictionary<Tape, HashSet<Expression>> freeAtoms = [];

    /// <summary>The active atoms a nested tape reads but does not define: the outer values that its
    /// backward pass sends contributions to, and so must hold a materialized adjoint before it runs.</summary>
    public IReadOnlySet<Expression> FreeActiveAtoms(Tape tape) => StackGuard.Run(() => FreeActiveAtomsOf(tape));

    private IReadOnlySet<Expression> FreeActiveAtomsOf(Tape tape)
    {
        if (freeAtoms.TryGetValue(tape, out var known)) return known;
        var free = new HashSet<Expression>();
        void Consider(Expression atom)
        {
            if (active.Contains(atom) && owners.TryGetValue(atom, out var owner) && !tape.Encloses(owner)) free.Add(atom);
        }
        void ConsiderAll(IEnumerable<Expression> atoms)
        {
            foreach (var a in atoms) Consider(a);
        }
        foreach (var step in tape.Steps)
        {
            switch (step)
            {
                case PrimitiveStep p: ConsiderAll(p.Args); break;
                case ElementReadStep r: Consider(r.Array); break;
                case CheckpointedReadStep r: Consider(r.Scan.Output); break;
                case BranchStep b:
                    ConsiderAll(b.TrueResults);
                    ConsiderAll(b.FalseResults);
                    ConsiderAll(FreeActiveAtoms(b.WhenTrue));
                    ConsiderAll(FreeActiveAtoms(b.WhenFalse));
                    break;
                case SumStep s:
                    Consider(s.Term);
                    ConsiderAll(FreeActiveAtoms(s.Body));
                    break;
                case LoopStep l:
                    ConsiderAll(l.Initials);
                    ConsiderAll(l.Nexts);
                    ConsiderAll(FreeActiveAtoms(l.Body));
                    break;
                case ScanStep s:
                    Consider(s.Initial);
                    Consider(s.Next);
                    ConsiderAll(FreeActiveAtoms(s.Body));
                    break;
            }
        }
        freeAtoms[tape] = free;
        return free;
    }
}
