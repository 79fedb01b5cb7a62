using System.Linq.Expressions;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Imperative;

/// <summary>
/// While-loops of f(x), x a vector of length ≥ 4, in the shapes the trail switches treat differently: states the
/// backward pass reads or not, indices stepped in unusual ways or not at all regularly, a break after the body's
/// first statements, loops inside loops and inside a sum. Each comment gives the C# the tree stands for.
/// </summary>
public static class LoopShapes
{
    private static readonly ParameterExpression X = Parameter(typeof(double[]), "x");
    private static readonly Expression N = ArrayLength(X);
    private static readonly System.Reflection.MethodInfo Sin = typeof(Math).GetMethod(nameof(Math.Sin))!;
    private static readonly System.Reflection.MethodInfo Exp = typeof(Math).GetMethod(nameof(Math.Exp))!;

    public static IReadOnlyDictionary<string, Expression<Func<double[], double>>> All { get; } = new Dictionary<string, Expression<Func<double[], double>>>
    {
        ["accumulator, i++ (B8's Rosenbrock)"] = Rosenbrock(),
        ["Horner, k-- in the if/else form: the state is read"] = Horner(),
        ["stride 2, the index read as data"] = StrideTwo(),
        ["i-- in a product: the state is read"] = CountDownProduct(),
        ["step computed before the loop"] = StepBeforeTheLoop(),
        ["long index stepping by 3"] = LongIndex(),
        ["index stepped in a branch: not an induction variable"] = IndexInABranch(),
        ["break after the body's first statement"] = BreakInTheMiddle(),
        ["nested: the inner loop starts at the outer index"] = NestedHorner(),
        ["nested: the inner stride is computed in the outer body"] = NestedStride(),
        ["accumulator whose seed is not a constant"] = SineOfASum(),
        ["two accumulators, one read by the other"] = TwoAccumulators(),
        ["loop inside a sum, starting at its index"] = LoopInsideASum(),
        ["continue, the accumulator assigned in a branch"] = ContinueWhenNegative(),
    };

    private static Expression<Func<double[], double>> F(Expression body) => Lambda<Func<double[], double>>(body, X);

    private static Expression Element(Expression index) => ArrayIndex(X, index);

    /// <summary>loop { if (test) break; body… }</summary>
    private static Expression While(Expression exitWhen, LabelTarget exit, params Expression[] body) =>
        Loop(Block([IfThen(exitWhen, Break(exit)), .. body]), exit);

    /// <summary>acc = 0; i = 0; while (i &lt; n − 1) { d = x[i+1] − x[i]²; e = 1 − x[i]; acc += 100·d² + e²; i++; }</summary>
    private static Expression<Func<double[], double>> Rosenbrock()
    {
        var (acc, i, d, e) = (Variable(typeof(double), "acc"), Variable(typeof(int), "i"), Variable(typeof(double), "d"), Variable(typeof(double), "e"));
        var exit = Label("exit");
        var xi = Element(i);
        return F(Block([acc, i],
            Assign(acc, Constant(0.0)),
            Assign(i, Constant(0)),
            Loop(Block([d, e],
                IfThen(GreaterThanOrEqual(i, Subtract(N, Constant(1))), Break(exit)),
                Assign(d, Subtract(Element(Add(i, Constant(1))), Multiply(xi, xi))),
                Assign(e, Subtract(Constant(1.0), xi)),
                AddAssign(acc, Add(Multiply(Multiply(Constant(100.0), d), d), Multiply(e, e))),
                PreIncrementAssign(i)), exit),
            acc));
    }

    /// <summary>acc = 0; k = n − 1; while (true) { if (k ≥ 0) { acc = acc·x[0] + x[k]; k--; } else break; }</summary>
    private static Expression<Func<double[], double>> Horner()
    {
        var (acc, k) = (Variable(typeof(double), "acc"), Variable(typeof(int), "k"));
        var exit = Label("exit");
        return F(Block([acc, k],
            Assign(acc, Constant(0.0)),
            Assign(k, Subtract(N, Constant(1))),
            Loop(IfThenElse(GreaterThanOrEqual(k, Constant(0)),
                Block(Assign(acc, Add(Multiply(acc, Element(Constant(0))), Element(k))), PostDecrementAssign(k)),
                Break(exit)), exit),
            acc));
    }

    /// <summary>acc = 0; i = 1; while (i &lt; n) { acc += sin(x[i])·i; i += 2; }</summary>
    private static Expression<Func<double[], double>> StrideTwo()
    {
        var (acc, i) = (Variable(typeof(double), "acc"), Variable(typeof(int), "i"));
        var exit = Label("exit");
        return F(Block([acc, i],
            Assign(acc, Constant(0.0)),
            Assign(i, Constant(1)),
            While(GreaterThanOrEqual(i, N), exit,
                AddAssign(acc, Multiply(Call(Sin, Element(i)), Convert(i, typeof(double)))),
                AddAssign(i, Constant(2))),
            acc));
    }

