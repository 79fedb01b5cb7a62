using System.Linq.Expressions;
using ExprGrad.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Imperative;

/// <summary>Hand-built imperative trees: blocks, assignments, while-loops with break, if-statements,
/// writes to local arrays, data-dependent trip counts.</summary>
public class ImperativeTreeTests
{
    private static readonly ParameterExpression X = Parameter(typeof(double[]), "x");

    /// <summary>for (i = 0; i &lt; x.Length; i++) body(i), in the loop-with-break form.</summary>
    private static Expression For(ParameterExpression i, Expression count, params Expression[] body)
    {
        var exit = Label("exit");
        return Block(
            Assign(i, Constant(0)),
            Loop(Block([IfThen(GreaterThanOrEqual(i, count), Break(exit)), .. body, PreIncrementAssign(i)]), exit));
    }

    private static Expression<Func<double[], double>> SumOfSquaresLoop()
    {
        var (acc, i) = (Variable(typeof(double), "acc"), Variable(typeof(int), "i"));
        return Lambda<Func<double[], double>>(Block([acc, i],
            Assign(acc, Constant(0.0)),
            For(i, ArrayLength(X), AddAssign(acc, Multiply(ArrayIndex(X, i), ArrayIndex(X, i)))),
            acc), X);
    }

    /// <summary>p(t) = Σ c_k t^k by Horner: acc = acc·t + c_k from the highest coefficient down.</summary>
    private static Expression<Func<double[], double, double>> Horner()
    {
        var t = Parameter(typeof(double), "t");
        var (acc, k) = (Variable(typeof(double), "acc"), Variable(typeof(int), "k"));
        var exit = Label("exit");
        return Lambda<Func<double[], double, double>>(Block([acc, k],
            Assign(acc, Constant(0.0)),
            Assign(k, Subtract(ArrayLength(X), Constant(1))),
            Loop(IfThenElse(GreaterThanOrEqual(k, Constant(0)),
                Block(Assign(acc, Add(Multiply(acc, t), ArrayIndex(X, k))), PostDecrementAssign(k)),
                Break(exit)), exit),
            acc), X, t);
    }

    [Fact]
    public void SumOfSquaresLoopDifferentiatesLikeItsPureForm()
    {
        var loop = Grad.Of(SumOfSquaresLoop());
        var pure = Grad.Of((double[] x) => Ops.Sum(x.Length, i => x[i] * x[i]));
        var points = Gen.Choose(-100, 100).Select(k => k / 10.0).ArrayOf().Where(a => a.Length > 0);
        Prop.ForAll(points.ToArbitrary(), x => Assert.Equal(pure(x), loop(x))).Check(Checks.Seeded(3));
    }

    [Fact]
    public void HornerPolynomialMatchesItsDerivative()
    {
        var grad = Grad.ValueAndGradient(Horner());
        double[] c = [1, -2, 0.5, 3];
        var (value, (dc, dt)) = grad(c, 1.5);
        // p(t) = 1 − 2t + 0.5t² + 3t³: ∂p/∂c_k = t^k, ∂p/∂t = −2 + t + 9t².
        Assert.Equal(1 - 2 * 1.5 + 0.5 * 2.25 + 3 * 3.375, value, 12);
        Assert.Equal(new[] { 1, 1.5, 2.25, 3.375 }, dc);
        Assert.Equal(-2 + 1.5 + 9 * 2.25, dt, 12);
    }

    [Fact]
    public void DataDependentTripCount()
    {
        // s = x0; while (s < 10) s = s * x1 + 1: the number of iterations depends on the values.
        var s = Variable(typeof(double), "s");
        var exit = Label("exit");
        var f = Lambda<Func<double[], double>>(Block([s],
            Assign(s, ArrayIndex(X, Constant(0))),
            Loop(Block(IfThen(GreaterThanOrEqual(s, Constant(10.0)), Break(exit)),
                Assign(s, Add(Multiply(s, ArrayIndex(X, Constant(1))), Constant(1.0)))), exit),
            s), X);
        var grad = Grad.Of(f);
        var plain = f.Compile();
        foreach (var x in new[] { new[] { 1.0, 2.0 }, [0.5, 1.7], [3.0, 1.2], [12.0, 5.0] })
            CentralDifferences.AssertClose(CentralDifferences.Gradient(plain, x), grad(x), $"trip count at [{string.Join(", ", x)}]");
    }

    [Fact]
    public void IfStatementsAssignInOnlyTheTakenBranch()
    {
        var (a, b) = (Variable(typeof(double), "a"), Variable(typeof(double), "b"));
        var x0 = ArrayIndex(X, Constant(0));
        var x1 = ArrayIndex(X, Constant(1));
        var f = Lambda<Func<double[], double>>(Block([a, b],
            Assign(a, x0),
            Assign(b, Constant(1.0)),
            IfThenElse(GreaterThan(x0, Constant(0.0)),
                Block(MultiplyAssign(a, x1), Assign(b, Call(typeof(Math).GetMethod("Sqrt")!, x0))),
                SubtractAssign(a, x1)),
            IfThen(LessThan(x1, Constant(0.0)), Assign(b, Multiply(b, x1))),
            Add(a, b)), X);
        var grad = Grad.Of(f);
        Assert.Equal(new[] { 3 + 0.5 / 2, 4.0 }, grad([4, 3]));
        Assert.Equal(new[] { 1.0, -1.0 }, grad([-4, 3]));
        // x0 > 0 and x1 < 0: a = x0·x1, b = √x0·x1.
        Assert.Equal(new[] { -2 + (-2) * 0.5 / 2, 4 + 2.0 }, grad([4, -2]));
    }

