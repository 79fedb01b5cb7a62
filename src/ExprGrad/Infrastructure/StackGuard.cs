using System.Runtime.CompilerServices;

namespace ExprGrad;

/// <summary>
/// Lets the recursive stages walk trees of any depth. When the current stack is nearly exhausted the
/// work continues on a fresh thread with a large stack, as System.Linq.Expressions' own compiler does;
/// a 50,000-deep tree therefore costs a few thread hops instead of a process-killing stack overflow.
/// </summary>
internal static class StackGuard
{
    private const int HopStackBytes = 256 * 1024 * 1024;

    /// <summary>Whether the current stack has room for another level. The visitors test this first and call
    /// <see cref="Run{T}"/> from a separate method only when it fails: a lambda in the visiting method itself would
    /// allocate its closure on every node (about 60 MB per build of a 10,000-node gradient).</summary>
    public static bool HasRoom => RuntimeHelpers.TryEnsureSufficientExecutionStack();

    public static void Run(Action work) => Run(() =>
    {
        work();
        return true;
    });

    public static T Run<T>(Func<T> work)
    {
        if (RuntimeHelpers.TryEnsureSufficientExecutionStack()) return work();
        T result = default!;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try { result = work(); }
            catch (Exception e) { failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e); }
        }, HopStackBytes);
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
