using System.Linq.Expressions;
using FsCheck;
using FsCheck.Fluent;

namespace ExprGrad.Tests.Oracles;

/// <summary>
/// A generated function and the point to differentiate it at. Its text is the expression and the point,
/// so FsCheck's counterexample (after shrinking) can be pasted straight into a unit test.
/// </summary>
/// <param name="Tree">A function of x[0..Arity).</param>
/// <param name="Point">The evaluation point; its length is the arity.</param>
public sealed record GradientCase(Expression<Func<double[], double>> Tree, double[] Point)
{
    /// <summary>Values and partial derivatives beyond this size are not compared with finite
    /// differences: their rounding error (≈ 1e-13·|f|) would no longer be small next to the tolerances.</summary>
    public const double MaxMagnitude = 1e4;

    private Func<double[], double>? _compiled;
    private LambdaExpression? _scalarTree;

    /// <summary>The number of inputs.</summary>
    public int Arity => Point.Length;

    /// <summary>The tree compiled by .NET's own expression compiler: the function finite differences probe.</summary>
    public Func<double[], double> Compiled => _compiled ??= Tree.Compile();

    /// <summary>The same function with one <c>double</c> parameter per coordinate.</summary>
    public LambdaExpression ScalarTree => _scalarTree ??= ExpressionTrees.ToScalarParameters(Tree, Arity);

    /// <summary>
    /// Whether finite differences can be trusted here, judged from the dual-number reference: the
    /// value, gradient and every intermediate are finite, value and gradient are moderate, and no coordinate is within
    /// <see cref="FiniteDifferences.KinkClearance"/> of a kink or branch switch. Properties discard
    /// other cases with <c>Prop.When</c> rather than bending the generator around each point.
    /// </summary>
    public bool SuitsFiniteDifferences(DualGradient reference) =>
        reference.FiniteThroughout
        && Moderate(reference.Value)
        && reference.Gradient.All(Moderate)
        && Point.Select((x, i) => reference.KinkDistance[i] > FiniteDifferences.KinkClearance(x)).All(ok => ok);

    private static bool Moderate(double v) => double.IsFinite(v) && Math.Abs(v) <= MaxMagnitude;

    /// <inheritdoc/>
    public override string ToString() => $"{Tree} at x = {FiniteDifferences.Show(Point)}";
}

/// <summary>The FsCheck arbitrary for <see cref="GradientCase"/>; register it with
/// <c>[Property(Arbitrary = new[] { typeof(GradientCases) })]</c>.</summary>
public static class GradientCases
{
    /// <summary>A tree over 1 to <see cref="ExpressionTrees.MaxArity"/> coordinates, and a point.</summary>
    public static Gen<GradientCase> Generator { get; } =
        from arity in Gen.Choose(1, ExpressionTrees.MaxArity)
        from tree in ExpressionTrees.Trees(arity)
        from point in ExpressionTrees.Points(arity)
        select new GradientCase(tree, point);

    /// <summary>Generator and shrinker together.</summary>
    public static Arbitrary<GradientCase> Case() => Arb.From(Generator, Shrink);

    /// <summary>
    /// Shrinks toward a direct double-valued subtree (every subtree is a valid function: domain guards
    /// sit below the node they protect) and toward a point rounded to one decimal.
    /// </summary>
    public static IEnumerable<GradientCase> Shrink(GradientCase c)
    {
        foreach (var child in Children(c.Tree.Body).Where(e => e.Type == typeof(double)))
            yield return new GradientCase(Expression.Lambda<Func<double[], double>>(child, c.Tree.Parameters), c.Point);
        var rounded = c.Point.Select(x => Math.Round(x, 1)).ToArray();
        if (!rounded.SequenceEqual(c.Point)) yield return c with { Point = rounded };
    }

    private static IEnumerable<Expression> Children(Expression e) => e switch
    {
        BinaryExpression { NodeType: ExpressionType.ArrayIndex } => [],
        BinaryExpression b => [b.Left, b.Right],
        UnaryExpression u => [u.Operand],
        MethodCallExpression m => m.Arguments,
        ConditionalExpression c => [c.IfTrue, c.IfFalse],
        _ => [],
    };
}
