using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using ExprGrad.Tests.Support;
using FsCheck.Xunit;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Imperative;

/// <summary>
/// Writes into a parameter array or a captured one, and second names for arrays (<see cref="ArrayAliases"/>,
/// <see cref="SharedArrayWrites"/>; issue 15, which the F# front shares). The function is differentiated as
/// written, the gradient w.r.t. the values on entry, and no caller's array is changed. Expected values by hand.
/// </summary>
public class ArrayAliasTests
{
    private static Expression At(Expression array, int i) => ArrayIndex(array, Constant(i));

    private static Expression Element(Expression array, int i) => ArrayAccess(array, Constant(i));

    [Fact]
    public void ASecondNameForAParameterSeesTheWritesThroughIt()
    {
        // Regression: the core's arrays are values, so b = x gave b a copy and x[0] kept its old value: 2 + 3 = 5,
        // where .NET gives 9. Now b is x: x0 ← x0·x1, then x0 + x1 = x0·x1 + x1 = 9, ∇ = (x1, x0 + 1) = (3, 3).
        var x = Parameter(typeof(double[]), "x");
        var b = Variable(typeof(double[]), "b");
        var f = Lambda<Func<double[], double>>(Block([b],
            Assign(b, x),
            Assign(Element(b, 0), Multiply(At(x, 0), At(x, 1))),
            Add(At(x, 0), At(b, 1))), x);
        Assert.Equal(9.0, f.Compile()([2.0, 3.0]));
        double[] input = [2.0, 3.0];
        var (value, gradient) = Grad.ValueAndGradient(f)(input);
        Assert.Equal(9.0, value);
        Assert.Equal([3.0, 3.0], gradient);
        Assert.Equal([2.0, 3.0], input);
        // Forward mode goes through the same program: H = [[0, 1], [1, 0]].
        var h = Grad.Hessian(f)([2.0, 3.0]);
        Assert.Equal([0.0, 1.0, 1.0, 0.0], h.Cast<double>());
    }

    /// <summary>x_i ← x_{i−1}·x_i + sin x_i in place, then Σ x_i²: written into the parameter.</summary>
    private static Expression<Func<double[], double>> PrefixInPlace()
    {
        var x = Parameter(typeof(double[]), "x");
        var (i, acc) = (Variable(typeof(int), "i"), Variable(typeof(double), "acc"));
        var previous = ArrayIndex(x, Subtract(i, Constant(1)));
        var exit = Label("exit");
        return Lambda<Func<double[], double>>(Block([i, acc],
            Assign(i, Constant(1)),
            Loop(Block(
                IfThen(GreaterThanOrEqual(i, ArrayLength(x)), Break(exit)),
                Assign(ArrayAccess(x, i), Add(Multiply(previous, ArrayIndex(x, i)), Call(typeof(Math).GetMethod(nameof(Math.Sin), [typeof(double)])!, ArrayIndex(x, i)))),
                PreIncrementAssign(i)), exit),
            Assign(acc, Constant(0.0)),
            ArrayWriteShapes.For(i, ArrayLength(x), AddAssign(acc, Multiply(ArrayIndex(x, i), ArrayIndex(x, i)))),
            acc), x);
    }

    private static double PlainPrefix(double[] input)
    {
        var x = (double[])input.Clone();
        for (int i = 1; i < x.Length; i++) x[i] = x[i - 1] * x[i] + Math.Sin(x[i]);
        return x.Sum(v => v * v);
    }

    [Property(Replay = "(20261129,11)", MaxTest = 60)]
    public void AParameterWrittenInALoopMatchesCentralDifferencesAndStaysUnchanged(double[] x)
    {
        if (x is null || x.Length is 0 or > 6 || x.Any(v => !double.IsFinite(v) || Math.Abs(v) > 1.5)) return;
        var before = (double[])x.Clone();
        var gradient = Grad.Of(PrefixInPlace())(x);
        Assert.Equal(before, x);
        CentralDifferences.AssertClose(CentralDifferences.Gradient(PlainPrefix, x), gradient, "prefix written in place");
    }

    [Fact]
    public void ACapturedArrayIsReadAtEachCallAndWrittenInTheCallsCopy()
    {
        // k0 ← x0·x1, then k0 + k1·x1 = x0·x1 + 7·x1 = 27 at (2, 3), ∇ = (x1, x0 + 7) = (3, 9). As a constant and
        // as a closure's field (what C# makes of a captured local).
        double[] k = [5.0, 7.0];
        var holder = new StrongBox<double[]>(k);
        var x = Parameter(typeof(double[]), "x");
        Func<double[], (double Value, double[] Gradient)>? fieldGradient = null;
        foreach (var captured in new Expression[] { Constant(k), Field(Constant(holder), nameof(StrongBox<double[]>.Value)) })
        {
            var f = Lambda<Func<double[], double>>(Block(
                Assign(Element(captured, 0), Multiply(At(x, 0), At(x, 1))),
                Add(At(captured, 0), Multiply(At(captured, 1), At(x, 1)))), x);
            var valueAndGradient = Grad.ValueAndGradient(f);
            if (captured is MemberExpression) fieldGradient = valueAndGradient;
            for (int call = 0; call < 2; call++)
            {
                var (value, gradient) = valueAndGradient([2.0, 3.0]);
                Assert.Equal(27.0, value);
                Assert.Equal([3.0, 9.0], gradient);
                Assert.Equal([5.0, 7.0], k);
            }
        }
        // The field is read when the gradient is called: another array put there is seen (k1 = 1: x0·x1 + x1 = 9,
        // ∇ = (3, 3)), and the first stays as it was.
        holder.Value = [0.0, 1.0];
        var (laterValue, laterGradient) = fieldGradient!([2.0, 3.0]);
        Assert.Equal(9.0, laterValue);
        Assert.Equal([3.0, 3.0], laterGradient);
        Assert.Equal([0.0, 1.0], holder.Value);
    }

