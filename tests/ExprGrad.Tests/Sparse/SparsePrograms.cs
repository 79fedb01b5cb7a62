using System.Linq.Expressions;

namespace ExprGrad.Tests.Sparse;

/// <summary>
/// Random sparse programs: a residual <c>x =&gt; Ops.Vector(n, i =&gt; term(i))</c> and an energy
/// <c>x =&gt; Ops.Sum(n, i =&gt; term(i))</c>, where a term reads a few neighbours <c>x[(i + k) % n]</c> and
/// <c>x[index[i]]</c> (closure data), through products, nonlinear functions, branches on values and on i,
/// inner <c>Ops.Sum</c> loops and <c>Ops.Let</c>. Each output depends on a handful of inputs: the Jacobian and
/// Hessian are sparse, their patterns found only by following the index arithmetic.
/// </summary>
public sealed class SparsePrograms
{
    private readonly Random random;
    private readonly ParameterExpression x = Expression.Parameter(typeof(double[]), "x");
    private readonly ParameterExpression i = Expression.Parameter(typeof(int), "i");
    private readonly int n;
    private readonly int[] index;

    private SparsePrograms(int seed)
    {
        random = new Random(seed);
        n = random.Next(3, 9);
        index = [.. Enumerable.Range(0, n).Select(_ => random.Next(n))];
    }

    /// <summary>A random residual of the seed, and its input length.</summary>
    public static (Expression<Func<double[], double[]>> F, int N) Residual(int seed)
    {
        var g = new SparsePrograms(seed);
        var body = Expression.Call(typeof(Ops), nameof(Ops.Vector), null, Expression.ArrayLength(g.x), Expression.Lambda<Func<int, double>>(g.Term(3), g.i));
        return (Expression.Lambda<Func<double[], double[]>>(body, g.x), g.n);
    }

    /// <summary>A random energy of the seed, and its input length.</summary>
    public static (Expression<Func<double[], double>> F, int N) Energy(int seed)
    {
        var g = new SparsePrograms(seed);
        var body = Expression.Call(typeof(Ops), nameof(Ops.Sum), null, Expression.ArrayLength(g.x), Expression.Lambda<Func<int, double>>(g.Term(3), g.i));
        return (Expression.Lambda<Func<double[], double>>(body, g.x), g.n);
    }

    /// <summary>A point of the seed's length, values in (-1, 1) away from 0.</summary>
    public static double[] Point(int seed, int n)
    {
        var r = new Random(seed ^ 0x5eed);
        return [.. Enumerable.Range(0, n).Select(_ => (r.NextDouble() * 0.8 + 0.1) * (r.Next(2) == 0 ? -1 : 1))];
    }

    private Expression Term(int depth) =>
        depth == 0 ? Leaf() : random.Next(9) switch
        {
            0 or 1 => Expression.Add(Term(depth - 1), Term(depth - 1)),
            2 => Expression.Multiply(Term(depth - 1), Term(depth - 1)),
            3 => Expression.Call(typeof(Math), random.Next(2) == 0 ? nameof(Math.Sin) : nameof(Math.Tanh), null, Term(depth - 1)),
            4 => Expression.Divide(Term(depth - 1), Expression.Add(Expression.Constant(2.0), Square(Term(depth - 1)))),
            // A branch on values: the trace cannot decide it, both sides count.
            5 => Expression.Condition(Expression.GreaterThan(Term(depth - 1), Expression.Constant(0.0)), Term(depth - 1), Term(depth - 1)),
            // A branch on the index: decided concretely, only the taken side counts.
            6 => Expression.Condition(Expression.Equal(Expression.Modulo(i, Expression.Constant(2)), Expression.Constant(0)), Term(depth - 1), Term(depth - 1)),
            7 => InnerSum(depth - 1),
            _ => Let(depth - 1),
        };

    private static Expression Square(Expression e) => Expression.Multiply(e, e);

    private Expression Leaf() => random.Next(6) switch
    {
        0 => Expression.Constant(Math.Round(random.NextDouble() * 2 - 1, 2)),
        1 => Expression.ArrayIndex(x, Expression.ArrayIndex(Expression.Constant(index), i)),
        _ => Neighbour(i, random.Next(3)),
    };

    private Expression Neighbour(Expression at, int offset) =>
        Expression.ArrayIndex(x, Expression.Modulo(Expression.Add(at, Expression.Constant(offset)), Expression.ArrayLength(x)));

    private Expression InnerSum(int depth)
    {
        var j = Expression.Parameter(typeof(int), "j");
        var body = Expression.Multiply(Neighbour(Expression.Add(i, j), 0), Term(Math.Max(0, depth - 1)));
        return Expression.Call(typeof(Ops), nameof(Ops.Sum), null, Expression.Constant(random.Next(1, 3)), Expression.Lambda<Func<int, double>>(body, j));
    }

    private Expression Let(int depth)
    {
        var v = Expression.Parameter(typeof(double), "v");
        var body = Expression.Multiply(v, Expression.Add(v, Term(Math.Max(0, depth - 1))));
        return Expression.Call(typeof(Ops), nameof(Ops.Let), [typeof(double), typeof(double)], Term(depth), Expression.Lambda<Func<double, double>>(body, v));
    }
}