    /// <summary>p = 1; i = n − 1; while (i ≥ 0) { p *= 1 + x[i]²/(i + 1); i--; }</summary>
    private static Expression<Func<double[], double>> CountDownProduct()
    {
        var (p, i) = (Variable(typeof(double), "p"), Variable(typeof(int), "i"));
        var exit = Label("exit");
        return F(Block([p, i],
            Assign(p, Constant(1.0)),
            Assign(i, Subtract(N, Constant(1))),
            While(LessThan(i, Constant(0)), exit,
                MultiplyAssign(p, Add(Constant(1.0), Divide(Multiply(Element(i), Element(i)), Convert(Add(i, Constant(1)), typeof(double))))),
                PostDecrementAssign(i)),
            p));
    }

    /// <summary>step = 1 + n / 4; acc = 0; i = 0; while (i &lt; n) { acc += exp(x[i])·x[0]; i += step; }</summary>
    private static Expression<Func<double[], double>> StepBeforeTheLoop()
    {
        var (acc, i, step) = (Variable(typeof(double), "acc"), Variable(typeof(int), "i"), Variable(typeof(int), "step"));
        var exit = Label("exit");
        return F(Block([acc, i, step],
            Assign(step, Add(Constant(1), Divide(N, Constant(4)))),
            Assign(acc, Constant(0.0)),
            Assign(i, Constant(0)),
            While(GreaterThanOrEqual(i, N), exit,
                AddAssign(acc, Multiply(Call(Exp, Element(i)), Element(Constant(0)))),
                AddAssign(i, step)),
            acc));
    }

    /// <summary>acc = 0; long j = 0; while (j &lt; n) { acc += x[(int)j]²·x[1]; j += 3; }</summary>
    private static Expression<Func<double[], double>> LongIndex()
    {
        var (acc, j) = (Variable(typeof(double), "acc"), Variable(typeof(long), "j"));
        var exit = Label("exit");
        var xj = Element(Convert(j, typeof(int)));
        return F(Block([acc, j],
            Assign(acc, Constant(0.0)),
            Assign(j, Constant(0L)),
            While(GreaterThanOrEqual(j, Convert(N, typeof(long))), exit,
                AddAssign(acc, Multiply(Multiply(xj, xj), Element(Constant(1)))),
                AddAssign(j, Constant(3L))),
            acc));
    }

    /// <summary>acc = 0; i = 0; while (i &lt; n) { acc += x[i]·x[i]·x[0]; if (x[i] &gt; 0) i += 2; else i++; }</summary>
    private static Expression<Func<double[], double>> IndexInABranch()
    {
        var (acc, i) = (Variable(typeof(double), "acc"), Variable(typeof(int), "i"));
        var exit = Label("exit");
        return F(Block([acc, i],
            Assign(acc, Constant(0.0)),
            Assign(i, Constant(0)),
            While(GreaterThanOrEqual(i, N), exit,
                AddAssign(acc, Multiply(Multiply(Element(i), Element(i)), Element(Constant(0)))),
                IfThenElse(GreaterThan(Element(i), Constant(0.0)), AddAssign(i, Constant(2)), PreIncrementAssign(i))),
            acc));
    }

    /// <summary>acc = 0; i = 0; while (true) { d = x[i]²; if (i ≥ n − 1 || d &gt; 2) break; acc += d·x[i + 1]; i++; }</summary>
    private static Expression<Func<double[], double>> BreakInTheMiddle()
    {
        var (acc, i, d) = (Variable(typeof(double), "acc"), Variable(typeof(int), "i"), Variable(typeof(double), "d"));
        var exit = Label("exit");
        return F(Block([acc, i],
            Assign(acc, Constant(0.0)),
            Assign(i, Constant(0)),
            Loop(Block([d],
                Assign(d, Multiply(Element(i), Element(i))),
                IfThen(OrElse(GreaterThanOrEqual(i, Subtract(N, Constant(1))), GreaterThan(d, Constant(2.0))), Break(exit)),
                AddAssign(acc, Multiply(d, Element(Add(i, Constant(1))))),
                PreIncrementAssign(i)), exit),
            acc));
    }

