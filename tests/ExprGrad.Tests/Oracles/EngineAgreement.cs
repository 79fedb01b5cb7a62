using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ExprGrad.Tests.Oracles;

/// <summary>
/// The engine against both oracles on generated trees. Against dual numbers the agreement is checked
/// everywhere, kinks included, since both follow the same conventions and differ only by rounding;
/// against finite differences only where <see cref="GradientCase.SuitsFiniteDifferences"/> holds.
/// </summary>
public class EngineAgreement
{
    /// <summary>Dual numbers and the engine evaluate the same derivative formulas in a different order,
    /// so they agree to rounding, relative to the size of the values involved.</summary>
    private const double RoundingTolerance = 1e-9;

    [Property(Arbitrary = [typeof(GradientCases)], MaxTest = 300, Replay = "5551212,1234567891")]
    public Property GradientMatchesDualNumbers(GradientCase c)
    {
        var reference = DualEvaluator.Gradient(c.Tree, c.Point);
        return Prop.When(IsFinite(reference), () =>
            AssertCloseToDual(reference, Grad.Of<double[]>(c.Tree)(c.Point), c.ToString()));
    }

    [Property(Arbitrary = [typeof(GradientCases)], MaxTest = 300, Replay = "8675309,2718281829")]
    public Property GradientMatchesFiniteDifferences(GradientCase c)
    {
        var reference = DualEvaluator.Gradient(c.Tree, c.Point);
        return Prop.When(c.SuitsFiniteDifferences(reference), () =>
            FiniteDifferences.AssertClose(FiniteDifferences.Gradient(c.Compiled, c.Point), Grad.Of<double[]>(c.Tree)(c.Point),
                1e-6, 1e-7, c.ToString()));
    }

    [Property(Arbitrary = [typeof(GradientCases)], MaxTest = 150, Replay = "4242424,3141592653")]
    public Property ValueAndGradientMatchesTheCompiledValueAndTheGradient(GradientCase c)
    {
        var reference = DualEvaluator.Gradient(c.Tree, c.Point);
        return Prop.When(IsFinite(reference), () =>
        {
            var (value, gradient) = Grad.ValueAndGradient<double[]>(c.Tree)(c.Point);
            Assert.True(FiniteDifferences.Close(c.Compiled(c.Point), value, RoundingTolerance, RoundingTolerance),
                $"{c}\n  value {value:R}, compiled {c.Compiled(c.Point):R}");
            AssertCloseToDual(reference, gradient, c.ToString());
            Assert.Equal(Grad.Of<double[]>(c.Tree)(c.Point), gradient);
        });
    }

    [Property(Arbitrary = [typeof(GradientCases)], MaxTest = 100, Replay = "1010101,1618033989")]
    public Property ScalarParameterOverloadsMatchDualNumbers(GradientCase c)
    {
        var reference = DualEvaluator.Gradient(c.ScalarTree, c.Point);
        return Prop.When(IsFinite(reference), () =>
            AssertCloseToDual(reference, ScalarGradient(c.ScalarTree, c.Point), c.ScalarTree + " at x = " + FiniteDifferences.Show(c.Point)));
    }

    /// <summary>Calls <c>Grad.Of&lt;double, …&gt;</c> of the lambda's arity and flattens the tuple it returns.</summary>
    private static double[] ScalarGradient(LambdaExpression f, double[] point)
    {
        var of = typeof(Grad).GetMethods()
            .Single(m => m.Name == nameof(Grad.Of) && m.GetGenericArguments().Length == f.Parameters.Count)
            .MakeGenericMethod([.. f.Parameters.Select(_ => typeof(double))]);
        var gradient = (Delegate)of.Invoke(null, [f, null])!;
        var result = gradient.DynamicInvoke([.. point.Cast<object>()])!;
        return result is ITuple tuple ? [.. Enumerable.Range(0, tuple.Length).Select(i => (double)tuple[i]!)] : [(double)result];
    }

    private static bool IsFinite(DualGradient d) => d.FiniteThroughout;

    private static void AssertCloseToDual(DualGradient reference, double[] engine, string context)
    {
        double scale = 1 + Math.Abs(reference.Value) + reference.Gradient.Select(Math.Abs).Max();
        FiniteDifferences.AssertClose(reference.Gradient, engine, RoundingTolerance, RoundingTolerance * scale, context);
    }
}
