using System.Diagnostics;
using System.Globalization;
using ExprGrad.Runtime;

namespace ExprGrad.Benchmarks;

/// <summary>
/// <c>--wake-up</c>: how late a thread-pool helper joins a <see cref="CoreShare"/> job, the cause measured for batch
/// B3 on two cores (a whole batch of 17–30 µs). Each job is 32 blocks of busy work, run back to back as a benchmark
/// loop runs batches; every block records which thread ran it and when it started. Printed per job length: the
/// helper's first block's start after the job's start (percentiles), the share of blocks the helper ran, and the
/// speed-up the job saw over running alone (job time on one thread ÷ job time shared).
/// </summary>
internal static class WakeUpProbe
{
    private const int Blocks = 32;
    private const int Jobs = 2000;

    public static void Run()
    {
        Console.WriteLine($"processors: {Environment.ProcessorCount}; load average: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine("| job (µs, one thread) | helper's first block starts after (µs) p10 / p50 / p90 | blocks run by the helper | jobs the helper never joined | speed-up |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (double jobMicroseconds in new[] { 8.0, 16.0, 32.0, 64.0, 128.0, 512.0 })
            Line(jobMicroseconds);
    }

    private static void Line(double jobMicroseconds)
    {
        long blockTicks = (long)(jobMicroseconds / Blocks * Stopwatch.Frequency / 1e6);
        var starts = new long[Blocks];
        var onCaller = new bool[Blocks];
        var delays = new List<double>();
        int helperBlocks = 0, neverJoined = 0;
        double shared = 0;
        for (int job = -200; job < Jobs; job++)
        {
            int caller = Environment.CurrentManagedThreadId;
            long t0 = Stopwatch.GetTimestamp();
            CoreShare.Run(Blocks, b =>
            {
                long start = Stopwatch.GetTimestamp();
                starts[b] = start;
                onCaller[b] = Environment.CurrentManagedThreadId == caller;
                while (Stopwatch.GetTimestamp() - start < blockTicks) { }
            });
            long t1 = Stopwatch.GetTimestamp();
            if (job < 0) continue; // warm-up: the pool's threads exist and the code is optimized
            shared += t1 - t0;
            long first = long.MaxValue;
            for (int b = 0; b < Blocks; b++)
                if (!onCaller[b]) { helperBlocks++; first = Math.Min(first, starts[b]); }
            if (first == long.MaxValue) neverJoined++;
            else delays.Add((first - t0) * 1e6 / Stopwatch.Frequency);
        }
        delays.Sort();
        string P(double q) => delays.Count == 0 ? "–" : delays[(int)(q * (delays.Count - 1))].ToString("0.0", CultureInfo.InvariantCulture);
        double alone = jobMicroseconds * Jobs;
        double sharedMicroseconds = shared * 1e6 / Stopwatch.Frequency;
        Console.WriteLine($"| {jobMicroseconds} | {P(0.1)} / {P(0.5)} / {P(0.9)} | {100.0 * helperBlocks / (Blocks * Jobs):0}% | {100.0 * neverJoined / Jobs:0}% | {alone / sharedMicroseconds:0.00} |");
    }
}
