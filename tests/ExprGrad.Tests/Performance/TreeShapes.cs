using System.Linq.Expressions;

namespace ExprGrad.Tests.Performance;

/// <summary>
/// Functions of a chosen size built with the Expression API, the two shapes that stress expression swell:
/// a wide sum of repeated terms (unrolled Rosenbrock) and a deep chain where each level feeds the next.
/// </summary>
internal static class TreeShapes
{
    /// <summary>Σ 100(x[i+1] − x[i]²)² + (1 − x[i])² unrolled with constant indices, grown until it has
    /// at least <paramref name="nodes"/> nodes (at least one term).</summary>
    public static Expression<Func<double[], double>> UnrolledRosenbrock(int nodes)
    {
        var x = Expression.Parameter(typeof(double[]), "x");
        Expression Element(int i) => Expression.ArrayIndex(x, Expression.Constant(i));
        Expression? sum = null;
        for (int i = 0; sum is null || NodeCounter.Count(sum) + 2 < nodes; i++)
        {
            var d = Expression.Subtract(Element(i + 1), Expression.Multiply(Element(i), Element(i)));
            var e = Expression.Subtract(Expression.Constant(1.0), Element(i));
            var term = Expression.Add(
                Expression.Multiply(Expression.Constant(100.0), Expression.Multiply(d, d)),
                Expression.Multiply(e, e));
            sum = sum is null ? term : Expression.Add(sum, term);
        }
        return Expression.Lambda<Func<double[], double>>(sum!, x);
    }

    /// <summary>t₀ = x, t_{k+1} = tanh(c_k·t_k + y): every level depends on the one below, so the reverse
    /// sweep is a chain as long as the tree is deep. Grown to at least <paramref name="nodes"/> nodes.</summary>
    public static Expression<Func<double, double, double>> DeepChain(int nodes)
    {
        var x = Expression.Parameter(typeof(double), "x");
        var y = Expression.Parameter(typeof(double), "y");
        var tanh = typeof(Math).GetMethod(nameof(Math.Tanh), [typeof(double)])!;
        Expression t = x;
        for (int k = 0; 1 + 2 + 5 * k < nodes; k++)
            t = Expression.Call(tanh, Expression.Add(Expression.Multiply(Expression.Constant(0.5 + 0.001 * k), t), y));
        return Expression.Lambda<Func<double, double, double>>(t, x, y);
    }
}
