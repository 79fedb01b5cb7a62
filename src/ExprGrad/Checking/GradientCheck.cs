using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace ExprGrad;

/// <summary>
/// Checks ExprGrad's gradient of a function against central differences, coordinate by coordinate and along
/// random directions, the way the engine's own tests do (above <see cref="GradientCheckOptions.MaxCoordinates"/>
/// coordinates, a sample of them and the directions), and checks that every entry point a user may call
/// (<c>Grad.Of</c>, <c>Grad.ValueAndGradient</c>, and <c>Grad.ValueAndGradientInto</c> when every parameter is
/// an array) returns the very same gradient. Works for any lambda the engine takes: double, double[] and
/// double[,] parameters, up to eight.
/// </summary>
/// <example><code>
/// var report = GradientCheck.Run((Expression&lt;Func&lt;double, double, double&gt;&gt;)((x, y) =&gt; x * Math.Exp(y)), 1.5, -0.5);
/// Console.WriteLine(report);          // a table of analytic vs numeric derivatives
/// Assert.True(report.Passed, report.ToString());
/// </code></example>
public static class GradientCheck
{
    /// <summary>Checks <paramref name="f"/> at <paramref name="point"/> with the default options.</summary>
    /// <param name="f">The function, as a lambda expression the engine accepts.</param>
    /// <param name="point">One argument per parameter: a double, double[] or double[,].</param>
    /// <returns>The comparisons and the verdict.</returns>
    /// <exception cref="ArgumentException">The point does not match the parameters.</exception>
    public static GradientCheckReport Run(LambdaExpression f, params object[] point) => Run(f, point, GradientCheckOptions.Default);

    /// <summary>Checks <paramref name="f"/> at <paramref name="point"/>.</summary>
    /// <param name="f">The function, as a lambda expression the engine accepts.</param>
    /// <param name="point">One argument per parameter: a double, double[] or double[,].</param>
    /// <param name="options">Tolerances, step, number of random directions and their seed.</param>
    /// <returns>The comparisons and the verdict.</returns>
    /// <exception cref="ArgumentException">The point does not match the parameters.</exception>
    public static GradientCheckReport Run(LambdaExpression f, object[] point, GradientCheckOptions options) =>
        Run(f, point, options, GradientOptions.Default);

    /// <summary>The check with chosen compiler passes (tests turn a pass or a known bug on to see the check catch it).</summary>
    internal static GradientCheckReport Run(LambdaExpression f, object[] point, GradientCheckOptions options, GradientOptions compiler)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(options);
        var vector = new ParameterVector(f, point);
        var evaluate = Evaluator(f, compiler);
        var x0 = vector.Flatten(point);
        double F(double[] x) => evaluate(vector.Arguments(x));

        var result = (ITuple)Grad.ValueAndGradientExpression(f, compiler).Compile().DynamicInvoke(vector.Arguments(x0))!;
        var value = (double)result[0]!;
        var analytic = vector.FlattenGradient(result[1]!);
        var disagreements = new List<string>();
        foreach (var (entryPoint, gradient) in EntryPointGradients.All(f, vector, x0, compiler))
            for (int k = 0; k < vector.Count; k++)
                if (!gradient[k].Equals(analytic[k]))
                    disagreements.Add($"{entryPoint} gives {gradient[k]:R} for {vector.Name(k)}, Grad.ValueAndGradientExpression gives {analytic[k]:R}");

        var random = new Random(options.Seed);
        var comparisons = new List<GradientComparison>();
        var checkedCoordinates = CoordinatesToCheck(vector.Count, options.MaxCoordinates, random);
        foreach (var k in checkedCoordinates)
        {
            var e = new double[vector.Count];
            e[k] = 1;
            comparisons.Add(GradientComparison.Of(vector.Name(k), analytic[k], Directional(F, x0, e, options.Step), options));
        }
        for (int d = 0; d < options.Directions && vector.Count > 0; d++)
        {
            var u = RandomUnit(random, vector.Count);
            var along = analytic.Select((g, i) => g * u[i]).Sum();
            comparisons.Add(GradientComparison.Of($"d{d + 1}", along, Directional(F, x0, u, options.Step), options));
        }
        return new GradientCheckReport(f.ToString(), value, comparisons, checkedCoordinates.Length, vector.Count, options, disagreements);
    }

    /// <summary>Every coordinate, or a sorted sample of <paramref name="most"/> of them when there are more.</summary>
    private static int[] CoordinatesToCheck(int count, int most, Random random)
    {
        if (count <= most) return [.. Enumerable.Range(0, count)];
        var all = Enumerable.Range(0, count).ToArray();
        random.Shuffle(all);
        return [.. all.Take(most).Order()];
    }

    /// <summary>Central difference along <paramref name="u"/>, refined by one Richardson step (error O(h⁴)).</summary>
    private static double Directional(Func<double[], double> f, double[] x, double[] u, double step)
    {
        var scale = Math.Max(1, x.Select((xi, i) => u[i] == 0 ? 0 : Math.Abs(xi)).DefaultIfEmpty(0).Max());
        var h = step * scale;
        double At(double t) => f([.. x.Select((xi, i) => xi + t * u[i])]);
        var wide = (At(h) - At(-h)) / (2 * h);
        var narrow = (At(h / 2) - At(-h / 2)) / h;
        return (4 * narrow - wide) / 3;
    }

    private static double[] RandomUnit(Random random, int n)
    {
        var u = new double[n];
        double norm;
        do
        {
            for (int i = 0; i < n; i++) u[i] = random.NextDouble() * 2 - 1;
            norm = Math.Sqrt(u.Sum(v => v * v));
        } while (norm < 1e-3);
        return [.. u.Select(v => v / norm)];
    }

    /// <summary>The function itself through <see cref="Grad"/>.Compile (a loop stays a loop; .NET's own compiler makes a
    /// delegate call of every Ops.Sum term), behind one object[] signature.</summary>
    private static Func<object[], double> Evaluator(LambdaExpression f, GradientOptions compiler)
    {
        var compiled = EntryPointGradients.Compile(nameof(Grad.Compile), f, compiler);
        var args = Expression.Parameter(typeof(object[]), "args");
        var call = Expression.Invoke(Expression.Constant(compiled), f.Parameters.Select((p, i) =>
            Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.Type)));
        return Expression.Lambda<Func<object[], double>>(call, args).Compile();
    }
}
