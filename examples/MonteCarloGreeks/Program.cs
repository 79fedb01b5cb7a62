using System.Diagnostics;
using ExprGrad;
using MonteCarloGreeks;

// Issue 13's Monte-Carlo case: price and pathwise Greeks (∂/∂S0, ∂/∂σ, ∂/∂r) of a European and an Asian call,
// by ExprGrad, by a hand-written adjoint and by bump-and-revalue, on the same fixed normals.
var simulation = Simulation.IssueCase();
var market = simulation.Market;
// Under CI the timings are only smoke: short, so the whole example stays within a few seconds.
var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
var budget = TimeSpan.FromMilliseconds(ci ? 30 : 600);

Console.WriteLine($"S0 = {market.Spot}, K = {market.Strike}, σ = {market.Volatility}, r = {market.Rate}, T = {market.Maturity}; " +
                  $"{simulation.Paths:N0} paths × {simulation.Steps} steps, normals from a fixed seed.");
Console.WriteLine($"Times: median of {(ci ? "a few short (CI)" : "several")} Stopwatch runs per method; " +
                  "÷ price is each method's time over the plain-loop price's.");

foreach (var payoff in new[] { Payoff.European, Payoff.Asian })
{
    var built = Stopwatch.StartNew();
    var greeks = Grad.ValueAndGradient(simulation.PriceExpression(payoff));
    built.Stop();
    var batch = Grad.ValueAndGradientBatch(simulation.PathPayoffExpression(payoff));
    var batchRows = simulation.BatchRows();
    double s0 = market.Spot, sigma = market.Volatility, r = market.Rate;

    var rows = new (string Method, Greeks? Greeks, Func<double> Run)[]
    {
        ("price alone (plain loops)", null, () => simulation.Price(payoff, s0, sigma, r)),
        ("hand-written pathwise adjoint", simulation.Adjoint(payoff), () => simulation.Adjoint(payoff, s0, sigma, r).Rho),
        ("ExprGrad ValueAndGradient", Simulation.ToGreeks(greeks(s0, sigma, r)), () => greeks(s0, sigma, r).Gradient.Item3),
        ("ExprGrad ValueAndGradientBatch, a row per path", Simulation.BatchGreeks(batch, batchRows, s0, sigma, r),
            () => Simulation.BatchGreeks(batch, batchRows, s0, sigma, r).Rho),
        ($"bump-and-revalue (central, {Simulation.RelativeBump:0e0} relative)", simulation.BumpAndRevalue(payoff),
            () => simulation.BumpAndRevalue(payoff).Rho),
    };

    Console.WriteLine();
    Console.WriteLine($"{payoff} call (ExprGrad gradient built and compiled in {built.Elapsed.TotalMilliseconds:0} ms)");
    Console.WriteLine($"{"method",-48} {"price",10} {"Δ ∂/∂S0",10} {"vega ∂/∂σ",11} {"rho ∂/∂r",10} {"time/call",11} {"÷ price",8}");
    double priceTime = 0;
    foreach (var (method, g, run) in rows)
    {
        var time = Timing.Median(run, budget);
        if (g is null) priceTime = time;
        var price = g?.Price ?? simulation.Price(payoff);
        var values = g is { } x ? $"{x.Delta,10:F6} {x.Vega,11:F6} {x.Rho,10:F6}" : new string(' ', 10 + 1 + 11 + 1 + 10);
        Console.WriteLine($"{method,-48} {price,10:F6} {values} {time * 1e3,8:0.000} ms {time / priceTime,8:0.00}");
    }
}
Console.WriteLine();
Console.WriteLine("The European figures are checked against Black–Scholes (within 4 standard errors) and ExprGrad's");
Console.WriteLine("against the hand-written adjoint (1e-10) in tests/ExprGrad.Tests/Loops/MonteCarloGreeksTests.cs.");

/// <summary>Wall-clock time per call, without a benchmarking library: enough repetitions per run to fill a
/// slice of the budget, the median over the runs, after a warm-up that lets tiered JIT reach optimized code.</summary>
internal static class Timing
{
    public static double Median(Func<double> run, TimeSpan budget)
    {
        double sink = 0;
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (clock.Elapsed < budget / 3 || calls < 3) { sink += run(); calls++; }   // warm-up
        double perCall = clock.Elapsed.TotalSeconds / calls;
        int repetitions = Math.Max(1, (int)(budget.TotalSeconds / 15 / perCall));
        var samples = new double[9];
        for (int i = 0; i < samples.Length; i++)
        {
            clock.Restart();
            for (int k = 0; k < repetitions; k++) sink += run();
            samples[i] = clock.Elapsed.TotalSeconds / repetitions;
        }
        if (double.IsNaN(sink)) Console.WriteLine("(a method returned NaN)");
        Array.Sort(samples);
        return samples[samples.Length / 2];
    }
}
