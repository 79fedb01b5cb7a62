using System.Linq.Expressions;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.HigherOrder;

/// <summary>
/// Hessians, Hessian-vector products, Jacobians and Jacobian-vector products through imperative while-loops
/// with data-dependent trip counts (the loop keeps trails of its states) and through <c>Ops.Map</c>.
/// Expected values are derived by hand beside each assertion.
/// </summary>
public class ForwardOverImperativeTests
{
    private static readonly ParameterExpression X = Parameter(typeof(double[]), "x");

    /// <summary>s = x0; while (s &lt; 10) s = s·x1; return s. At x = (1.5, 2): 1.5, 3, 6, 12, three
    /// iterations, so locally s = x0·x1³.</summary>
    private static Expression<Func<double[], double>> GrowUntilTen()
    {
        var s = Variable(typeof(double), "s");
        var exit = Label("exit");
        return Lambda<Func<double[], double>>(Block([s],
            Assign(s, ArrayIndex(X, Constant(0))),
            Loop(Block(IfThen(GreaterThanOrEqual(s, Constant(10.0)), Break(exit)),
                Assign(s, Multiply(s, ArrayIndex(X, Constant(1))))), exit),
            s), X);
    }

    [Fact]
    public void HessianThroughAWhileLoopWithADataDependentTripCount()
    {
        // f = x0·x1³: H = [[0, 3x1²], [3x1², 6x0·x1]] = [[0, 12], [12, 18]] at (1.5, 2).
        var h = Grad.Hessian(GrowUntilTen())([1.5, 2.0]);
        Assert.Equal(new double[,] { { 0, 12 }, { 12, 18 } }, h);
        // At (3, 1.5): 3, 4.5, 6.75, 10.125, three iterations again; at (6, 1.5) only two: f = x0·x1²,
        // H = [[0, 2x1], [2x1, 2x0]] = [[0, 3], [3, 12]].
        Assert.Equal(new double[,] { { 0, 3 }, { 3, 12 } }, Grad.Hessian(GrowUntilTen())([6.0, 1.5]));
    }

    [Fact]
    public void HessianVectorProductThroughAWhileLoop()
    {
        // H·(1, −1) at (1.5, 2) = (0 − 12, 12 − 18) = (−12, −6).
        Assert.Equal(new[] { -12.0, -6.0 }, Grad.HessianVectorProduct(GrowUntilTen())([1.5, 2.0], [1.0, -1.0]));
    }

    [Fact]
    public void JacobianThroughAWhileLoop()
    {
        // g(x) = [f(x), x0]: J = [[x1³, 3x0·x1²], [1, 0]] = [[8, 18], [1, 0]] at (1.5, 2).
        var body = GrowUntilTen().Body;
        var g = Lambda<Func<double[], double[]>>(NewArrayInit(typeof(double), body, ArrayIndex(X, Constant(0))), X);
        Assert.Equal(new double[,] { { 8, 18 }, { 1, 0 } }, Grad.Jacobian(g)([1.5, 2.0]));
        Assert.Equal(new[] { 8.0 + 18.0, 1.0 }, Grad.JacobianVectorProduct(g)([1.5, 2.0], [1.0, 1.0]));
    }

    [Fact]
    public void HessianThroughAVectorStateLoop()
    {
        // v = x; k = 0; while (k < 2) { v = Map(v, e => e·e); k++ }; return Σ v = Σ xᵢ⁴: H = diag(12xᵢ²).
        var (v, k) = (Variable(typeof(double[]), "v"), Variable(typeof(int), "k"));
        var exit = Label("exit");
        Expression<Func<double[], double[]>> square = a => Ops.Map(a, e => e * e);
        var f = Lambda<Func<double[], double>>(Block([v, k],
            Assign(v, X), Assign(k, Constant(0)),
            Loop(Block(IfThen(GreaterThanOrEqual(k, Constant(2)), Break(exit)),
                Assign(v, Invoke(square, v)), PreIncrementAssign(k)), exit),
            Call(typeof(Ops).GetMethod(nameof(Ops.Sum), [typeof(double[])])!, v)), X);
        Assert.Equal(new double[,] { { 12, 0 }, { 0, 48 } }, Grad.Hessian(f)([1.0, 2.0]));
    }

    [Fact]
    public void HessianThroughMap()
    {
        // Σ Map(x, v => v³) = Σ xᵢ³: H = diag(6xᵢ) = diag(6, −12) at (1, −2).
        Assert.Equal(new double[,] { { 6, 0 }, { 0, -12 } }, Grad.Hessian((double[] x) => Ops.Sum(Ops.Map(x, v => v * v * v)))([1.0, -2.0]));
        // Σ Map(x, sin) + x0·x1: H = [[−sin x0, 1], [1, −sin x1]].
        var h = Grad.Hessian((double[] x) => Ops.Sum(Ops.Map(x, v => Math.Sin(v))) + x[0] * x[1])([0.5, 1.5]);
        Assert.Equal(-Math.Sin(0.5), h[0, 0], 12);
        Assert.Equal(1.0, h[0, 1], 12);
        Assert.Equal(-Math.Sin(1.5), h[1, 1], 12);
    }

    [Fact]
    public void JacobianThroughMap()
    {
        // Map(x, v => v·e^v): J = diag((1 + v)e^v).
        var j = Grad.Jacobian((double[] x) => Ops.Map(x, v => v * Math.Exp(v)))([0.0, 1.0, 2.0]);
        Assert.Equal(1.0, j[0, 0], 12);
        Assert.Equal(2 * Math.E, j[1, 1], 12);
        Assert.Equal(3 * Math.Exp(2), j[2, 2], 12);
        Assert.Equal(0.0, j[0, 2]);
        var jv = Grad.JacobianVectorProduct((double[] x) => Ops.Map(x, v => v * Math.Exp(v)))([0.0, 1.0], [1.0, 1.0]);
        Assert.Equal(1.0, jv[0], 12);
        Assert.Equal(2 * Math.E, jv[1], 12);
    }
}
