using System.Text;

namespace ExprGrad.Tests.Differential;

/// <summary>Counts per shape and the failures, shrunk, in a form a person can act on.</summary>
public sealed class HarnessReport
{
    /// <summary>Counters of one shape.</summary>
    public sealed class ShapeCounts
    {
        /// <summary>Programs run.</summary>
        public int Programs;
        /// <summary>Programs with at least one disagreement.</summary>
        public int Disagreeing;
        /// <summary>Programs compared with dual numbers.</summary>
        public int DualChecked;
        /// <summary>Programs compared with finite differences.</summary>
        public int DifferencesChecked;
        /// <summary>Not-applicable counts per entry point.</summary>
        public readonly SortedDictionary<string, int> NotApplicable = [];
    }

    /// <summary>Counters by shape.</summary>
    public SortedDictionary<string, ShapeCounts> Shapes { get; } = [];

    /// <summary>Every outcome with a disagreement, as run (not shrunk).</summary>
    public List<ProgramOutcome> Failures { get; } = [];

    /// <summary>Disagreement counts per check key (what was compared with what).</summary>
    public SortedDictionary<string, int> ByCheck { get; } = [];

    /// <summary>Per entry point, the distinct reasons it was not applicable (first line, first few).</summary>
    public SortedDictionary<string, SortedSet<string>> NotApplicableReasons { get; } = [];

    /// <summary>Programs run in all.</summary>
    public int Programs => Shapes.Values.Sum(s => s.Programs);

    /// <summary>Adds one outcome.</summary>
    public void Add(ProgramOutcome outcome)
    {
        var shape = outcome.Program.Spec.Shape;
        if (!Shapes.TryGetValue(shape, out var counts)) Shapes[shape] = counts = new ShapeCounts();
        counts.Programs++;
        if (outcome.Dual is not null) counts.DualChecked++;
        if (outcome.DifferencesChecked) counts.DifferencesChecked++;
        foreach (var (entry, why) in outcome.NotApplicable)
        {
            counts.NotApplicable[entry] = counts.NotApplicable.GetValueOrDefault(entry) + 1;
            if (!NotApplicableReasons.TryGetValue(entry, out var reasons)) NotApplicableReasons[entry] = reasons = [];
            if (reasons.Count < 5) reasons.Add(why.Split('\n')[0]);
        }
        if (outcome.Disagreements.Count == 0) return;
        counts.Disagreeing++;
        Failures.Add(outcome);
        foreach (var check in outcome.Disagreements.Select(d => d.Check).Distinct()) ByCheck[check] = ByCheck.GetValueOrDefault(check) + 1;
    }

    /// <summary>The per-shape table and the per-check counts.</summary>
    public string Summary()
    {
        var s = new StringBuilder();
        s.AppendLine($"{Programs} programs, {Failures.Count} with disagreements");
        s.AppendLine($"{"shape",-36} {"run",5} {"dual",5} {"diff",5} {"bad",5}  not applicable");
        foreach (var (shape, c) in Shapes)
            s.AppendLine($"{shape,-36} {c.Programs,5} {c.DualChecked,5} {c.DifferencesChecked,5} {c.Disagreeing,5}  " +
                         string.Join(", ", c.NotApplicable.Select(kv => $"{kv.Key} {kv.Value}")));
        foreach (var (entry, reasons) in NotApplicableReasons)
            foreach (var why in reasons) s.AppendLine($"  not applicable: {entry}: {why}");
        foreach (var (check, n) in ByCheck) s.AppendLine($"  disagreement: {check}: {n} programs");
        return s.ToString();
    }

    /// <summary>Everything needed to act on one failure: the program, the point, every answer, the generated code.</summary>
    public static string Describe(ProgramOutcome outcome)
    {
        var p = outcome.Program;
        var s = new StringBuilder();
        s.AppendLine($"program ({p.Spec.Shape}): {p.Spec}");
        s.AppendLine($"  point (flat): {ProgramSpec.Show(p.FlatPoint())}");
        foreach (var d in outcome.Disagreements) s.AppendLine($"  DISAGREES: {d.Check}\n    {d.Detail}");
        foreach (var (key, answer) in outcome.Answers)
            s.AppendLine($"  {key}: {(answer is Exception e ? $"{e.GetType().Name}: {e.Message}" : answer)}");
        if (outcome.Dual is { } dual) s.AppendLine($"  dual numbers: value {ProgramSpec.Show(dual.Value)}, gradient {ProgramSpec.Show(dual.Gradient)}");
        foreach (var (entry, why) in outcome.NotApplicable) s.AppendLine($"  not applicable: {entry}: {why}");
        try
        {
            s.AppendLine("  GradientCode.Of:").AppendLine(GradientCode.Of(p.Function));
        }
        catch (Exception e)
        {
            s.AppendLine($"  GradientCode.Of threw {e.GetType().Name}: {e.Message}");
        }
        return s.ToString();
    }
}
