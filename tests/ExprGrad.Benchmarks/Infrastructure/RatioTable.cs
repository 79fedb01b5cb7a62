using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;

namespace ExprGrad.Benchmarks;

/// <summary>
/// The table the README quotes: per case, each contender's median time divided by the hand-written
/// gradient's median (the class's baseline), and bytes allocated per call. Medians, because neighbours'
/// builds on a shared machine make the mean drift upwards.
/// </summary>
internal static class RatioTable
{
    public static void Write(IEnumerable<Summary> summaries, string artifactsPath)
    {
        var rows = summaries.SelectMany(s => s.Reports)
            .Where(r => r.ResultStatistics is not null)
            .Select(r => new Row(
                r.BenchmarkCase.Descriptor.Type.Name,
                r.BenchmarkCase.Parameters.DisplayInfo,
                r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                r.BenchmarkCase.Descriptor.Baseline,
                r.ResultStatistics!.Median,
                r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase)))
            .ToList();
        if (rows.Count == 0) return;

        var text = new StringBuilder();
        text.AppendLine("| case | params | method | median | ÷ baseline | allocated/call |");
        text.AppendLine("|---|---|---|---:|---:|---:|");
        foreach (var group in rows.GroupBy(r => (r.Type, r.Params)))
        {
            var baseline = group.FirstOrDefault(r => r.IsBaseline);
            foreach (var r in group)
            {
                var ratio = baseline is null ? "" : (r.MedianNs / baseline.MedianNs).ToString("0.00", CultureInfo.InvariantCulture);
                text.AppendLine($"| {r.Type} | {r.Params} | {r.Method} | {Time(r.MedianNs)} | {ratio} | {Bytes(r.Bytes)} |");
            }
        }

        Console.WriteLine();
        Console.WriteLine("Ratios (medians):");
        Console.WriteLine(text);
        var path = Path.Combine(artifactsPath, "results", "ratios.md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ToString());
        Console.WriteLine($"Written to {path}");
    }

    private static string Time(double ns) => ns switch
    {
        < 1e3 => $"{ns:0.0} ns",
        < 1e6 => $"{ns / 1e3:0.00} µs",
        _ => $"{ns / 1e6:0.00} ms",
    };

    private static string Bytes(long? bytes) => bytes switch
    {
        null => "?",
        < 1024 => $"{bytes} B",
        _ => $"{bytes / 1024.0:0.0} KB",
    };

    private sealed record Row(string Type, string Params, string Method, bool IsBaseline, double MedianNs, long? Bytes);
}