    /// <summary>acc = 0; i = 0; while (i &lt; n) { h = 0; j = i; while (j ≥ 0) { h = h·x[i] + x[j]; j--; } acc += h; i++; }</summary>
    private static Expression<Func<double[], double>> NestedHorner()
    {
        var (acc, i, h, j) = (Variable(typeof(double), "acc"), Variable(typeof(int), "i"), Variable(typeof(double), "h"), Variable(typeof(int), "j"));
        var (outer, inner) = (Label("outer"), Label("inner"));
        return F(Block([acc, i],
            Assign(acc, Constant(0.0)),
            Assign(i, Constant(0)),
            Loop(Block([h, j],
                IfThen(GreaterThanOrEqual(i, N), Break(outer)),
                Assign(h, Constant(0.0)),
                Assign(j, i),
                While(LessThan(j, Constant(0)), inner,
                    Assign(h, Add(Multiply(h, Element(i)), Element(j))),
                    PostDecrementAssign(j)),
                AddAssign(acc, h),
                PreIncrementAssign(i)), outer),
            acc));
    }

    /// <summary>acc = 0; i = 0; while (i &lt; 3) { j = 0; while (j &lt; n) { acc += x[j]·x[i]; j += i + 1; } i++; }</summary>
    private static Expression<Func<double[], double>> NestedStride()
    {
        var (acc, i, j) = (Variable(typeof(double), "acc"), Variable(typeof(int), "i"), Variable(typeof(int), "j"));
        var (outer, inner) = (Label("outer"), Label("inner"));
        return F(Block([acc, i, j],
            Assign(acc, Constant(0.0)),
            Assign(i, Constant(0)),
            While(GreaterThanOrEqual(i, Constant(3)), outer,
                Assign(j, Constant(0)),
                While(GreaterThanOrEqual(j, N), inner,
                    AddAssign(acc, Multiply(Element(j), Element(i))),
                    AddAssign(j, Add(i, Constant(1)))),
                PreIncrementAssign(i)),
            acc));
    }

    /// <summary>acc = 0; i = 0; while (i &lt; n) { acc += x[i]²; i++; } return sin(acc);</summary>
    private static Expression<Func<double[], double>> SineOfASum()
    {
        var (acc, i) = (Variable(typeof(double), "acc"), Variable(typeof(int), "i"));
        var exit = Label("exit");
        return F(Block([acc, i],
            Assign(acc, Constant(0.0)),
            Assign(i, Constant(0)),
            While(GreaterThanOrEqual(i, N), exit,
                AddAssign(acc, Multiply(Element(i), Element(i))),
                PreIncrementAssign(i)),
            Call(Sin, acc)));
    }

    /// <summary>a = 0; b = 0; i = 0; while (i &lt; n) { a += x[i]; b += a·x[i]; i++; } return b;</summary>
    private static Expression<Func<double[], double>> TwoAccumulators()
    {
        var (a, b, i) = (Variable(typeof(double), "a"), Variable(typeof(double), "b"), Variable(typeof(int), "i"));
        var exit = Label("exit");
        return F(Block([a, b, i],
            Assign(a, Constant(0.0)),
            Assign(b, Constant(0.0)),
            Assign(i, Constant(0)),
            While(GreaterThanOrEqual(i, N), exit,
                AddAssign(a, Element(i)),
                AddAssign(b, Multiply(a, Element(i))),
                PreIncrementAssign(i)),
            b));
    }

    /// <summary>x[0] · Σ_{k&lt;3} (h = 0; j = k; while (j &lt; n) { h += x[j]·x[j − k]; j++; } h)</summary>
    private static Expression<Func<double[], double>> LoopInsideASum()
    {
        var (h, j) = (Variable(typeof(double), "h"), Variable(typeof(int), "j"));
        var k = Parameter(typeof(int), "k");
        var exit = Label("exit");
        var term = Lambda<Func<int, double>>(Block([h, j],
            Assign(h, Constant(0.0)),
            Assign(j, k),
            While(GreaterThanOrEqual(j, N), exit,
                AddAssign(h, Multiply(Element(j), Element(Subtract(j, k)))),
                PreIncrementAssign(j)),
            h), k);
        var sum = Call(typeof(Ops).GetMethod(nameof(Ops.Sum), [typeof(int), typeof(Func<int, double>)])!, Constant(3), term);
        return F(Multiply(Element(Constant(0)), sum));
    }

    /// <summary>acc = 0; i = 0; while (i &lt; n) { xi = x[i]; i++; if (xi &lt; 0) continue; acc += xi³; }</summary>
    private static Expression<Func<double[], double>> ContinueWhenNegative()
    {
        var (acc, i, xi) = (Variable(typeof(double), "acc"), Variable(typeof(int), "i"), Variable(typeof(double), "xi"));
        var (exit, next) = (Label("exit"), Label("next"));
        return F(Block([acc, i],
            Assign(acc, Constant(0.0)),
            Assign(i, Constant(0)),
            Loop(Block([xi],
                IfThen(GreaterThanOrEqual(i, N), Break(exit)),
                Assign(xi, Element(i)),
                PreIncrementAssign(i),
                IfThen(LessThan(xi, Constant(0.0)), Expression.Continue(next)),
                AddAssign(acc, Multiply(Multiply(xi, xi), xi))), exit, next),
            acc));
    }
}
