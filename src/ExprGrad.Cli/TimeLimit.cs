namespace ExprGrad.Cli;

/// <summary>
/// Runs the user's text on a worker thread and gives up after a time limit. .NET cannot abort a thread, so a run
/// past its limit is abandoned: the worker is a background thread, which the process does not wait for on exit.
/// </summary>
internal static class TimeLimit
{
    /// <summary>Deep expression trees recurse deeply in the compiler; the worker gets more stack than the main thread's.</summary>
    private const int StackBytes = 256 * 1024 * 1024;

    /// <summary>What <paramref name="work"/> returned, or null when it did not finish within <paramref name="limit"/>;
    /// an exception it threw is rethrown here.</summary>
    public static ExitCode? Run(Func<ExitCode> work, TimeSpan limit)
    {
        ExitCode code = ExitCode.Ok;
        Exception? thrown = null;
        var worker = new Thread(() =>
        {
            try { code = work(); }
            catch (Exception e) { thrown = e; }
        }, StackBytes) { IsBackground = true, Name = "exprgrad text" };
        worker.Start();
        if (!worker.Join(limit)) return null;
        if (thrown is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(thrown).Throw();
        return code;
    }
}
