using BenchmarkDotNet.Running;
using ExprGrad.Benchmarks;

// dotnet run -c Release --project tests/ExprGrad.Benchmarks -- --filter '*'
// BenchmarkDotNet's own switches (--filter, --job, --list flat, …) pass through; see BenchConfig for ours.
// --cpu B7 B8 …: the classes whose names contain those parts, timed in thread CPU time instead (CpuTimeTable).
if (args is ["--cpu", .. var parts]) { CpuTimeTable.Run(parts); return; }
var config = BenchConfig.Create(args, out var benchmarkArgs);
var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(benchmarkArgs, config);
RatioTable.Write(summaries, config.ArtifactsPath);
