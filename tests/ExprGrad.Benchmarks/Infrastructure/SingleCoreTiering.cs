using System.Diagnostics;

namespace ExprGrad.Benchmarks;

/// <summary>
/// On one processor (<c>taskset -c 0</c>, <c>DOTNET_PROCESSOR_COUNT=1</c>) the runtime multiplies tiered
/// compilation's call-counting delay by ten (<c>TC_DelaySingleProcMultiplier</c>), and every method newly jitted
/// at tier 0 restarts that delay. A case's methods then often run unoptimized through a whole measurement:
/// pinned, B5's plain function measured 9.3 ms of CPU time against 0.76 ms unpinned, and the hand-written
/// gradients (tiered) lost to ExprGrad's compiled delegates (always fully optimized) by chance. The benchmarks
/// therefore run again in a child process with the multiplier at 1, where tiering settles as it does on two cores.
/// </summary>
internal static class SingleCoreTiering
{
    private const string Multiplier = "DOTNET_TC_DelaySingleProcMultiplier";

    /// <summary>True when this process is the parent that should only wait for the re-run child.</summary>
    public static bool RerunIfNeeded(string[] args, out int exitCode)
    {
        exitCode = 0;
        if (Environment.ProcessorCount > 1 || Environment.GetEnvironmentVariable(Multiplier) is not null) return false;
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        // Through `dotnet x.dll` the host is dotnet itself and the assembly comes first; through the apphost it does not.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(SingleCoreTiering).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment[Multiplier] = "1";
        using var child = Process.Start(start)!;
        child.WaitForExit();
        exitCode = child.ExitCode;
        return true;
    }
}
