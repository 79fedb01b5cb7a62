using System.Linq.Expressions;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.HigherOrder;

/// <summary>
/// <c>Ops.Derivative</c> accepts what <c>Grad.Of</c> accepts, called directly and nested inside a gradient
/// (a second derivative). Every expected value is derived by hand in the comment beside it.
/// </summary>
public class NestedDerivativeLanguageTests
{
    private static readonly System.Reflection.MethodInfo DerivativeMethod = typeof(Ops).GetMethod(nameof(Ops.Derivative))!;

    /// <summary>x =&gt; Ops.Derivative(inner, at), built as a tree: the inner lambda is one C# cannot write in place.</summary>
    private static Expression<Func<double, double>> Outer(ParameterExpression x, LambdaExpression inner, Expression at) =>
        Lambda<Func<double, double>>(Call(DerivativeMethod, Quote(inner), at), x);

    [Fact]
    public void LetDirectAndNested()
    {
        // Let(y², u => u² + u) = y⁴ + y²: derivative 4y³ + 2y = 36 at y = 2.
        Assert.Equal(36.0, Ops.Derivative(y => Ops.Let(y * y, u => u * u + u), 2.0), 12);
        // Inner: d/dy (xy)² = 2x²y = 6x² at y = 3; d/dx 6x² = 12x = 24 at x = 2.
        Assert.Equal(24.0, Grad.Of((double x) => Ops.Derivative(y => Ops.Let(x * y, u => u * u), 3.0))(2.0), 12);
    }

    [Fact]
    public void BlockThatRenamesAValue()
    {
        // y => { b = y·y; return b·y; } = y³: derivative 3y² = 12 at 2.
        var (y, b) = (Parameter(typeof(double), "y"), Variable(typeof(double), "b"));
        var cube = Lambda<Func<double, double>>(Block([b], Assign(b, Multiply(y, y)), Multiply(b, y)), y);
        Assert.Equal(12.0, Ops.Derivative(cube, 2.0), 12);
        // x => d/dy { b = x·y·y; return b·y } at y = 1 = 3x; its derivative is 3.
        var x = Parameter(typeof(double), "x");
        var inner = Lambda<Func<double, double>>(Block([b], Assign(b, Multiply(x, Multiply(y, y))), Multiply(b, y)), y);
        Assert.Equal(3.0, Grad.Of(Outer(x, inner, Constant(1.0)))(5.0), 12);
    }

    [Fact]
    public void ImperativeLoopInTheInnerFunction()
    {
        // y => { s = y; k = 0; while (k < 3) { s = s·y; k++ } return s } = y⁴: 4y³ = 32 at 2.
        var (y, s, k) = (Parameter(typeof(double), "y"), Variable(typeof(double), "s"), Variable(typeof(int), "k"));
        var exit = Label("exit");
        var power = Lambda<Func<double, double>>(Block([s, k],
            Assign(s, y), Assign(k, Constant(0)),
            Loop(Block(IfThen(GreaterThanOrEqual(k, Constant(3)), Break(exit)), Assign(s, Multiply(s, y)), PreIncrementAssign(k)), exit),
            s), y);
        Assert.Equal(32.0, Ops.Derivative(power, 2.0), 12);
        // x => d/dy [x·y⁴] at y = x: 4x·x³ = 4x⁴; its derivative 16x³ = 128 at x = 2.
        var x = Parameter(typeof(double), "x");
        var scaled = Lambda<Func<double, double>>(Multiply(x, power.Body), y);
        Assert.Equal(128.0, Grad.Of(Outer(x, scaled, x))(2.0), 9);
    }

    [Fact]
    public void InvokedHelperLambda()
    {
        Expression<Func<double, double>> square = u => u * u;
        // y => square(3y) = 9y²: 18y = 36 at 2.
        var y = Parameter(typeof(double), "y");
        var f = Lambda<Func<double, double>>(Invoke(square, Multiply(Constant(3.0), y)), y);
        Assert.Equal(36.0, Ops.Derivative(f, 2.0), 12);
        // x => d/dy square(x·y) at y = 1 = 2x²; its derivative 4x = 12 at 3.
        var x = Parameter(typeof(double), "x");
        Assert.Equal(12.0, Grad.Of(Outer(x, Lambda<Func<double, double>>(Invoke(square, Multiply(x, y)), y), Constant(1.0)))(3.0), 12);
    }

    [Fact]
    public void PowerOfTwo()
    {
        // sin²y has derivative 2 sin y cos y = sin 2y.
        Assert.Equal(Math.Sin(2 * 0.7), Ops.Derivative(y => Math.Pow(Math.Sin(y), 2), 0.7), 12);
        // d/dy (xy)² at y = 1 = 2x²; d/dx = 4x = 12 at 3.
        Assert.Equal(12.0, Grad.Of((double x) => Ops.Derivative(y => Math.Pow(x * y, 2), 1.0))(3.0), 12);
    }

