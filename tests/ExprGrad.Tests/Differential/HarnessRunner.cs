using System.Linq.Expressions;
using ExprGrad.Tests.Oracles;

namespace ExprGrad.Tests.Differential;

/// <summary>A check that failed: its key (what was compared with what) and the numbers.</summary>
public sealed record Disagreement(string Check, string Detail);

/// <summary>What running one program produced.</summary>
public sealed class ProgramOutcome(RenderedProgram program)
{
    /// <summary>The program, rendered.</summary>
    public RenderedProgram Program { get; } = program;

    /// <summary>Answers by "configuration / entry point", or the exception an entry point threw.</summary>
    public Dictionary<string, object> Answers { get; } = [];

    /// <summary>Entry points not applicable under the base options, with the reason.</summary>
    public Dictionary<string, string> NotApplicable { get; } = [];

    /// <summary>Every failed check.</summary>
    public List<Disagreement> Disagreements { get; } = [];

    /// <summary>The dual-number reference, if it applied and stayed finite.</summary>
    public DualGradient? Dual { get; set; }

    /// <summary>Whether the differences oracle (and the Hessian check) ran.</summary>
    public bool DifferencesChecked { get; set; }
}

/// <summary>
/// Runs one program through every entry point under every pass configuration and compares the answers
/// with each other and with the oracles. All gradients are built while the closure holds placeholders and
/// called after its data are installed, with fresh copies of the arguments.
/// </summary>
public static class HarnessRunner
{
    /// <summary>Runs <paramref name="spec"/> under <paramref name="configurations"/> (the first is the base).</summary>
    public static ProgramOutcome Run(ProgramSpec spec, IReadOnlyList<PassConfiguration> configurations)
    {
        var p = ProgramRenderer.Render(spec);
        var outcome = new ProgramOutcome(p);
        var callables = new List<(PassConfiguration Config, EntryPoint Entry, Func<object[], Answer> Call)>();
        p.UsePlaceholders();
        foreach (var config in configurations)
        {
            bool isBase = config == configurations[0];
            foreach (var entry in isBase ? EntryPoints.All : EntryPoints.PerPass)
            {
                if (!entry.Applies(p) || outcome.NotApplicable.ContainsKey(entry.Name)) continue;
                try
                {
                    callables.Add((config, entry, entry.Build(p, config.Options)));
                }
                catch (NotSupportedException e) when (isBase)
                {
                    outcome.NotApplicable[entry.Name] = e.Message;
                }
                catch (Exception e)
                {
                    outcome.Disagreements.Add(new($"{config}/{entry} build", $"{e.GetType().Name}: {e.Message}"));
                }
            }
        }
        p.UseValues();
        foreach (var (config, entry, call) in callables)
        {
            string key = $"{config} / {entry}";
            try
            {
                var answer = call(p.FreshArguments());
                outcome.Answers[key] = answer;
                // A compiled gradient reuses its scratch arrays between calls: a second call must not see the first.
                var again = call(p.FreshArguments());
                if (!SameAnswer(answer, again))
                    outcome.Disagreements.Add(new($"{config}/{entry} called again", $"first  {answer}\n    second {again}"));
            }
            catch (Exception e)
            {
                outcome.Answers[key] = e;
                if (e is NotSupportedException && config == configurations[0]) outcome.NotApplicable[entry.Name] = e.Message;
                else outcome.Disagreements.Add(new($"{config}/{entry} threw", $"{e.GetType().Name}: {e.Message}"));
            }
        }
        Compare(outcome, configurations);
        return outcome;
    }

    /// <summary>The largest unrolled tree the dual-number and finite-difference oracles are given.</summary>
    private const int MaxOracleTreeSize = 200_000;

