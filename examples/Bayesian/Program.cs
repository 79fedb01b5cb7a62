using System.Diagnostics;
using Bayesian;
using Bayesian.Models;
using Bayesian.Sampling;
using ExprGrad;

// Issue 18's example: two models written with ExprGrad's Ops (special functions included), sampled by a small HMC over
// Grad.ValueAndGradientInto, each posterior mean checked against a known value. Exit code 1 if any check fails.
// `-- --plot <folder>` also writes the trace plots there.
var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
int plotAt = Array.IndexOf(args, "--plot");
string? plotFolder = plotAt >= 0 && plotAt + 1 < args.Length ? args[plotAt + 1] : null;
// Under CI fewer draws keep the run short; the checks' tolerances widen with the Monte-Carlo error, so they still hold.
var settings = ci ? new HmcSettings(Warmup: 400, Draws: 400) : new HmcSettings(Warmup: 1000, Draws: 2000);
const int chainCount = 4;
const double minAcceptance = 0.6, maxAcceptance = 0.95, maxRHat = 1.05;
var failures = new List<string>();

Console.WriteLine($"HMC: {chainCount} chains × ({settings.Warmup} warm-up + {settings.Draws} draws), target acceptance " +
                  $"{settings.TargetAcceptance}, integration time {settings.TrajectoryLength} ±50 %{(ci ? " (CI: short run)" : "")}.");
Console.WriteLine($"Checks: mean acceptance in [{minAcceptance}, {maxAcceptance}], split R̂ ≤ {maxRHat}, every mean within its tolerance.");

var models = new[] { (Model: EightSchools.Create(), Plot: "trace-eight-schools.png", Traced: 1),
                     (Model: RobustRegression.Create(500, seed: 2026), Plot: "trace-robust-regression.png", Traced: 5) };
foreach (var (model, plotFile, traced) in models)
{
    Console.WriteLine();
    Console.WriteLine($"== {model.Name}: {model.Dimension} parameters");
    var random = new Random(18);
    var starts = Enumerable.Range(0, chainCount)
        .Select(_ => Enumerable.Range(0, model.Dimension).Select(_ => random.NextDouble() * 4 - 2).ToArray()).ToArray();

    // The gradient the sampler uses, against central differences once, at the first chain's start.
    var check = GradientCheck.Run(model.LogDensity, (object)starts[0]);
    Console.WriteLine($"GradientCheck at the first start: {(check.Passed ? "passed" : "FAILED")}, worst {check.Worst}");
    if (!check.Passed) failures.Add($"{model.Name}: gradient check failed: {check}");

    var built = Stopwatch.StartNew();
    var logDensity = Grad.ValueAndGradientInto(model.LogDensity);
    built.Stop();
    var clock = Stopwatch.StartNew();
    var chains = starts.Select((start, c) => Hmc.Sample(logDensity, start, settings, seed: 100 + c)).ToArray();
    clock.Stop();

    long gradients = chains.Sum(c => c.Gradients);
    double seconds = clock.Elapsed.TotalSeconds;
    double acceptance = chains.Average(c => c.MeanAcceptance);
    Console.WriteLine($"gradient program built in {built.ElapsedMilliseconds} ms; sampling {seconds:F2} s, {gradients:N0} gradients, " +
                      $"{gradients / seconds:N0} gradients/s");
    Console.WriteLine($"step sizes {string.Join(", ", chains.Select(c => c.StepSize.ToString("F3")))}; mean acceptance " +
                      $"{acceptance:F3} (accepted {chains.Average(c => c.AcceptedFraction):P1}); divergences {chains.Sum(c => c.Divergences)}");
    if (acceptance < minAcceptance || acceptance > maxAcceptance) failures.Add($"{model.Name}: mean acceptance {acceptance:F3}");

    Console.WriteLine($"{"",-4} {"known",9} {"mean",9} {"sd",8} {"ESS",7} {"MCSE",7} {"R̂",6} {"|mean − known|",15} {"tolerance",10}");
    var summaries = model.Checks.Select(c => Summary.Of(c, chains)).ToArray();
    foreach (var s in summaries)
    {
        Console.WriteLine($"{s.Check.Name,-4} {s.Check.Known,9:F4} {s.Mean,9:F4} {s.Sd,8:F4} {s.Ess,7:F0} {s.Mcse,7:F4} {s.RHat,6:F3} " +
                          $"{Math.Abs(s.Mean - s.Check.Known),15:F4} {s.Tolerance,10:F4}{(s.Passed ? "" : "  MISSED")}");
        if (!s.Passed) failures.Add($"{model.Name}: {s.Check.Name} mean {s.Mean:F4}, known {s.Check.Known:F4}, tolerance {s.Tolerance:F4}");
        if (s.RHat > maxRHat) failures.Add($"{model.Name}: {s.Check.Name} R̂ {s.RHat:F3}");
    }
    var sources = summaries.Select(s => s.Check).DistinctBy(c => c.Source)
        .Select(c => $"{c.Source} (tolerance {c.SdMultiple} sd + {c.McseMultiple} MCSE)");
    Console.WriteLine($"known: {string.Join("; ", sources)}");
    double minEss = summaries.Min(s => s.Ess);
    Console.WriteLine($"least ESS {minEss:F0}: {minEss / seconds:N0} effective samples/s");

    if (plotFolder is not null)
    {
        var traceCheck = model.Checks[traced < model.Checks.Count ? traced : 0];
        var path = Path.Combine(plotFolder, plotFile);
        TracePlot.Write(path, $"{model.Name}: {traceCheck.Name}", traceCheck.Name, chains, traceCheck.Of);
        Console.WriteLine($"wrote {path}");
    }
}

Console.WriteLine();
foreach (var failure in failures) Console.WriteLine($"FAILED {failure}");
Console.WriteLine(failures.Count == 0 ? "All checks passed." : $"{failures.Count} check(s) failed.");
return failures.Count == 0 ? 0 : 1;
