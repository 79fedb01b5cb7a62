using System.Linq.Expressions;

namespace ExprGrad.Benchmarks;

/// <summary>f(x) = Σ_{i&lt;n−1} 100(x[i+1] − x[i]²)² + (1 − x[i])², as users write it and as an engineer
/// would differentiate it by hand.</summary>
internal static class Rosenbrock
{
    /// <summary>The loop form of issue 6: squares written as products, as the formula's ² reads.</summary>
    public static readonly Expression<Func<double[], double>> Loop = x =>
        Enumerable.Range(0, x.Length - 1).Sum(i =>
            100 * (x[i + 1] - x[i] * x[i]) * (x[i + 1] - x[i] * x[i]) + (1 - x[i]) * (1 - x[i]));

    /// <summary>The same sum with <c>Math.Pow(…, 2)</c>, the other way people transcribe ².</summary>
    public static readonly Expression<Func<double[], double>> LoopWithPow = x =>
        Enumerable.Range(0, x.Length - 1).Sum(i =>
            100 * Math.Pow(x[i + 1] - x[i] * x[i], 2) + Math.Pow(1 - x[i], 2));

    /// <summary>The sum unrolled for a fixed n into one tree of constant-index terms.</summary>
    public static Expression<Func<double[], double>> Unrolled(int n)
    {
        var x = Expression.Parameter(typeof(double[]), "x");
        Expression Element(int i) => Expression.ArrayIndex(x, Expression.Constant(i));
        Expression Square(Expression e) => Expression.Multiply(e, e);
        Expression sum = Expression.Constant(0.0);
        for (int i = 0; i < n - 1; i++)
        {
            var d = Expression.Subtract(Element(i + 1), Expression.Multiply(Element(i), Element(i)));
            var e = Expression.Subtract(Expression.Constant(1.0), Element(i));
            var term = Expression.Add(Expression.Multiply(Expression.Constant(100.0), Square(d)), Square(e));
            sum = i == 0 ? term : Expression.Add(sum, term);
        }
        return Expression.Lambda<Func<double[], double>>(sum, x);
    }

    /// <summary>The plain function; [Differentiable] also makes it B9's method.</summary>
    [Differentiable]
    public static double Value(double[] x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double d = x[i + 1] - x[i] * x[i], e = 1 - x[i];
            sum += 100 * d * d + e * e;
        }
        return sum;
    }

    public static double[] Gradient(double[] x)
    {
        var g = new double[x.Length];
        for (int i = 0; i < x.Length - 1; i++)
        {
            double xi = x[i], d = x[i + 1] - xi * xi, e = 1 - xi;
            g[i] += -400 * d * xi - 2 * e;
            g[i + 1] += 200 * d;
        }
        return g;
    }
}