    private static void Compare(ProgramOutcome outcome, IReadOnlyList<PassConfiguration> configurations)
    {
        var p = outcome.Program;
        var baseConfig = configurations[0];
        Answer? Get(PassConfiguration c, EntryPoint e) => outcome.Answers.GetValueOrDefault($"{c} / {e}") as Answer;
        // The reference is Grad.Of's answer, or the first same-arithmetic entry point that applied.
        var referenceEntry = EntryPoints.All.FirstOrDefault(e => e.SameArithmetic && !e.ValueOnly && Get(baseConfig, e) is not null);
        if (referenceEntry is null) return;
        var reference = Get(baseConfig, referenceEntry)!;
        double value = p.Function.Compile().DynamicInvoke(p.FreshArguments()) is double v ? v : double.NaN;
        double scale = 1 + Math.Max(Magnitude(value), reference.Gradient.Select(Magnitude).DefaultIfEmpty(0).Max());

        // Entry points doing the same arithmetic agree bit for bit always. The others (forward mode against
        // reverse mode) compute a derivative where the function itself is finite: once its value has
        // overflowed, each mode turns a different 0·∞ into NaN or 0 and neither is a derivative.
        foreach (var entry in EntryPoints.All.Where(e => e != referenceEntry))
            if (Get(baseConfig, entry) is { } answer && (entry.SameArithmetic || double.IsFinite(value)))
                Agree(outcome, $"{entry} vs {referenceEntry}", reference with { Gradient = entry.Expected(p, reference.Gradient) },
                    answer, entry.SameArithmetic, scale);
        // A value-only entry point runs the forward half of the gradient program: the same value to the bit.
        if (Get(baseConfig, EntryPoints.ValueAndGradient) is { Value: { } } withValue)
            foreach (var entry in EntryPoints.All.Where(e => e.ValueOnly))
                if (Get(baseConfig, entry) is { } answer)
                    Agree(outcome, $"{entry} vs {EntryPoints.ValueAndGradient}", withValue with { Gradient = [] }, answer, true, scale);
        foreach (var entry in EntryPoints.All)
            if (entry.Twin is { } twin && Get(baseConfig, entry) is { } answer && Get(baseConfig, twin) is { } twinAnswer)
                Agree(outcome, $"{entry} vs {twin}", twinAnswer, answer, bitwise: true, scale);
        foreach (var entry in EntryPoints.All)
            if (Get(baseConfig, entry) is { Value: { } returned } && !DifferentialOracles.Close(value, returned, scale))
                outcome.Disagreements.Add(new($"{entry} value vs compiled function", $"{ProgramSpec.Show(returned)} vs {ProgramSpec.Show(value)}"));
        foreach (var config in configurations.Skip(1))
            foreach (var entry in EntryPoints.PerPass)
                if (Get(config, entry) is { } answer && Get(baseConfig, entry) is { } baseAnswer)
                    Agree(outcome, $"{config}/{entry} vs {baseConfig}", baseAnswer, answer, config.Exact, scale);

        var unrolled = ProgramRenderer.Unrolled(p.Spec);
        // Unrolling a recurrence whose step reads its state several times shares subtrees; the oracles walk
        // them as a tree, exponential in the steps (seed 1003 of the soak had one that ran out of memory).
        // Such a program keeps its entry-point checks and goes without the oracles (counted in the report).
        if (TreeSize.Exceeds(unrolled, MaxOracleTreeSize)) return;
        var flat = p.FlatPoint();
        var dual = DifferentialOracles.Dual(unrolled, flat);
        if (dual is { FiniteThroughout: true })
        {
            outcome.Dual = dual;
            double dualScale = Math.Max(scale, 1 + Math.Max(Magnitude(dual.Value), dual.Gradient.Select(Magnitude).Max()));
            Agree(outcome, $"{referenceEntry} vs dual numbers", new Answer(dual.Value, dual.Gradient), reference, false, dualScale);
        }
        if (!DifferentialOracles.SuitsDifferences(unrolled, flat, dual)) return;
        var probed = DifferentialOracles.Probed(p, unrolled);
        var differences = DifferentialOracles.Differences(probed, flat);
        if (DifferentialOracles.DifferencesConverged(probed, flat, differences))
        {
            outcome.DifferencesChecked = true;
            if (!AllClose(differences, reference.Gradient, DifferentialOracles.DifferencesRelativeTolerance, DifferentialOracles.DifferencesAbsoluteTolerance))
                outcome.Disagreements.Add(new($"{referenceEntry} vs finite differences", $"differences {ProgramSpec.Show(differences)}\n    engine      {ProgramSpec.Show(reference.Gradient)}"));
            CheckHessian(outcome, unrolled);
        }
    }

