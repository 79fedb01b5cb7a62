using System.Linq.Expressions;

namespace ExprGrad.Tests.Loops;

/// <summary>
/// The checks every loop optimization's tests make (issue 13, after issue 10's zero gradients from a fused
/// final sum): a gradient equals numbers derived by hand through <c>Grad.Of</c>, <c>ValueAndGradient</c> and
/// <c>ValueAndGradientInto</c> (into buffers holding stale values), with the optimization on and off, and each
/// delegate gives the same answer when called again (scratch buffers are reused between calls).
/// </summary>
internal static class LoopGradientAssert
{
    /// <param name="f">The function of one vector.</param>
    /// <param name="w">The point.</param>
    /// <param name="value">f(w), derived by hand.</param>
    /// <param name="expected">∇f(w), derived by hand.</param>
    /// <param name="off">The options with the optimization under test switched off.</param>
    /// <param name="tolerance">Relative (to max(1, |expected|)) tolerance: the hand derivation rounds differently.</param>
    public static void Everywhere(Expression<Func<double[], double>> f, double[] w, double value, double[] expected,
        GradientOptions off, double tolerance = 1e-12)
    {
        foreach (var options in new[] { GradientOptions.Default, off })
        {
            var of = Grad.Of(f, options);
            var withValue = Grad.ValueAndGradient(f, options);
            var into = Grad.ValueAndGradientInto(f, options);
            for (int call = 0; call < 2; call++)
            {
                var label = $"{(options == off ? "off" : "on")}, call {call + 1}";
                Close(expected, of((double[])w.Clone()), $"Grad.Of ({label})", tolerance);
                var (v, g) = withValue((double[])w.Clone());
                Close([value], [v], $"ValueAndGradient value ({label})", tolerance);
                Close(expected, g, $"ValueAndGradient ({label})", tolerance);
                var buffer = Enumerable.Repeat(123.0, w.Length).ToArray();
                Close([value], [into((double[])w.Clone(), buffer)], $"ValueAndGradientInto value ({label})", tolerance);
                Close(expected, buffer, $"ValueAndGradientInto ({label})", tolerance);
            }
        }
    }

    /// <summary>How many loops the value-and-gradient program has, counted in its printed code.</summary>
    public static int Loops(LambdaExpression f, GradientOptions? options = null)
    {
        var code = GradientCode.ToCSharp(Grad.ValueAndGradientExpression(f, options));
        return code.Split("for (").Length - 1;
    }

    private static void Close(double[] expected, double[] actual, string what, double tolerance)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} components, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"{what}[{i}]: {actual[i]:R}, expected {expected[i]:R}");
    }
}
