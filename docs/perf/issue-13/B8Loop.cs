using System.Linq.Expressions;
using static System.Linq.Expressions.Expression;
namespace ExprGrad.Benchmarks;
public static class B8ImperativeRosenbrock
{
    /// <summary>
    /// <code>
    /// double acc = 0; int i = 0;
    /// while (true) { if (i &gt;= x.Length − 1) break; double d = x[i+1] − x[i]·x[i], e = 1 − x[i]; acc += 100·d·d + e·e; i++; }
    /// return acc;
    /// </code>
    /// </summary>
    public static Expression<Func<double[], double>> Loop()
    {
        var x = Parameter(typeof(double[]), "x");
        var (acc, i, d, e) = (Variable(typeof(double), "acc"), Variable(typeof(int), "i"), Variable(typeof(double), "d"), Variable(typeof(double), "e"));
        var exit = Label("exit");
        var xi = ArrayIndex(x, i);
        return Lambda<Func<double[], double>>(Block([acc, i],
            Assign(acc, Constant(0.0)),
            Assign(i, Constant(0)),
            Expression.Loop(Block([d, e],
                IfThen(GreaterThanOrEqual(i, Subtract(ArrayLength(x), Constant(1))), Break(exit)),
                Assign(d, Subtract(ArrayIndex(x, Add(i, Constant(1))), Multiply(xi, xi))),
                Assign(e, Subtract(Constant(1.0), xi)),
                AddAssign(acc, Add(Multiply(Multiply(Constant(100.0), d), d), Multiply(e, e))),
                PreIncrementAssign(i)), exit),
            acc), x);
    }

}