    /// <summary>
    /// Grad.Hessian (any parameter types, flattened in parameter order) against central differences of
    /// Grad.Of's flattened gradient, and Grad.HessianVectorProduct against the Hessian times a fixed direction.
    /// A program holding a value constant (StopGradient) has the Hessian of the function with that value frozen,
    /// so its gradient is differenced in the unrolled form, where the value is a constant.
    /// </summary>
    private static void CheckHessian(ProgramOutcome outcome, Expression<Func<double[], double>> unrolled)
    {
        var p = outcome.Program;
        double[,] hessian;
        double[] product, direction = p.Direction();
        Func<double[], double[]> gradient;
        try
        {
            var (h, hv) = EntryPoints.Hessians(p);
            hessian = (double[,])EntryPoints.Run(h, p.FreshArguments());
            product = (double[])EntryPoints.Run(hv, [.. p.FreshArguments(), direction]);
            if (SpecNodes.StopsGradients(p.Spec))
            {
                gradient = Grad.Of(unrolled);
            }
            else
            {
                var of = EntryPoints.Of.Build(p, GradientOptions.Default);
                gradient = x => of(p.Unflatten(x)).Gradient;
            }
        }
        catch (NotSupportedException e)
        {
            outcome.NotApplicable["Grad.Hessian"] = e.Message;
            return;
        }
        var expected = DifferentialOracles.HessianByDifferences(gradient, p.FlatPoint());
        var (flat, e2) = (RenderedProgram.Flatten([hessian]), RenderedProgram.Flatten([expected]));
        outcome.Answers["Grad.Hessian (row-major)"] = new Answer(null, flat);
        if (!AllClose(e2, flat, DifferentialOracles.DifferencesRelativeTolerance, DifferentialOracles.DifferencesAbsoluteTolerance))
            outcome.Disagreements.Add(new("Grad.Hessian vs differences of the gradient", $"differences {ProgramSpec.Show(e2)}\n    Hessian     {ProgramSpec.Show(flat)}"));
        int n = direction.Length;
        double[] times = [.. Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Sum(j => hessian[i, j] * direction[j]))];
        double scale = 1 + flat.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max() * n;
        if (!(product.Length == n && times.Zip(product).All(ab => DifferentialOracles.Close(ab.First, ab.Second, scale))))
            outcome.Disagreements.Add(new("Grad.HessianVectorProduct vs Grad.Hessian times the direction", $"H·v {ProgramSpec.Show(times)}\n    HVP {ProgramSpec.Show(product)}"));
        // Second order through the other routes: a derivative nested in a gradient (H·v), NthDerivative (vᵀHv).
        foreach (var entry in EntryPoints.All)
            if (entry.CurvatureFromHessian is { } fromHessian
                && outcome.Answers.GetValueOrDefault($"{PassConfiguration.BaseName} / {entry}") is Answer { Curvature: { } curvature })
            {
                var reference = fromHessian(hessian, direction);
                if (!(curvature.Length == reference.Length && reference.Zip(curvature).All(ab => DifferentialOracles.Close(ab.First, ab.Second, scale * n))))
                    outcome.Disagreements.Add(new($"{entry} second order vs Grad.Hessian", $"from H {ProgramSpec.Show(reference)}\n    {entry} {ProgramSpec.Show(curvature)}"));
            }
    }

    private static void Agree(ProgramOutcome outcome, string check, Answer expected, Answer actual, bool bitwise, double scale)
    {
        bool ok = expected.Gradient.Length == actual.Gradient.Length
                  && expected.Gradient.Zip(actual.Gradient).All(ab => bitwise ? DifferentialOracles.Same(ab.First, ab.Second) : DifferentialOracles.Close(ab.First, ab.Second, scale));
        if (bitwise && expected.Value is { } a && actual.Value is { } b) ok &= DifferentialOracles.Same(a, b);
        // Second-order answers (the Into twins of the Hessian entry points) are compared whenever both sides have one.
        if (expected.Curvature is { } ec && actual.Curvature is { } ac)
            ok &= ec.Length == ac.Length && ec.Zip(ac).All(ab => bitwise ? DifferentialOracles.Same(ab.First, ab.Second) : DifferentialOracles.Close(ab.First, ab.Second, scale));
        if (!ok)
            outcome.Disagreements.Add(new(check + (bitwise ? " (bit for bit)" : " (within tolerance)"),
                $"expected {expected}\n    actual   {actual}"));
    }

    private static bool SameAnswer(Answer a, Answer b) =>
        a.Value.Equals(b.Value) && a.Gradient.SequenceEqual(b.Gradient)
        && (a.Curvature is null ? b.Curvature is null : b.Curvature is not null && a.Curvature.SequenceEqual(b.Curvature));

    private static bool AllClose(double[] expected, double[] actual, double rel, double abs) =>
        expected.Length == actual.Length && expected.Zip(actual).All(ab => FiniteDifferences.Close(ab.First, ab.Second, rel, abs));

    private static double Magnitude(double v) => double.IsFinite(v) ? Math.Abs(v) : 0;
}
