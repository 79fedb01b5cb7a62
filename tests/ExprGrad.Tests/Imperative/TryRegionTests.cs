using ExprGrad.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static System.Linq.Expressions.Expression;

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

/// <summary>Filters, rethrow, finally, a loop in the body and a region inside a loop.</summary>
public class TryRegionFormTests
{
    [Fact]
    public void AFilterDecidesWhetherTheHandlerRuns()
    {
        var g = Grad.Of(TryRegionForms.Filtered());
        // No throw (x0 = 0.5): (x0·x1)² → (2·x0·x1², 2·x0²·x1, 0) = (4, 1, 0) at x1 = 2.
        Assert.Equal([4.0, 1.0, 0.0], g([0.5, 2.0, 3.0]));
        // A throw the filter takes (x2 = 3 > 0): x0·x1 + x2 → (x1, x0, 1).
        Assert.Equal([2.0, 1.5, 1.0], g([1.5, 2.0, 3.0]));
        // The filter declines (x2 = −3): the exception leaves the gradient.
        Assert.Equal("big", Assert.Throws<InvalidOperationException>(() => g([1.5, 2.0, -3.0])).Message);
    }

    [Fact]
    public void AHandlerRethrowsWhereItWouldAndOtherwiseCarriesItsWrites()
    {
        var g = Grad.Of(TryRegionForms.Rethrowing());
        // A throw, x2 = 3: the handler sets s = x0·x1·x2, then returns s + x2 → (x1·x2, x0·x2, x0·x1 + 1) = (6, 4.5, 4).
        Assert.Equal([6.0, 4.5, 4.0], g([1.5, 2.0, 3.0]));
        Assert.Equal("big", Assert.Throws<InvalidOperationException>(() => g([1.5, 2.0, -3.0])).Message);
    }

    [Fact]
    public void TheCleanupRunsOnceAlsoWhenTheBodyThrows()
    {
        var plain = Grad.Of(TryRegionForms.WithCleanup(handled: false));
        int before = TryRegionForms.Cleanups;
        // s = x1·x0, value s²: (2·x0·x1², 2·x0²·x1) = (4, 1) at (0.5, 2).
        Assert.Equal([4.0, 1.0], plain([0.5, 2.0]));
        Assert.Equal(before + 1, TryRegionForms.Cleanups);
        Assert.Throws<InvalidOperationException>(() => plain([1.5, 2.0]));
        Assert.Equal(before + 2, TryRegionForms.Cleanups);

        var handled = Grad.Of(TryRegionForms.WithCleanup(handled: true));
        // A throw: the handler's x1·x0 + x1 → (x1, x0 + 1) = (2, 2.5), then the cleanup.
        Assert.Equal([2.0, 2.5], handled([1.5, 2.0]));
        Assert.Equal(before + 3, TryRegionForms.Cleanups);
    }

    [Fact]
    public void AThrowInsideALoopThatWroteStateIsRejectedWhenItHappens()
    {
        var g = Grad.Of(TryRegionForms.LoopInBody());
        // Two iterations, no throw: s = (1·x0 + x0)·x0 + x1 = 2x0² + x1 → (4x0, 1, 0) = (2, 1, 0) at x0 = 0.5.
        Assert.Equal([2.0, 1.0, 0.0], g([0.5, 2.0, 7.0]));
        // Four iterations read x[3] of three: the loop has written s when it throws.
        var e = Assert.ThrowsAny<NotSupportedException>(() => g([0.5, 4.0, 7.0]));
        Assert.Contains("IndexOutOfRangeException was thrown inside a statement that writes state", e.Message);
        Assert.IsType<IndexOutOfRangeException>(e.InnerException);
    }

    [Fact]
    public void AnExplicitThrowInsideALoopThatWritesStateIsRejectedWhenBuilt()
    {
        var (x, s, i) = (Parameter(typeof(double[]), "x"), Variable(typeof(double), "s"), Variable(typeof(int), "i"));
        var exit = Label("exit");
        var loop = Block(Assign(i, Constant(0)), Loop(Block(
            IfThen(GreaterThanOrEqual(i, ArrayLength(x)), Break(exit)),
            Assign(s, Multiply(s, ArrayIndex(x, i))),
            IfThen(GreaterThan(s, Constant(10.0)), Throw(New(typeof(InvalidOperationException)))),
            PreIncrementAssign(i)), exit));
        var f = Lambda<Func<double[], double>>(Block([s, i], Assign(s, Constant(1.0)),
            TryCatch(Block(loop, s), Catch(typeof(InvalidOperationException), s))), x);
        var e = Assert.ThrowsAny<NotSupportedException>(() => Grad.Of(f));
        Assert.Contains("inside a loop or block that writes state, in the body of a try region", e.Message);
    }

    [Fact]
    public void ALoopWhoseThrowsANestedRegionCatchesBuildsInsideARegion()
    {
        // The throw in InsideALoop's body is caught inside the loop: the outer region sees a loop that never throws.
        var f = TryRegionForms.InsideALoop();
        var wrapped = Lambda<Func<double[], double>>(TryCatch(f.Body, Catch(typeof(ArgumentException), Constant(0.0))), f.Parameters);
        // 0.5² + 3·2: (1, 3).
        Assert.Equal([1.0, 3.0], Grad.Of(wrapped)([0.5, 2.0]));
    }

    [Property(Replay = "1515,2929", MaxTest = 100)]
    public Property ARegionInsideALoopMatchesCentralDifferences() =>
        Prop.ForAll(Gen.Choose(-2000, 2000).Select(k => k / 1000.0).ArrayOf().Where(x => x.Length > 0 && x.All(v => Math.Abs(v - 1) > 0.01)).ToArbitrary(), x =>
        {
            // Σ (x_i > 1 ? 3·x_i : x_i²) → 3 or 2·x_i per element.
            var expected = x.Select(v => v > 1 ? 3.0 : 2 * v).ToArray();
            CentralDifferences.AssertClose(expected, Grad.Of(TryRegionForms.InsideALoop())(x), $"x = [{string.Join(", ", x)}]", 1e-15, 1e-15);
        });
}
