namespace ExprGrad.Tests.Support;

/// <summary>Central differences with Richardson extrapolation: error O(h⁴), accurate to ~1e-9 relative
/// on smooth functions, so tolerances can stay tight.</summary>
public static class CentralDifferences
{
    public static double Derivative(Func<double, double> f, double x)
    {
        double h = 1e-3 * Math.Max(1, Math.Abs(x));
        double d1 = (f(x + h) - f(x - h)) / (2 * h);
        double d2 = (f(x + h / 2) - f(x - h / 2)) / h;
        return (4 * d2 - d1) / 3;
    }

    public static double[] Gradient(Func<double[], double> f, double[] x)
    {
        var g = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int k = i;
            g[i] = Derivative(t =>
            {
                var y = (double[])x.Clone();
                y[k] = t;
                return f(y);
            }, x[i]);
        }
        return g;
    }

    public static bool Close(double expected, double actual, double relTol = 1e-6, double absTol = 1e-7) =>
        Math.Abs(expected - actual) <= absTol + relTol * Math.Max(Math.Abs(expected), Math.Abs(actual));

    public static void AssertClose(double[] expected, double[] actual, string context, double relTol = 1e-6, double absTol = 1e-7)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Close(expected[i], actual[i], relTol, absTol),
                $"{context}: coordinate {i}: expected {expected[i]:R}, got {actual[i]:R}\n  expected [{string.Join(", ", expected)}]\n  actual   [{string.Join(", ", actual)}]");
    }
}
