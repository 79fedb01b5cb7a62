using Bayesian.Sampling;

namespace Bayesian;

/// <summary>Trace plots with ScottPlot 5: one line per chain, draws after warm-up.</summary>
public static class TracePlot
{
    /// <summary>Writes <paramref name="path"/> (PNG) with <paramref name="quantity"/> over the iterations of each chain.</summary>
    public static void Write(string path, string title, string label, IReadOnlyList<HmcChain> chains, Func<double[], double> quantity)
    {
        var plot = new ScottPlot.Plot();
        for (int c = 0; c < chains.Count; c++)
        {
            var line = plot.Add.Signal(chains[c].Trace(quantity));
            line.LegendText = $"chain {c + 1}";
            line.LineWidth = 1;
        }
        plot.Title(title);
        plot.XLabel("iteration after warm-up");
        plot.YLabel(label);
        plot.ShowLegend();
        plot.SavePng(path, 900, 360);
    }
}
