using System.Linq.Expressions;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Regressions;

/// <summary>
/// An if-statement that assigns nothing was dropped whole by the linearizer, jumps included: a second
/// <c>if (c) break;</c> in a loop body, or a <c>continue</c> nested in an if, vanished, and the gradient (and
/// the value) of a different function came back without an error. Found while adding breaks after a loop's
/// first statements (issue 13). Such jumps are now rejected with the loop shapes that are supported.
/// </summary>
public class LoopJumpRegressions
{
    private static readonly ParameterExpression X = Parameter(typeof(double[]), "x");

    [Fact]
    public void AWholeLoopInsideAnIfStatementIsDifferentiated()
    {
        // The linearizer refused every if-statement holding a jump, also a loop whose break stays inside it; a
        // [Differentiable] method's early return guards the rest of the body with such an if (found by the harness's
        // method adapter: `while (true) { if (i < 0) break; … }`).
        // acc = 0; if (x[0] > 0) { i = 0; while (i < n) { acc += x[i]²; i++; } } else acc = −x[0]; return acc;
        var (acc, i) = (Variable(typeof(double), "acc"), Variable(typeof(int), "i"));
        var exit = Label("exit");
        var f = Lambda<Func<double[], double>>(Block([acc, i],
            Assign(acc, Constant(0.0)),
            IfThenElse(GreaterThan(ArrayIndex(X, Constant(0)), Constant(0.0)),
                Block(
                    Assign(i, Constant(0)),
                    Loop(Block(
                        IfThen(GreaterThanOrEqual(i, ArrayLength(X)), Break(exit)),
                        AddAssign(acc, Multiply(ArrayIndex(X, i), ArrayIndex(X, i))),
                        PreIncrementAssign(i)), exit)),
                Assign(acc, Negate(ArrayIndex(X, Constant(0))))),
            acc), X);
        var gradient = Grad.ValueAndGradient(f);
        // x = (1, 2, 3): Σ x² = 14, gradient 2x; x = (−1, 2, 3): −x[0] = 1, gradient (−1, 0, 0).
        var (value, g) = gradient([1, 2, 3]);
        Assert.Equal(14.0, value);
        Assert.Equal([2.0, 4.0, 6.0], g);
        (value, g) = gradient([-1, 2, 3]);
        Assert.Equal(1.0, value);
        Assert.Equal([-1.0, 0.0, 0.0], g);
    }

    [Fact]
    public void ASecondBreakIsRejectedNotDropped()
    {
        // acc = 0; i = 0; while (i < n) { acc += x[i]²; if (acc > 5) break; i++; } — at (1, 2, 3, 4) it stops at
        // acc = 1 + 4 + 9 = 14; without its second break the loop summed all four squares, 30.
        var (acc, i) = (Variable(typeof(double), "acc"), Variable(typeof(int), "i"));
        var exit = Label("exit");
        var f = Lambda<Func<double[], double>>(Block([acc, i],
            Assign(acc, Constant(0.0)),
            Assign(i, Constant(0)),
            Loop(Block(
                IfThen(GreaterThanOrEqual(i, ArrayLength(X)), Break(exit)),
                AddAssign(acc, Multiply(ArrayIndex(X, i), ArrayIndex(X, i))),
                IfThen(GreaterThan(acc, Constant(5.0)), Break(exit)),
                PreIncrementAssign(i)), exit),
            acc), X);
        Assert.Equal(14.0, f.Compile()([1, 2, 3, 4]));
        var e = Assert.Throws<UnsupportedExpressionException>(() => Grad.ValueAndGradient(f));
        Assert.Contains("break", e.Message);
    }

    [Fact]
    public void AContinueInsideAnIfIsRejectedNotDropped()
    {
        // acc = 0; i = 0; while (i < n) { xi = x[i]; i++; if (xi > 0) { if (xi > 2) continue; } acc += xi; }
        var (acc, i, xi) = (Variable(typeof(double), "acc"), Variable(typeof(int), "i"), Variable(typeof(double), "xi"));
        var (exit, next) = (Label("exit"), Label("next"));
        var f = Lambda<Func<double[], double>>(Block([acc, i],
            Assign(acc, Constant(0.0)),
            Assign(i, Constant(0)),
            Loop(Block([xi],
                IfThen(GreaterThanOrEqual(i, ArrayLength(X)), Break(exit)),
                Assign(xi, ArrayIndex(X, i)),
                PreIncrementAssign(i),
                IfThen(GreaterThan(xi, Constant(0.0)), IfThen(GreaterThan(xi, Constant(2.0)), Continue(next))),
                AddAssign(acc, xi)), exit, next),
            acc), X);
        Assert.Equal(3.0, f.Compile()([1, 2, 3]));
        Assert.Throws<UnsupportedExpressionException>(() => Grad.Of(f));
    }
}
