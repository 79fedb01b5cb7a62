using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MonteCarloGreeks;
using ExprGrad;

var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(9)
    .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(100));
var config = DefaultConfig.Instance.AddJob(job).AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
    .AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median).WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);
if (args.Length > 0 && args[0] == "check") { Check.Run(); return; }
if (args.Length > 1 && args[0] == "cpu") { CpuTimer.Run(args[1]); return; }
BenchmarkSwitcher.FromAssembly(typeof(AsianAttribution).Assembly).Run(args, config);

public static class Check
{
    public static void Run()
    {
        var a = new AsianAttribution(); a.Setup();
        var expected = a.ExprGradVAG();
        foreach (var (n, v) in new[] { ("A1", a.A1()), ("A2", a.A2()), ("A3", a.A3()), ("A4", a.A4()), ("A5", a.A5()), ("A6", a.A6()), ("A7", a.A7()), ("A8", a.A8()) })
            Console.WriteLine($"{n}: {v} vs {expected}");
        Console.WriteLine($"hand {a.Hand()}");
        var b = new RosenAttribution(); b.Setup();
        var e = b.ExprGradVAG();
        foreach (var (n, v) in new[] { ("R1", b.R1()), ("R2", b.R2()), ("R3", b.R3()), ("R4", b.R4()), ("R5", b.R5()) })
            Console.WriteLine($"{n}: {v.Item1} {v.Item2.Zip(e.Item2).Max(p => Math.Abs(p.First - p.Second))}");
    }
}

public class AsianAttribution
{
    private Simulation sim = Simulation.IssueCase();
    private Func<double, double, double, (double Value, (double, double, double) Gradient)> vag;
    private double s0 = 100, sigma = 0.3, r = 0.05;
    [GlobalSetup] public void Setup() => vag = Grad.ValueAndGradient(sim.PriceExpression(Payoff.Asian));
    [Benchmark] public double Price() => sim.AsianPrice(s0, sigma, r);
    [Benchmark(Baseline = true)] public Greeks Hand() => sim.AsianAdjoint(s0, sigma, r);
    [Benchmark] public (double, (double, double, double)) ExprGradVAG() => vag(s0, sigma, r);
    private Func<double, double, double, (double, double, double)> of;
    public (double, double, double) ExprGradOf() => (of ??= Grad.Of(sim.PriceExpression(Payoff.Asian)))(s0, sigma, r);
    private (double, (double, double, double)) Run(Func<double, double, double, int, int, double, double[,], double, double, (double, (double, double, double))> f) =>
        f(s0, sigma, r, sim.Paths, sim.Steps, sim.TimeStep, sim.Normals, sim.Market.Maturity, sim.Market.Strike);
    [Benchmark] public (double, (double, double, double)) A1() => Run(AsianVariants.A1);
    [Benchmark] public (double, (double, double, double)) A2() => Run(AsianVariants.A2);
    [Benchmark] public (double, (double, double, double)) A3() => Run(AsianVariants.A3);
    [Benchmark] public (double, (double, double, double)) A4() => Run(AsianVariants.A4);
    [Benchmark] public (double, (double, double, double)) A5() => Run(AsianVariants.A5);
    [Benchmark] public (double, (double, double, double)) A6() => Run(AsianVariants.A6);
    [Benchmark] public (double, (double, double, double)) A7() => Run(AsianVariants.A7);
    [Benchmark] public (double, (double, double, double)) A8() => Run(AsianVariants.A8);
}

public class RosenAttribution
{
    private double[] x;
    private Func<double[], (double Value, double[] Gradient)> vag;
    [GlobalSetup] public void Setup()
    {
        var random = new Random(1000); x = new double[1000];
        for (int i = 0; i < x.Length; i++) x[i] = 1.5 * (2 * random.NextDouble() - 1);
        vag = Grad.ValueAndGradient(ExprGrad.Benchmarks.B8ImperativeRosenbrock.Loop());
    }
    [Benchmark] public double Plain() { double s = 0; for (int i = 0; i < x.Length - 1; i++) { double d = x[i + 1] - x[i] * x[i], e = 1 - x[i]; s += 100 * d * d + e * e; } return s; }
    [Benchmark(Baseline = true)] public double[] Hand()
    {
        var g = new double[x.Length];
        for (int i = 0; i < x.Length - 1; i++) { double xi = x[i], d = x[i + 1] - xi * xi, e = 1 - xi; g[i] += -400 * d * xi - 2 * e; g[i + 1] += 200 * d; }
        return g;
    }
    [Benchmark] public (double, double[]) ExprGradVAG() => vag(x);
    private Func<double[], double[]> of;
    public double[] ExprGradOf() => (of ??= Grad.Of(ExprGrad.Benchmarks.B8ImperativeRosenbrock.Loop()))(x);
    [Benchmark] public (double, double[]) R1() => RosenVariants.R1(x);
    [Benchmark] public (double, double[]) R2() => RosenVariants.R2(x);
    [Benchmark] public (double, double[]) R3() => RosenVariants.R3(x);
    [Benchmark] public (double, double[]) R4() => RosenVariants.R4(x);
    [Benchmark] public (double, double[]) R5() => RosenVariants.R5(x);
}
