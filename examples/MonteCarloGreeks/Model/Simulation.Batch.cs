using System.Linq.Expressions;
using ExprGrad;

namespace MonteCarloGreeks;

/// <summary>
/// The same Greeks from ExprGrad's batch mode, across paths: one path's discounted payoff is a function of one row
/// (S0, σ, r, z₀ … z_{N−1}), unrolled over the steps with constant indices, so that <see cref="Grad.ValueAndGradientBatch(Expression{Func{double[], double}}, GradientOptions?)"/>
/// runs it as one SIMD program over <c>Vector&lt;double&gt;.Count</c> paths at a time. The price is the mean of the
/// rows' values and each Greek the mean of its gradient column (the columns of the normals are computed too, and
/// unused). At most 61 steps fit: batch mode vectorizes a row of up to 64 elements.
/// </summary>
public sealed partial class Simulation
{
    /// <summary>One path's discounted payoff as a function of its row.</summary>
    public Expression<Func<double[], double>> PathPayoffExpression(Payoff payoff)
    {
        var row = Expression.Parameter(typeof(double[]), "row");
        Expression At(int k) => Expression.ArrayIndex(row, Expression.Constant(k));
        Expression Call(string name, params Expression[] arguments) =>
            Expression.Call(typeof(Math).GetMethod(name, [.. arguments.Select(a => a.Type)])!, arguments);
        Expression s0 = At(0), sigma = At(1), r = At(2), dt = Expression.Constant(TimeStep);
        var drift = Expression.Multiply(Expression.Subtract(r, Expression.Divide(Expression.Multiply(sigma, sigma), Expression.Constant(2.0))), dt);
        var vol = Expression.Multiply(sigma, Expression.Constant(Math.Sqrt(TimeStep)));
        Expression x = Call(nameof(Math.Log), s0), sum = Expression.Constant(0.0);
        for (int t = 0; t < Steps; t++)
        {
            x = Expression.Add(Expression.Add(x, drift), Expression.Multiply(vol, At(3 + t)));
            if (payoff == Payoff.Asian) sum = Expression.Add(sum, Call(nameof(Math.Exp), x));
        }
        var underlying = payoff == Payoff.Asian ? Expression.Divide(sum, Expression.Constant((double)Steps)) : Call(nameof(Math.Exp), x);
        var discount = Call(nameof(Math.Exp), Expression.Multiply(Expression.Negate(r), Expression.Constant(Market.Maturity)));
        var payoffValue = Call(nameof(Math.Max), Expression.Subtract(underlying, Expression.Constant(Market.Strike)), Expression.Constant(0.0));
        return Expression.Lambda<Func<double[], double>>(Expression.Multiply(discount, payoffValue), row);
    }

    /// <summary>The rows of <see cref="PathPayoffExpression"/>: the normals of every path, after three columns that
    /// <see cref="BatchGreeks"/> fills with (S0, σ, r) at each call.</summary>
    public double[,] BatchRows()
    {
        var rows = new double[Paths, 3 + Steps];
        for (int p = 0; p < Paths; p++)
            for (int t = 0; t < Steps; t++) rows[p, 3 + t] = z[p, t];
        return rows;
    }

    /// <summary>Price and Greeks from one call of the batch delegate over all paths.</summary>
    public static Greeks BatchGreeks(Func<double[,], (double[] Values, double[,] Gradients)> batch, double[,] rows,
        double s0, double sigma, double r)
    {
        SetParameters(rows, s0, sigma, r);
        var (values, gradients) = batch(rows);
        return Means(values, gradients);
    }

    /// <summary>The same from the delegate of <see cref="Grad.ValueAndGradientBatchInto(Expression{Func{double[], double}}, GradientOptions?)"/>,
    /// writing into the caller's <paramref name="values"/> (one per path) and <paramref name="gradients"/> (the rows'
    /// shape), so that repeated calls allocate no paths × columns result.</summary>
    public static Greeks BatchGreeks(Action<double[,], double[], double[,]> batch, double[,] rows, double[] values, double[,] gradients,
        double s0, double sigma, double r)
    {
        SetParameters(rows, s0, sigma, r);
        batch(rows, values, gradients);
        return Means(values, gradients);
    }

    private static void SetParameters(double[,] rows, double s0, double sigma, double r)
    {
        for (int p = 0; p < rows.GetLength(0); p++) (rows[p, 0], rows[p, 1], rows[p, 2]) = (s0, sigma, r);
    }

    private static Greeks Means(double[] values, double[,] gradients)
    {
        int paths = values.Length;
        double price = 0, delta = 0, vega = 0, rho = 0;
        for (int p = 0; p < paths; p++)
        {
            price += values[p];
            delta += gradients[p, 0];
            vega += gradients[p, 1];
            rho += gradients[p, 2];
        }
        return new Greeks(price / paths, delta / paths, vega / paths, rho / paths);
    }
}
