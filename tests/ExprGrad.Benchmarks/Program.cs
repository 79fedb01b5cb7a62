using BenchmarkDotNet.Running;
using ExprGrad.Benchmarks;

// dotnet run -c Release --project tests/ExprGrad.Benchmarks -- --filter '*'
// BenchmarkDotNet's own switches (--filter, --job, --list flat, …) pass through; see BenchConfig for ours.
var config = BenchConfig.Create(args, out var benchmarkArgs);
var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(benchmarkArgs, config);
RatioTable.Write(summaries, config.ArtifactsPath);
