using ExprGrad.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ExprGrad.Tests.Imperative;

/// <summary>
/// Try regions in the core (issue 15): the probe counts the body's statements that completed before a throw, the
/// program replays exactly those, then the handler, so the gradient is the derivative of the path that made the value.
/// </summary>
public class TryRegionTests
{
    private static readonly Func<double[], double[]> Gradient =
        Grad.Of(TryRegionShapes.WritesThenThrows(typeof(InvalidOperationException)));

    [Fact]
    public void NoThrowTakesTheWholeBody()
    {
        // x = (0.5, 2, 3, t = 10): s = 0.5·2·2 = 2 after the second multiply, a1 = s² = 4, s = 2 + sin 0.5·3, value 2s + a1.
        // With s2 = x0·x1²: value = 2·x0·x1² + 2·x2·sin x0 + x0²·x1⁴.
        // ∂/∂x0 = 2·x1² + 2·x2·cos x0 + 2·x0·x1⁴ = 8 + 6 cos 0.5 + 16; ∂/∂x1 = 4·x0·x1 + 4·x0²·x1³ = 4 + 8; ∂/∂x2 = 2 sin 0.5.
        var g = Gradient([0.5, 2.0, 3.0, 10.0]);
        CentralDifferences.AssertClose([24 + 6 * Math.Cos(0.5), 12, 2 * Math.Sin(0.5), 0], g, "no throw", 1e-14, 1e-14);
    }

    [Fact]
    public void AThrowAfterTheFirstWritesKeepsThemAndAddsTheHandler()
    {
        // x0 = 0.5 > t = 0.25: the body stops after s = x0·x1 and a0 = sin x0; the handler gives x0·x1 + sin x0 + 0·x2.
        // ∂/∂x0 = x1 + cos x0 = 2 + cos 0.5; ∂/∂x1 = x0 = 0.5; ∂/∂x2 = a1 = 0.
        var g = Gradient([0.5, 2.0, 3.0, 0.25]);
        CentralDifferences.AssertClose([2 + Math.Cos(0.5), 0.5, 0, 0], g, "first throw", 1e-14, 1e-14);
    }

    [Fact]
    public void AThrowAfterTheSecondWritesKeepsThemAll()
    {
        // x = (0.5, 2, 3, t = 1): the body stops after a1 = s² with s = x0·x1²; the handler gives s + sin x0 + s²·x2.
        // ∂/∂x0 = x1² + cos x0 + 2·s·x1²·x2 = 4 + cos 0.5 + 2·2·4·3; ∂/∂x1 = 2·x0·x1 + 2·s·2·x0·x1·x2 = 2 + 2·2·2·3; ∂/∂x2 = s² = 4.
        var g = Gradient([0.5, 2.0, 3.0, 1.0]);
        CentralDifferences.AssertClose([4 + Math.Cos(0.5) + 48, 2 + 24, 4, 0], g, "second throw", 1e-14, 1e-14);
    }

    [Fact]
    public void AnExceptionTheHandlerDoesNotCatchLeavesTheGradient()
    {
        var gradient = Grad.Of(TryRegionShapes.WritesThenThrows(typeof(ArgumentException)));
        Assert.Equal("boom", Assert.Throws<InvalidOperationException>(() => gradient([0.5, 2.0, 3.0, 0.25])).Message);
        Assert.Equal(3, gradient([0.5, 2.0, 3.0, 10.0]).Count(d => d != 0));
    }

    [Property(Replay = "1515,2929", MaxTest = 200)]
    public Property TheGradientIsTheDerivativeOfThePathThatRan() =>
        Prop.ForAll(Points().ToArbitrary(), x =>
        {
            var value = Grad.ValueAndGradient(TryRegionShapes.WritesThenThrows(typeof(InvalidOperationException)))(x);
            Assert.Equal(TryRegionShapes.WritesThenThrowsReference(x), value.Value, 12);
            CentralDifferences.AssertClose(CentralDifferences.Gradient(TryRegionShapes.WritesThenThrowsReference, x), Gradient(x), $"x = [{string.Join(", ", x)}]");
        });

    /// <summary>Points whose x0 and x1 stay 0.05 away from the threshold, so a central difference never crosses a throw.</summary>
    private static Gen<double[]> Points() =>
        from v in Gen.Choose(-2000, 2000).ArrayOf(4)
        let x = v.Select(k => k / 1000.0).ToArray()
        where Math.Abs(x[0] - x[3]) > 0.05 && Math.Abs(x[1] - x[3]) > 0.05
        select x;
}
