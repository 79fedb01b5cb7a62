namespace ExprGrad;

/// <summary>
/// The build-time limit on a program's size. Every stage of every tape becomes statements of one compiled
/// method, and the JIT gives such a method a stack frame that grows with its length (a 75,000-deep chain of
/// <c>Math.Sin</c> needs more than 1 MB for its gradient's frame alone). A larger program is refused here,
/// with the reason, instead of compiling and then killing the process on its first call.
/// </summary>
internal static class ProgramSize
{
    /// <summary>The most stages, over all nested tapes, one gradient program may have (stated in the README).</summary>
    public const int MaxStages = 60_000;

    public static void Require(Tape root)
    {
        int count = 0;
        // An explicit stack: the tapes nest as deep as the user's conditionals and loops.
        var pending = new Stack<Tape>([root]);
        while (pending.Count > 0)
        {
            foreach (var step in pending.Pop().Steps)
            {
                count++;
                switch (step)
                {
                    case BranchStep b: pending.Push(b.WhenTrue); pending.Push(b.WhenFalse); break;
                    case SumStep s: pending.Push(s.Body); break;
                    case ScanStep s: pending.Push(s.Body); break;
                    case LoopStep l: pending.Push(l.Body); break;
                }
            }
        }
        if (count > MaxStages)
            throw new NotSupportedException(
                $"The function has {count:N0} stages after linearization; ExprGrad compiles at most {MaxStages:N0} into one gradient, " +
                "because a larger compiled method can overflow a 1 MB thread stack when it runs. Write repeated work as a loop " +
                "(Ops.Sum, Ops.Scan, a for loop) instead of an unrolled expression.");
    }
}
