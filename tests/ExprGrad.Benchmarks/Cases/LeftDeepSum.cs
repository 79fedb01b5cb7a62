using System.Linq.Expressions;

namespace ExprGrad.Benchmarks;

/// <summary>f(x) = Σ_{i&lt;n} x[i]²·x[i+1] folded left, ((t₀ + t₁) + t₂) + …: the deep chain a user builds by adding terms
/// in a loop, about 12 nodes a term, as deep as it has terms.</summary>
internal static class LeftDeepSum
{
    public static Expression<Func<double[], double>> Unrolled(int terms)
    {
        var x = Expression.Parameter(typeof(double[]), "x");
        Expression Element(int i) => Expression.ArrayIndex(x, Expression.Constant(i));
        Expression Term(int i) => Expression.Multiply(Expression.Multiply(Element(i), Element(i)), Element(i + 1));
        var sum = Term(0);
        for (int i = 1; i < terms; i++) sum = Expression.Add(sum, Term(i));
        return Expression.Lambda<Func<double[], double>>(sum, x);
    }

    /// <summary>By hand: ∂/∂x[i] of x[i]²·x[i+1] is 2·x[i]·x[i+1], ∂/∂x[i+1] is x[i]².</summary>
    public static double[] Gradient(double[] x, int terms)
    {
        var g = new double[x.Length];
        for (int i = 0; i < terms; i++)
        {
            g[i] += 2 * x[i] * x[i + 1];
            g[i + 1] += x[i] * x[i];
        }
        return g;
    }
}
