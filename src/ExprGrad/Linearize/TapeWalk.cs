namespace ExprGrad;

/// <summary>Every stage of a program, nested tapes included.</summary>
internal static class TapeWalk
{
    /// <summary>Every stage of every tape under <paramref name="root"/>, with the tape it stands on.</summary>
    public static IEnumerable<(Tape Tape, Step Step)> AllSteps(Tape root)
    {
        // An explicit stack: tapes nest as deep as the user's conditionals and loops.
        var pending = new Stack<Tape>([root]);
        while (pending.Count > 0)
        {
            var tape = pending.Pop();
            foreach (var step in tape.Steps)
            {
                yield return (tape, step);
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
}