    [Fact]
    public void SumsOfEveryForm()
    {
        // Sum([y, y²]) = y + y²: 1 + 2y = 7 at 3.
        Assert.Equal(7.0, Ops.Derivative(y => Ops.Sum(new[] { y, y * y }), 3.0), 12);
        // Σ_{i<3} i·y² = 3y²: 6y = 12 at 2.
        Assert.Equal(12.0, Ops.Derivative(y => Ops.Sum(3, i => i * y * y), 2.0), 12);
        // y + y² + y³: 1 + 2y + 3y² = 17 at 2.
        Assert.Equal(17.0, Ops.Derivative(y => Enumerable.Range(1, 3).Sum(i => Math.Pow(y, i)), 2.0), 12);
        // x => d/dy Σ_{i<2} x·y^(i+1)... written as x·y + x·y²: d/dy at y = 1 = 3x; d/dx = 3.
        Assert.Equal(3.0, Grad.Of((double x) => Ops.Derivative(y => Enumerable.Range(1, 2).Sum(i => x * Math.Pow(y, i)), 1.0))(4.0), 12);
    }

    [Fact]
    public void IndexedScan()
    {
        // Scan(3, y, s => s·y) has states y, y², y³, y⁴: [3] = y⁴ gives 4y³ = 32 at 2, [2] = y³ gives 12.
        Assert.Equal(32.0, Ops.Derivative(y => Ops.Scan(3, y, (s, t) => s * y)[3], 2.0), 12);
        Assert.Equal(12.0, Ops.Derivative(y => Ops.Scan(3, y, (s, t) => s * y)[2], 2.0), 12);
        // Scan(2, xy, s => s²)[2] = (xy)⁴: d/dy at y = 1 = 4x⁴; d/dx = 16x³ = 128 at 2.
        Assert.Equal(128.0, Grad.Of((double x) => Ops.Derivative(y => Ops.Scan(2, x * y, (s, t) => s * s)[2], 1.0))(2.0), 9);
    }

    [Fact]
    public void IndexedArrayLiteral()
    {
        // [y, y², y³][2] = y³: 3y² = 12 at 2.
        Assert.Equal(12.0, Ops.Derivative(y => new[] { y, y * y, y * y * y }[2], 2.0), 12);
        // d/dy [x, x·y²][1] at y = 1 = 2x; d/dx = 2.
        Assert.Equal(2.0, Grad.Of((double x) => Ops.Derivative(y => new[] { x, x * y * y }[1], 1.0))(7.0), 12);
    }

    [Fact]
    public void Branches()
    {
        // y > 0 ? y² : −y: 2y = 6 at 3, −1 at −1.
        Assert.Equal(6.0, Ops.Derivative(y => y > 0 ? y * y : -y, 3.0), 12);
        Assert.Equal(-1.0, Ops.Derivative(y => y > 0 ? y * y : -y, -1.0), 12);
        // x => d/dy (x > 0 ? x·y² : y) at y = 1 = 2x when x > 0; d/dx = 2.
        Assert.Equal(2.0, Grad.Of((double x) => Ops.Derivative(y => x > 0 ? x * y * y : y, 1.0))(1.5), 12);
    }

    [Fact]
    public void MapInTheInnerFunction()
    {
        // Σ Map([y, 2y], v => v²) = 5y²: 10y = 20 at 2.
        Assert.Equal(20.0, Ops.Derivative(y => Ops.Sum(Ops.Map(new[] { y, 2 * y }, v => v * v)), 2.0), 12);
    }

    [Fact]
    public void NestingThreeDeepIsPerturbationSafe()
    {
        // Innermost d/dz (x·y·z²) at z = 1 = 2xy; middle f(y) = x·y·2xy = 2x²y², f′(y) = 4x²y at y = x: 4x³;
        // outer d/dx 4x³ = 12x² = 48 at 2. Perturbation confusion would mix the three variables.
        var gradient = Grad.Of((double x) => Ops.Derivative(y => x * y * Ops.Derivative(z => x * y * z * z, 1.0), x));
        Assert.Equal(48.0, gradient(2.0), 9);
        // Called directly: d/dy [y · d/dz (y·z²) at 1] = d/dy 2y² = 4y = 12 at 3.
        Assert.Equal(12.0, Ops.Derivative(y => y * Ops.Derivative(z => y * z * z, 1.0), 3.0), 12);
    }
}
