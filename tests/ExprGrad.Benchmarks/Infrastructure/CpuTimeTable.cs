using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace ExprGrad.Benchmarks;

/// <summary>
/// <c>--cpu &lt;class name part&gt;…</c>: the same cases as BenchmarkDotNet's (each class's [GlobalSetup], its
/// [Params] values, its [Benchmark] methods), timed in thread CPU time (<c>CLOCK_THREAD_CPUTIME_ID</c>, Linux)
/// instead of wall-clock time. On a machine shared with other builds, wall-clock medians move by a factor of 2
/// between runs because the thread is descheduled; CPU time leaves that out (not cache or SMT neighbours), and
/// its ratios move by about ±10%. Median and minimum of 21 samples of ≈30 ms after 1.5 s of warm-up (tiered JIT
/// settles), and the bytes one call allocates (the boxing of the returned value included, 24–48 B).
/// After each sample a register-only chain of dependent multiply-adds is timed the same way (<see cref="CoreSpeed"/>):
/// it touches no memory, so its CPU time moves only when the core itself runs slower (its clock, a busy SMT sibling
/// on the host, host preemption counted as the guest's CPU time). A case measured slow while the chain held steady
/// was slowed inside the process; one measured slow with the chain was slowed by the machine. The last column counts
/// the gen-0 collections the samples' calls triggered, whose pauses the calling thread's CPU time includes.
/// </summary>
internal static class CpuTimeTable
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec time);

    private const int ThreadCpuTime = 3;

    private static double Now()
    {
        ClockGetTime(ThreadCpuTime, out var t);
        return t.Seconds * 1e9 + t.Nanoseconds;
    }

    public static void Run(IReadOnlyList<string> classNameParts)
    {
        var classes = typeof(CpuTimeTable).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkAttribute))))
            .Where(t => classNameParts.Any(part => t.Name.Contains(part, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(t => t.Name);
        Console.WriteLine("| case | params | method | CPU time median (min) | ÷ baseline | ÷ Plain | allocated/call | core: chain ns/op median (max) | gen0 GCs per 10⁶ calls |");
        Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var type in classes)
            foreach (var (parameters, instance) in Instances(type))
                Table(type, parameters, instance);
    }

    /// <summary>One instance per value of the class's [Params] property (at most one such property), set up.</summary>
    private static IEnumerable<(string, object)> Instances(Type type)
    {
        var property = type.GetProperties().FirstOrDefault(p => p.IsDefined(typeof(ParamsAttribute)));
        var values = property?.GetCustomAttribute<ParamsAttribute>()!.Values ?? [null];
        foreach (var value in values)
        {
            var instance = Activator.CreateInstance(type)!;
            property?.SetValue(instance, value);
            type.GetMethods().FirstOrDefault(m => m.IsDefined(typeof(GlobalSetupAttribute)))?.Invoke(instance, null);
            yield return (property is null ? "" : $"{property.Name}={value}", instance);
        }
    }

    private static void Table(Type type, string parameters, object instance)
    {
        var methods = type.GetMethods().Where(m => m.IsDefined(typeof(BenchmarkAttribute))).ToArray();
        var measured = methods.Select(m => (Method: m, Call: Caller(instance, m))).Select(x =>
        {
            try
            {
                x.Call();
                long before = GC.GetAllocatedBytesForCurrentThread();
                x.Call();
                long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
                var (median, min, core) = Measure(x.Call);
                return (x.Method, Median: median, Min: min, Bytes: bytes, Core: core);
            }
            catch (NotSupportedException e)
            {
                // FastExpressionCompiler fails on some generated programs in some calls and not others (BuildAndCompile);
                // only its own row is lost, as in BenchmarkDotNet's runs.
                Console.WriteLine($"// {type.Name} {parameters} {x.Method.Name}: {e.Message}");
                return (x.Method, Median: double.NaN, Min: double.NaN, Bytes: 0L, Core: "");
            }
        }).Where(m => !double.IsNaN(m.Median)).ToArray();
        var baseline = measured.FirstOrDefault(m => m.Method.GetCustomAttribute<BenchmarkAttribute>()!.Baseline).Median;
        var plain = measured.FirstOrDefault(m => m.Method.Name == "Plain").Median;
        foreach (var (method, median, min, bytes, core) in measured)
            Console.WriteLine($"| {type.Name} | {parameters} | {method.Name} | {Time(median)} ({Time(min)}) | {Ratio(median, baseline)} | {Ratio(median, plain)} | {bytes} B | {core} |");
    }

    /// <summary>A compiled call (reflection's Invoke would add its own cost to every call), boxing the result.</summary>
    private static Func<object?> Caller(object instance, MethodInfo method) =>
        System.Linq.Expressions.Expression.Lambda<Func<object?>>(System.Linq.Expressions.Expression.Convert(
            System.Linq.Expressions.Expression.Call(System.Linq.Expressions.Expression.Constant(instance), method), typeof(object))).Compile();

    private static (double Median, double Min, string Core) Measure(Func<object?> call)
    {
        object? sink = null;
        double start = Now();
        int calls = 0;
        while (Now() - start < 1.5e9 || calls < 50) { sink = call(); calls++; }
        int repetitions = Math.Max(1, (int)(30e6 / ((Now() - start) / calls)));
        var samples = new double[21];
        int collections = GC.CollectionCount(0);
        var core = new double[samples.Length];
        for (int s = 0; s < samples.Length; s++)
        {
            double t0 = Now();
            for (int k = 0; k < repetitions; k++) sink = call();
            samples[s] = (Now() - t0) / repetitions;
            core[s] = CoreSpeed();
        }
        collections = GC.CollectionCount(0) - collections;
        GC.KeepAlive(sink);
        Array.Sort(samples);
        Array.Sort(core);
        string coreSpeed = core[core.Length / 2].ToString("0.000", CultureInfo.InvariantCulture) + " (" + core[^1].ToString("0.000", CultureInfo.InvariantCulture) + ") | "
            + (collections * 1e6 / ((double)repetitions * samples.Length)).ToString("0.0", CultureInfo.InvariantCulture);
        return (samples[samples.Length / 2], samples[0], coreSpeed);
    }

    /// <summary>CPU nanoseconds per step of 10⁶ dependent multiply-adds held in registers (about 1.6 ns on this VM).</summary>
    private static double CoreSpeed()
    {
        const int steps = 1_000_000;
        double t0 = Now();
        double x = Chain(steps);
        double t1 = Now();
        return x == 0 ? double.NaN : (t1 - t0) / steps;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining | System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static double Chain(int steps)
    {
        double x = 1.0;
        for (int i = 0; i < steps; i++) x = x * 0.999999 + 1e-7;
        return x;
    }

    private static string Ratio(double value, double baseline) =>
        baseline > 0 ? (value / baseline).ToString("0.00", CultureInfo.InvariantCulture) : "";

    private static string Time(double ns) => ns switch
    {
        >= 1e6 => (ns / 1e6).ToString("0.000", CultureInfo.InvariantCulture) + " ms",
        >= 1e3 => (ns / 1e3).ToString("0.00", CultureInfo.InvariantCulture) + " µs",
        _ => ns.ToString("0.0", CultureInfo.InvariantCulture) + " ns",
    };
}
