using System.Globalization;
using System.Text;

namespace ExprGrad;

/// <summary>The outcome of a <see cref="GradientCheck"/>: every comparison, the worst one and the verdict.</summary>
public sealed class GradientCheckReport
{
    internal GradientCheckReport(string function, double value, IReadOnlyList<GradientComparison> comparisons, int coordinates,
        int coordinateCount, GradientCheckOptions options, IReadOnlyList<string> disagreements)
    {
        CoordinateCount = coordinateCount;
        Disagreements = disagreements;
        Function = function;
        Value = value;
        Comparisons = comparisons;
        Coordinates = comparisons.Take(coordinates).ToList();
        Directions = comparisons.Skip(coordinates).ToList();
        Options = options;
    }

    /// <summary>The checked function, as text.</summary>
    public string Function { get; }

    /// <summary>The function's value at the point.</summary>
    public double Value { get; }

    /// <summary>Every comparison: the coordinates, then the random directions.</summary>
    public IReadOnlyList<GradientComparison> Comparisons { get; }

    /// <summary>One comparison per checked coordinate, named like <c>x</c>, <c>w[2]</c>, <c>W[1,0]</c>: every coordinate, or a
    /// sample of <see cref="GradientCheckOptions.MaxCoordinates"/> of them when the function has more (<see cref="Sampled"/>).</summary>
    public IReadOnlyList<GradientComparison> Coordinates { get; }

    /// <summary>How many coordinates the function has (the length of its flattened parameters).</summary>
    public int CoordinateCount { get; }

    /// <summary>Whether only a sample of the coordinates was checked one by one (the random directions cover them all).</summary>
    public bool Sampled => Coordinates.Count < CoordinateCount;

    /// <summary>The directional-derivative comparisons, named <c>d1</c>, <c>d2</c>….</summary>
    public IReadOnlyList<GradientComparison> Directions { get; }

    /// <summary>The options the check ran with.</summary>
    public GradientCheckOptions Options { get; }

    /// <summary>The comparison with the largest relative error (null when the function has no coordinates).</summary>
    public GradientComparison? Worst => Comparisons.OrderByDescending(c => c.Passed ? 0 : 1).ThenByDescending(c => c.RelativeError).FirstOrDefault();

    /// <summary>Where the entry points (<c>Grad.Of</c>, <c>Grad.ValueAndGradient</c>, <c>Grad.ValueAndGradientInto</c>)
    /// return different gradients for the same point: one line per coordinate that differs. Empty when they agree to the bit.</summary>
    public IReadOnlyList<string> Disagreements { get; }

    /// <summary>Whether every comparison is within tolerance and every entry point returns the same gradient.</summary>
    public bool Passed => Comparisons.All(c => c.Passed) && Disagreements.Count == 0;

    /// <summary>A readable table: one line per comparison, then the verdict.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Gradient check of {Function}\n");
        sb.Append(CultureInfo.InvariantCulture, $"value {Value:R}\n");
        if (Sampled)
            sb.Append(CultureInfo.InvariantCulture,
                $"{Coordinates.Count} of {CoordinateCount} coordinates checked one by one (a sample drawn with seed {Options.Seed}), and {Directions.Count} random directions through all of them\n");
        var width = Math.Max(10, Comparisons.Select(c => c.Name.Length).DefaultIfEmpty(0).Max() + 2);
        sb.Append("coordinate".PadRight(width)).Append("ExprGrad".PadLeft(24)).Append("central difference".PadLeft(24))
          .Append("rel. error".PadLeft(12)).Append('\n');
        foreach (var c in Comparisons)
            sb.Append(c.Name.PadRight(width)).Append(Number(c.Analytic).PadLeft(24)).Append(Number(c.Numeric).PadLeft(24))
              .Append(c.RelativeError.ToString("0.0E+0", CultureInfo.InvariantCulture).PadLeft(12))
              .Append(c.Passed ? "" : "  FAIL").Append('\n');
        foreach (var d in Disagreements) sb.Append("entry points disagree: ").Append(d).Append('\n');
        var worst = Worst;
        sb.Append(Passed ? "PASSED" : "FAILED");
        if (worst is not null)
            sb.Append(CultureInfo.InvariantCulture, $": worst relative error {worst.RelativeError:0.0E+0} at {worst.Name}");
        sb.Append(CultureInfo.InvariantCulture, $" (tolerance {Options.Tolerance:0.#E+0} relative or {Options.AbsoluteTolerance:0.#E+0} absolute)\n");
        return sb.ToString();
    }

    private static string Number(double v) => v.ToString("G12", CultureInfo.InvariantCulture);
}
