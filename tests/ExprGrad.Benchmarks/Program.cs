using BenchmarkDotNet.Running;
using ExprGrad.Benchmarks;

// dotnet run -c Release --project tests/ExprGrad.Benchmarks -- --filter '*'
// BenchmarkDotNet's own switches (--filter, --job, --list flat, …) pass through; see BenchConfig for ours.
// --cpu B7 B8 …: the classes whose names contain those parts, timed in thread CPU time instead (CpuTimeTable).
// --wake-up: how late a thread-pool helper joins a job split over the cores (WakeUpProbe).
// Pinned to one core, the runtime delays tiered compilation tenfold; SingleCoreTiering runs the benchmarks again without that.
if (SingleCoreTiering.RerunIfNeeded(args, out var exitCode)) return exitCode;
if (args is ["--cpu", .. var parts]) { CpuTimeTable.Run(parts); return 0; }
if (args is ["--wake-up"]) { WakeUpProbe.Run(); return 0; }
var config = BenchConfig.Create(args, out var benchmarkArgs);
var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(benchmarkArgs, config);
RatioTable.Write(summaries, config.ArtifactsPath);
return 0;
