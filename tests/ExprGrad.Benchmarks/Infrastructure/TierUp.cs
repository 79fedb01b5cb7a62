namespace ExprGrad.Benchmarks;

/// <summary>
/// Runs a benchmark's methods until tiered compilation has optimized what they call, before BenchmarkDotNet's
/// pilot measures them. The in-process Quick job runs a class's methods one after another in one process, and
/// ExprGrad's kernels and System.Numerics.Tensors (shipped as IL, not precompiled) start unoptimized: the first
/// method that calls them was measured at tier 0, 10–70× slower (B5: Grad.Of 4.3–5.7 ms while ValueAndGradient,
/// measured after it, took 0.6–0.8 ms; alone, ValueAndGradient took 6.9 ms), and the pilot, timing those slow
/// calls, chose 2–4 calls per iteration — too few for call counting to promote anything during the run.
/// </summary>
internal static class TierUp
{
    /// <summary>Call counting starts after 100 ms without new tier-0 code, then promotes a method after 30 calls
    /// (twice with dynamic PGO's instrumented tier between); three rounds of calls and pauses cover both.</summary>
    public static void Run(params Action[] methods)
    {
        for (int round = 0; round < 3; round++)
        {
            foreach (var method in methods)
                for (int i = 0; i < 40; i++) method();
            Thread.Sleep(250);
        }
    }
}