    [Fact]
    public void WritesToLocalArrays()
    {
        // Prefix products into a local array, then a weighted sum: y[i] = y[i−1]·x[i].
        var (y, i, acc) = (Variable(typeof(double[]), "y"), Variable(typeof(int), "i"), Variable(typeof(double), "acc"));
        var f = Lambda<Func<double[], double>>(Block([y, i, acc],
            Assign(y, NewArrayBounds(typeof(double), ArrayLength(X))),
            Assign(ArrayAccess(y, Constant(0)), ArrayIndex(X, Constant(0))),
            For(i, Subtract(ArrayLength(X), Constant(1)),
                Assign(ArrayAccess(y, Add(i, Constant(1))), Multiply(ArrayAccess(y, i), ArrayIndex(X, Add(i, Constant(1)))))),
            Assign(acc, Constant(0.0)),
            For(i, ArrayLength(X), AddAssign(acc, Multiply(ArrayAccess(y, i), Convert(i, typeof(double))))),
            acc), X);
        var grad = Grad.Of(f);
        var plain = f.Compile();
        double[] point = [0.5, 1.5, -0.7, 2.0];
        CentralDifferences.AssertClose(CentralDifferences.Gradient(plain, point), grad(point), "local array writes");
    }

    [Fact]
    public void ContinueSkipsTheRestOfAnIteration()
    {
        // Σ x[i]² over the non-negative elements: loop { if (i ≥ n) break; xi = x[i]; i++; if (xi < 0) continue; acc += xi²; }
        var (acc, i, xi) = (Variable(typeof(double), "acc"), Variable(typeof(int), "i"), Variable(typeof(double), "xi"));
        var (exit, next) = (Label("exit"), Label("next"));
        var f = Lambda<Func<double[], double>>(Block([acc, i],
            Assign(acc, Constant(0.0)),
            Assign(i, Constant(0)),
            Loop(Block([xi],
                IfThen(GreaterThanOrEqual(i, ArrayLength(X)), Break(exit)),
                Assign(xi, ArrayIndex(X, i)),
                PreIncrementAssign(i),
                IfThen(LessThan(xi, Constant(0.0)), Continue(next)),
                AddAssign(acc, Multiply(xi, xi))), exit, next),
            acc), X);
        Assert.Equal(new[] { 2.0, 0.0, 6.0 }, Grad.Of(f)([1, -2, 3]));
    }

    [Fact]
    public void LetShapedStatementBlockKeepsItsAssignment()
    {
        // if (x0 > 0) { var v = x0 * x1; acc = v * v; } — a block that looks like a let but assigns outward.
        var (acc, v) = (Variable(typeof(double), "acc"), Variable(typeof(double), "v"));
        var (x0, x1) = (ArrayIndex(X, Constant(0)), ArrayIndex(X, Constant(1)));
        var f = Lambda<Func<double[], double>>(Block([acc],
            Assign(acc, x1),
            IfThen(GreaterThan(x0, Constant(0.0)), Block([v], Assign(v, Multiply(x0, x1)), Assign(acc, Multiply(v, v)))),
            acc), X);
        // acc = (x0·x1)² ⇒ ∇ = (2·x0·x1², 2·x0²·x1) = (2·2·9, 2·4·3) at (2, 3).
        Assert.Equal(new[] { 36.0, 24.0 }, Grad.Of(f)([2, 3]));
        Assert.Equal(new[] { 0.0, 1.0 }, Grad.Of(f)([-2, 3]));
    }

    [Fact]
    public void LoopsInsideASumAreReplayedPerIndex()
    {
        // x₀ · Σ_k h_k with h_k from a Horner-like loop acc = acc·x_i + sin(k + j) over i, j: the states of the
        // inner loops differ for every k, so the backward pass must replay them for each k, not reuse the last.
        var (acc, i, j) = (Variable(typeof(double), "acc"), Variable(typeof(int), "i"), Variable(typeof(int), "j"));
        var k = Parameter(typeof(int), "k");
        var sin = typeof(Math).GetMethod("Sin")!;
        var inner = Lambda<Func<int, double>>(Block([acc, i, j],
            Assign(acc, Constant(0.5)),
            For(i, ArrayLength(X),
                For(j, Constant(2),
                    Assign(acc, Add(Multiply(acc, ArrayIndex(X, i)), Call(sin, Convert(Add(k, j), typeof(double))))))),
            acc), k);
        // Scaled by x₀ so the sum is not the result: its backward loop must then recompute the inner loops.
        var sum = Call(typeof(Ops).GetMethod(nameof(Ops.Sum), [typeof(int), typeof(Func<int, double>)])!, Constant(3), inner);
        var f = Lambda<Func<double[], double>>(Multiply(ArrayIndex(X, Constant(0)), sum), X);
        var plain = f.Compile();
        double[] point = [0.4, -1.3, 0.9];
        CentralDifferences.AssertClose(CentralDifferences.Gradient(plain, point), Grad.Of(f)(point), "loops inside a sum");
    }

    [Fact]
    public void UnsupportedLoopShapeIsNamed()
    {
        // The break comes after the body's first statement: not one of the two supported shapes.
        var (s, x) = (Variable(typeof(double), "s"), Parameter(typeof(double), "x"));
        var exit = Label("exit");
        var f = Lambda<Func<double, double>>(Block([s], Assign(s, x),
            Loop(Block(MultiplyAssign(s, x), IfThen(GreaterThan(s, Constant(10.0)), Break(exit))), exit), s), x);
        var e = Assert.Throws<UnsupportedExpressionException>(() => Grad.Of(f));
        Assert.Contains("Loop", e.Message);
    }
}
