using System.Linq.Expressions;
using FsCheck;
using FsCheck.Fluent;

namespace ExprGrad.Testing;

/// <summary>
/// FsCheck properties stating "ExprGrad's gradient matches central differences" over the user's own
/// generators. A failing case is labelled with the full <see cref="GradientCheckReport"/>.
/// </summary>
/// <example><code>
/// GradProperties.MatchesFiniteDifferences((Expression&lt;Func&lt;double[], double&gt;&gt;)(w =&gt; w[0] * Math.Sin(w[1])),
///     GradGen.Vector(2, -3, 3)).QuickCheckThrowOnFailure();
/// </code></example>
public static class GradProperties
{
    /// <summary>The property for a function of one parameter.</summary>
    /// <param name="f">The function.</param>
    /// <param name="points">Generator of the points to check at.</param>
    /// <param name="options">Tolerances and directions; the defaults of <see cref="GradientCheckOptions"/> when null.</param>
    public static Property MatchesFiniteDifferences<T1>(Expression<Func<T1, double>> f, Gen<T1> points, GradientCheckOptions? options = null)
        where T1 : notnull =>
        Check(f, points.Select(p => new object[] { p }), options);

    /// <summary>The property for a function of two parameters.</summary>
    /// <param name="f">The function.</param>
    /// <param name="points">Generator of the points to check at.</param>
    /// <param name="options">Tolerances and directions; the defaults of <see cref="GradientCheckOptions"/> when null.</param>
    public static Property MatchesFiniteDifferences<T1, T2>(Expression<Func<T1, T2, double>> f, Gen<(T1, T2)> points, GradientCheckOptions? options = null)
        where T1 : notnull where T2 : notnull =>
        Check(f, points.Select(p => new object[] { p.Item1, p.Item2 }), options);

    /// <summary>The property for a function of three parameters.</summary>
    /// <param name="f">The function.</param>
    /// <param name="points">Generator of the points to check at.</param>
    /// <param name="options">Tolerances and directions; the defaults of <see cref="GradientCheckOptions"/> when null.</param>
    public static Property MatchesFiniteDifferences<T1, T2, T3>(Expression<Func<T1, T2, T3, double>> f, Gen<(T1, T2, T3)> points,
        GradientCheckOptions? options = null)
        where T1 : notnull where T2 : notnull where T3 : notnull =>
        Check(f, points.Select(p => new object[] { p.Item1, p.Item2, p.Item3 }), options);

    /// <summary>The property for any lambda the engine takes, with points given as argument arrays.</summary>
    /// <param name="f">The function.</param>
    /// <param name="points">Generator of argument arrays (one double, double[] or double[,] per parameter).</param>
    /// <param name="options">Tolerances and directions; the defaults of <see cref="GradientCheckOptions"/> when null.</param>
    public static Property Check(LambdaExpression f, Gen<object[]> points, GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(points);
        var settings = options ?? GradientCheckOptions.Default;
        return Prop.ForAll(points.ToArbitrary(), point =>
        {
            var report = GradientCheck.Run(f, point, settings);
            return report.Passed.Label(report.ToString());
        });
    }
}
