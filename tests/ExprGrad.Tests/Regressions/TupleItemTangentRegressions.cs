namespace ExprGrad.Tests.Regressions;

/// <summary>
/// Forward mode took every member read for a closure's field and gave it a zero tangent, so an item read from a
/// tuple of differentiable values was held constant. The gradient program of a Map that reads outer values
/// returns its partials as a tuple, so its Hessian came out all zeros (found writing that Map's tests).
/// </summary>
public class TupleItemTangentRegressions
{
    [Fact]
    public void ATupleItemHasTheTangentOfTheValueItHolds()
    {
        // (t², t).Item1 = t²: derivative 2t = 6 at t = 3; .Item2 = t: derivative 1.
        Assert.Equal(6.0, Ops.Derivative(t => new ValueTuple<double, double>(t * t, t).Item1, 3.0));
        Assert.Equal(1.0, Ops.Derivative(t => new ValueTuple<double, double>(t * t, t).Item2, 3.0));
    }

    [Fact]
    public void AClosureFieldStillHasNoTangent()
    {
        // d/dt (c·t) = c with c read from a closure at call time.
        double c = 2.5;
        Assert.Equal(2.5, Ops.Derivative(t => c * t, 1.0));
    }
}
