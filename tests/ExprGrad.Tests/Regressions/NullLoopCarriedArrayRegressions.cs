using System.Linq.Expressions;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Regressions;

/// <summary>
/// An array variable a loop assigns before reading (<c>double[] v; for k: { v = new double[n]; … }</c>) is null
/// before the first iteration. The reverse sweep zeroed the adjoint of each iteration's incoming state with
/// <c>new double[v.Length]</c>, and forward mode did the same for its tangent: both threw
/// NullReferenceException inside the gradient (issue 17). A null state now gets an empty zero.
/// </summary>
public class NullLoopCarriedArrayRegressions
{
    private static readonly double[] At = [2.0, 3.0, 5.0];

    // s = Σ_{k<K} v₀·v₁ with v = (k+1)·x fresh each iteration: s = x₀x₁·Σ(k+1)², so for K = 3 the factor is 14:
    // ∇s = 14·(x₁, x₀, 0), ∂²s/∂x₀∂x₁ = 14.
    [Fact]
    public void EveryModeDifferentiatesAnArrayThatIsNullBeforeTheLoop()
    {
        var f = FreshArrayEachIteration(iterations: 3);
        Assert.Equal([42.0, 28.0, 0.0], Grad.Of(f)(At));
        var (value, gradient) = Grad.ValueAndGradient(f)(At);
        Assert.Equal(84.0, value);
        Assert.Equal([42.0, 28.0, 0.0], gradient);
        var hessian = Grad.Hessian(f)(At);
        Assert.Equal(14.0, hessian[0, 1]);
        Assert.Equal(0.0, hessian[0, 0]);
        Assert.Equal(42.0 * 1 + 28.0 * 2, Grad.JacobianVectorProduct(f)(At, [1.0, 2.0, 0.0])[0]);
    }

    // No iteration: v stays null, is never read, and s = 0 everywhere.
    [Fact]
    public void ALoopThatNeverRunsLeavesTheNullArrayAloneAndTheGradientZero()
    {
        var f = FreshArrayEachIteration(iterations: 0);
        Assert.Equal([0.0, 0.0, 0.0], Grad.Of(f)(At));
        Assert.Equal(new double[3, 3], Grad.Hessian(f)(At));
    }

    // The same with a state of rows (a vector Scan's states), null before the loop. hs = Scan(1, (k+1)·x, s ↦ s) holds
    // the row (k+1)·x twice; s = Σ_{k<K} hs[1][0]·hs[0][1] = x₀x₁·Σ(k+1)², again 14·x₀x₁ for K = 3.
    [Fact]
    public void ARowsStateThatIsNullBeforeTheLoopIsDifferentiated()
    {
        var f = FreshRowsEachIteration(iterations: 3);
        Assert.Equal([42.0, 28.0, 0.0], Grad.Of(f)(At));
        Assert.Equal(14.0, Grad.Hessian(f)(At)[0, 1]);
        Assert.Equal([0.0, 0.0, 0.0], Grad.Of(FreshRowsEachIteration(iterations: 0))(At));
    }

    private static Expression<Func<double[], double>> FreshRowsEachIteration(int iterations)
    {
        var x = Parameter(typeof(double[]), "x");
        var (hs, s, k) = (Variable(typeof(double[][]), "hs"), Variable(typeof(double), "s"), Variable(typeof(int), "k"));
        var outer = Label("outer");
        var (state, t) = (Parameter(typeof(double[]), "state"), Parameter(typeof(int), "t"));
        var scan = typeof(Ops).GetMethod(nameof(Ops.Scan), [typeof(int), typeof(double[]), typeof(Func<double[], int, double[]>)])!;
        var scale = typeof(Ops).GetMethod(nameof(Ops.Scale), [typeof(double), typeof(double[])])!;
        var start = Call(scale, Convert(Add(k, Constant(1)), typeof(double)), x);
        return Lambda<Func<double[], double>>(Block([hs, s, k],
            Assign(s, Constant(0.0)),
            Assign(k, Constant(0)),
            Loop(IfThenElse(LessThan(k, Constant(iterations)),
                Block(Assign(hs, Call(scan, Constant(1), start, Lambda<Func<double[], int, double[]>>(state, state, t))),
                    AddAssign(s, Multiply(ArrayIndex(ArrayIndex(hs, Constant(1)), Constant(0)), ArrayIndex(ArrayIndex(hs, Constant(0)), Constant(1)))),
                    PostIncrementAssign(k)),
                Break(outer)), outer),
            s), x);
    }

    private static Expression<Func<double[], double>> FreshArrayEachIteration(int iterations)
    {
        var x = Parameter(typeof(double[]), "x");
        var (v, s) = (Variable(typeof(double[]), "v"), Variable(typeof(double), "s"));
        var (k, i) = (Variable(typeof(int), "k"), Variable(typeof(int), "i"));
        var (outer, inner) = (Label("outer"), Label("inner"));
        var fill = Block(
            Assign(v, NewArrayBounds(typeof(double), ArrayLength(x))),
            Assign(i, Constant(0)),
            Loop(IfThenElse(LessThan(i, ArrayLength(x)),
                Block(Assign(ArrayAccess(v, i), Multiply(ArrayIndex(x, i), Convert(Add(k, Constant(1)), typeof(double)))),
                    PostIncrementAssign(i)),
                Break(inner)), inner));
        return Lambda<Func<double[], double>>(Block([v, s, k, i],
            Assign(s, Constant(0.0)),
            Assign(k, Constant(0)),
            Loop(IfThenElse(LessThan(k, Constant(iterations)),
                Block(fill, AddAssign(s, Multiply(ArrayIndex(v, Constant(0)), ArrayIndex(v, Constant(1)))), PostIncrementAssign(k)),
                Break(outer)), outer),
            s), x);
    }
}
