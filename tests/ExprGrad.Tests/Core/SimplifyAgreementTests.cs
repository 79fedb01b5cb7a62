using ExprGrad.Tests.Oracles;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ExprGrad.Tests.Core;

/// <summary>Simplification is optional: gradients with and without it must be identical to the bit,
/// since it applies only exact identities and removes only unread stores.</summary>
public class SimplifyAgreementTests
{
    [Property(Arbitrary = [typeof(GradientCases)], MaxTest = 200, Replay = "7777777,1414213563")]
    public Property SimplifiedAndUnsimplifiedGradientsAgree(GradientCase c)
    {
        var simplified = Grad.Of(c.Tree);
        var plain = Grad.Of(c.Tree, new GradientOptions { FoldAlgebra = false, EliminateDeadStores = false, EliminateOverwrittenStores = false });
        var (a, b) = (simplified(c.Point), plain(c.Point));
        return (a.Zip(b).All(p => p.First.Equals(p.Second))).Label($"{c}: [{string.Join(", ", a)}] vs [{string.Join(", ", b)}]");
    }

    [Fact]
    public void SimplifyRemovesTheUnreadForwardValue()
    {
        System.Linq.Expressions.Expression<Func<double, double, double>> f = (x, y) => (x + y) * x;
        var simplified = (System.Linq.Expressions.BlockExpression)Grad.GradientExpression(f).Body;
        // Both passes remove it: either one alone is enough.
        var plain = (System.Linq.Expressions.BlockExpression)Grad.GradientExpression(f,
            new GradientOptions { EliminateDeadStores = false, EliminateOverwrittenStores = false }).Body;
        Assert.True(simplified.Expressions.Count < plain.Expressions.Count);
    }
}