    [Fact]
    public void ACapturedArrayWrittenInANestedDerivativeIsReadWhereTheDerivativeIs()
    {
        // d/dt (k0 ← t·x0; k0·t) = d/dt x0·t² = 2·x0·t at t = x1: 2·x0·x1 = 12 at (2, 3), ∇ = (2x1, 2x0) = (6, 4).
        double[] k = [5.0];
        var x = Parameter(typeof(double[]), "x");
        var t = Parameter(typeof(double), "t");
        var inner = Lambda<Func<double, double>>(Block(
            Assign(Element(Constant(k), 0), Multiply(t, At(x, 0))),
            Multiply(At(Constant(k), 0), t)), t);
        var f = Lambda<Func<double[], double>>(Call(OpsMethods.Derivative, Quote(inner), At(x, 1)), x);
        var (value, gradient) = Grad.ValueAndGradient(f)([2.0, 3.0]);
        Assert.Equal(12.0, value);
        Assert.Equal([6.0, 4.0], gradient);
        Assert.Equal([5.0], k);
    }

    [Fact]
    public void ACapturedArrayWrittenInASumsTermIsRejected()
    {
        // The term runs once per index; the function's own copy is made once per call, outside it.
        double[] k = [0.0, 0.0];
        var x = Parameter(typeof(double[]), "x");
        var i = Parameter(typeof(int), "i");
        var term = Lambda<Func<int, double>>(Block(
            Assign(ArrayAccess(Constant(k), i), ArrayIndex(x, i)),
            ArrayIndex(Constant(k), i)), i);
        var f = Lambda<Func<double[], double>>(Call(typeof(Ops), nameof(Ops.Sum), null, Constant(2), term), x);
        var e = Assert.Throws<UnsupportedExpressionException>(() => Grad.Of(f));
        Assert.Contains("cannot write into a captured array inside a lambda", e.Message);
    }

    [Fact]
    public void ASecondNameThatMayHoldTheArrayWhenItIsWrittenIsRejected()
    {
        // b is x or y, decided when the function runs: no single variable to replace it by, and a write through it
        // would not be seen through x or y.
        var (x, y) = (Parameter(typeof(double[]), "x"), Parameter(typeof(double[]), "y"));
        var b = Variable(typeof(double[]), "b");
        var f = Lambda<Func<double[], double[], double>>(Block([b],
            Assign(b, Condition(GreaterThan(At(x, 0), Constant(0.0)), x, y)),
            Assign(Element(b, 0), Constant(1.0)),
            Add(At(x, 0), At(y, 0))), x, y);
        var e = Assert.Throws<UnsupportedExpressionException>(() => Grad.Of(f));
        Assert.Contains("cannot write into the array 'b' while 'x' may hold the same array", e.Message);
    }

    [Fact]
    public void AnArrayHandedOnAtTheEndOfAStepAndReplacedBeforeTheNextIsNoSecondName()
    {
        // u = z at the end of each step, z = new double[n] at the start of the next: the writes into z never reach
        // u's array. Two steps of z_i = u_i·x_i from u = x: Σ x_i³, ∇ = 3x_i² = (3, 12).
        var x = Parameter(typeof(double[]), "x");
        var (u, z, i, t, acc) = (Variable(typeof(double[]), "u"), Variable(typeof(double[]), "z"), Variable(typeof(int), "i"),
            Variable(typeof(int), "t"), Variable(typeof(double), "acc"));
        var f = Lambda<Func<double[], double>>(Block([u, z, i, t, acc],
            Assign(u, NewArrayBounds(typeof(double), ArrayLength(x))),
            ArrayWriteShapes.For(i, ArrayLength(x), Assign(ArrayAccess(u, i), ArrayIndex(x, i))),
            ArrayWriteShapes.For(t, Constant(2),
                Assign(z, NewArrayBounds(typeof(double), ArrayLength(x))),
                ArrayWriteShapes.For(i, ArrayLength(x), Assign(ArrayAccess(z, i), Multiply(ArrayIndex(u, i), ArrayIndex(x, i)))),
                Assign(u, z)),
            Assign(acc, Constant(0.0)),
            ArrayWriteShapes.For(i, ArrayLength(x), AddAssign(acc, ArrayIndex(u, i))),
            acc), x);
        Assert.Equal([3.0, 12.0], Grad.Of(f)([1.0, 2.0]));
    }
}
