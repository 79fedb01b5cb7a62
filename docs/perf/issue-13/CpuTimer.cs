using System.Runtime.InteropServices;
using MonteCarloGreeks;
using ExprGrad;

// Thread CPU time per call: immune to being descheduled on a shared machine (not to cache or SMT neighbours).
public static class CpuTimer
{
    [StructLayout(LayoutKind.Sequential)] private struct Timespec { public long Sec; public long Nsec; }
    [DllImport("libc")] private static extern int clock_gettime(int clock, out Timespec ts);
    private static double Now() { clock_gettime(3, out var t); return t.Sec * 1e9 + t.Nsec; }

    public static (double Median, double Min) Measure<T>(Func<T> f, double sampleNs = 30e6, int samples = 21)
    {
        T sink = default!;
        double start = Now();
        int calls = 0;
        while (Now() - start < 1.5e9 || calls < 50) { sink = f(); calls++; }   // tier-up
        double per = (Now() - start) / calls;
        int reps = Math.Max(1, (int)(sampleNs / per));
        var xs = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            double t0 = Now();
            for (int k = 0; k < reps; k++) sink = f();
            xs[s] = (Now() - t0) / reps;
        }
        GC.KeepAlive(sink);
        Array.Sort(xs);
        return (xs[samples / 2], xs[0]);
    }

    public static void Run(string which)
    {
        if (which is "asian" or "all")
        {
            var a = new AsianAttribution(); a.Setup();
            Table("Asian", [("Price", () => a.Price()), ("Hand", () => a.Hand()), ("ExprGradVAG", () => a.ExprGradVAG()), ("ExprGradOf", () => a.ExprGradOf()),
                ("A1 verbatim", () => a.A1()), ("A2 -fwd sweep", () => a.A2()), ("A3 +exp stored", () => a.A3()), ("A4 +arrays once", () => a.A4()),
                ("A5 +invariants", () => a.A5()), ("A6 +skip zero seed", () => a.A6()), ("A7 +register carry", () => a.A7()), ("A8 +fused loops", () => a.A8())]);
        }
        if (which is "european" or "all")
        {
            var e = new EuropeanB7(); e.Setup();
            Table("European", [("Price", () => e.Price()), ("Hand", () => e.Hand()), ("ExprGradVAG", () => e.VAG()), ("ExprGradOf", () => e.Of())]);
        }
        if (which is "rosen" or "all")
        {
            var b = new RosenAttribution(); b.Setup();
            Table("Rosenbrock", [("Plain", () => b.Plain()), ("Hand", () => b.Hand()), ("ExprGradVAG", () => b.ExprGradVAG()), ("ExprGradOf", () => b.ExprGradOf()),
                ("R1 verbatim", () => b.R1()), ("R2 -acc trail", () => b.R2()), ("R3 -index trail", () => b.R3()), ("R4 +carry=1 folded", () => b.R4()), ("R5 +fused", () => b.R5())]);
        }
    }

    private static void Table(string name, (string, Func<object>)[] methods)
    {
        Console.WriteLine($"{name}: thread CPU time per call, median (min) of 21 samples; bytes include the boxing of the result (24–48 B)");
        double hand = 0;
        foreach (var (m, f) in methods)
        {
            f();   // a lazily built gradient is compiled here, not counted below
            long before = GC.GetAllocatedBytesForCurrentThread();
            f();
            long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            var (med, min) = Measure(f);
            if (m == "Hand") hand = med;
            Console.WriteLine($"  {m,-22} {med / 1e3,10:F1} µs ({min / 1e3,8:F1})  {(hand > 0 ? (med / hand).ToString("F2") : ""),6} ÷ hand  {bytes,9} B");
        }
    }
}

public class EuropeanB7
{
    private Simulation sim = Simulation.IssueCase();
    private Func<double, double, double, (double Value, (double, double, double) Gradient)> vag;
    private Func<double, double, double, (double, double, double)> of;
    public void Setup() { var e = sim.PriceExpression(Payoff.European); vag = Grad.ValueAndGradient(e); of = Grad.Of(e); }
    public object Price() => sim.EuropeanPrice(100, 0.3, 0.05);
    public object Hand() => sim.EuropeanAdjoint(100, 0.3, 0.05);
    public object VAG() => vag(100, 0.3, 0.05);
    public object Of() => of(100, 0.3, 0.05);
}
