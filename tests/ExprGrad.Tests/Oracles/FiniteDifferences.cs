using System.Globalization;

namespace ExprGrad.Tests.Oracles;

/// <summary>
/// Numerical gradients by central differences: the oracle that knows nothing about derivative rules,
/// only function values. The step is scaled per coordinate so large inputs are not perturbed below
/// their own rounding error.
/// </summary>
public static class FiniteDifferences
{
    /// <summary>
    /// The step of <see cref="Gradient(Func{double[], double}, double[])"/> at coordinate value x.
    /// Richardson extrapolation removes the h² error term, leaving ≈ h⁴·f⁽⁵⁾/480, which matters for
    /// fast oscillations such as sin(u³) (a step of 1e-3 was off by 1e-4 relative there); the rounding
    /// error ≈ ε·|f|/h stays near 1e-12·|f|.
    /// </summary>
    public static double Step(double x) => 1e-4 * Math.Max(1, Math.Abs(x));

    /// <summary>
    /// How far from a kink a coordinate must be for <see cref="Gradient(Func{double[], double}, double[])"/>
    /// to be trusted: the evaluations reach one <see cref="Step"/> away, and a margin of ten steps
    /// absorbs the curvature of the switching quantity, which kink distances estimate only to first order.
    /// </summary>
    public static double KinkClearance(double x) => 10 * Step(x);

    /// <summary>
    /// Richardson-extrapolated central differences, (4·D(h/2) − D(h))/3 with D(h) = (f(x+h) − f(x−h))/2h:
    /// truncation error O(h⁴).
    /// </summary>
    public static double[] Gradient(Func<double[], double> f, double[] x) =>
        Partials(x, (i, probe) =>
        {
            double h = Step(x[i]);
            double d1 = (probe(x[i] + h) - probe(x[i] - h)) / (2 * h);
            double d2 = (probe(x[i] + h / 2) - probe(x[i] - h / 2)) / h;
            return (4 * d2 - d1) / 3;
        }, f);

    /// <summary>Plain central differences with h = 1e-6·max(1, |x|): truncation error O(h²), no extrapolation.</summary>
    public static double[] Central(Func<double[], double> f, double[] x) =>
        Partials(x, (i, probe) =>
        {
            double h = 1e-6 * Math.Max(1, Math.Abs(x[i]));
            return (probe(x[i] + h) - probe(x[i] - h)) / (2 * h);
        }, f);

    /// <summary>The extrapolated gradient of a delegate over n <c>double</c> parameters, such as a compiled
    /// <c>Func&lt;double, double, double&gt;</c>; the point lists the arguments in order.</summary>
    public static double[] Gradient(Delegate scalarFunction, double[] x) => Gradient(OverArray(scalarFunction), x);

    /// <summary>Adapts a delegate over n <c>double</c> parameters to one over a <c>double[]</c> of length n;
    /// a <c>Func&lt;double[], double&gt;</c> is returned as it is.</summary>
    public static Func<double[], double> OverArray(Delegate scalarFunction)
    {
        ArgumentNullException.ThrowIfNull(scalarFunction);
        if (scalarFunction is Func<double[], double> overArray) return overArray;
        var invoke = scalarFunction.GetType().GetMethod("Invoke")!;
        if (invoke.ReturnType != typeof(double) || invoke.GetParameters().Any(p => p.ParameterType != typeof(double)))
            throw new ArgumentException("Expected a delegate over double parameters returning double.", nameof(scalarFunction));
        return args => (double)scalarFunction.DynamicInvoke([.. args.Cast<object>()])!;
    }

    private static double[] Partials(double[] x, Func<int, Func<double, double>, double> partial, Func<double[], double> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var g = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int k = i;
            g[i] = partial(k, t =>
            {
                var moved = (double[])x.Clone();
                moved[k] = t;
                return f(moved);
            });
        }
        return g;
    }

    /// <summary>True when |a − b| ≤ absTol + relTol·max(|a|, |b|); two NaNs or two equal infinities agree.</summary>
    public static bool Close(double a, double b, double relTol, double absTol) =>
        a.Equals(b) || Math.Abs(a - b) <= absTol + relTol * Math.Max(Math.Abs(a), Math.Abs(b));

    /// <summary>
    /// Asserts that two gradients agree coordinate by coordinate within absTol + relTol·max(|a|, |b|).
    /// The failure message names the context (the expression and point), the first bad coordinate and
    /// both whole vectors.
    /// </summary>
    public static void AssertClose(double[] expected, double[] actual, double relTol, double absTol, string context)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (expected.Length != actual.Length)
            Assert.Fail($"{context}\n  lengths differ: expected {expected.Length}, actual {actual.Length}\n  expected {Show(expected)}\n  actual   {Show(actual)}");
        for (int i = 0; i < expected.Length; i++)
        {
            if (!Close(expected[i], actual[i], relTol, absTol))
                Assert.Fail($"{context}\n  coordinate {i}: expected {expected[i].ToString("R", CultureInfo.InvariantCulture)}, " +
                            $"actual {actual[i].ToString("R", CultureInfo.InvariantCulture)} (relTol {relTol}, absTol {absTol})\n" +
                            $"  expected {Show(expected)}\n  actual   {Show(actual)}");
        }
    }

    /// <summary>A vector as text that round-trips, for failure messages.</summary>
    public static string Show(double[] v) =>
        "[" + string.Join(", ", v.Select(d => d.ToString("R", CultureInfo.InvariantCulture))) + "]";
}
