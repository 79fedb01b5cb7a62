namespace ExprGrad.Tests.Kernels;

/// <summary>The obvious loops the kernels are checked against, and NaN-aware comparisons.</summary>
public static class Naive
{
    public static double[,] MatMul(double[,] a, double[,] b)
    {
        int m = a.GetLength(0), k = a.GetLength(1), n = b.GetLength(1);
        var c = new double[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[i, p] * b[p, j];
                c[i, j] = s;
            }
        return c;
    }

    public static double[,] Transpose(double[,] a)
    {
        var t = new double[a.GetLength(1), a.GetLength(0)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++)
                t[j, i] = a[i, j];
        return t;
    }

    public static double[,] Map(double[,] a, Func<double, double> f)
    {
        var c = new double[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++)
                c[i, j] = f(a[i, j]);
        return c;
    }

    public static double[,] Zip(double[,] a, double[,] b, Func<double, double, double> f)
    {
        var c = new double[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++)
                c[i, j] = f(a[i, j], b[i, j]);
        return c;
    }

    public static double[] Map(double[] a, Func<double, double> f) => a.Select(f).ToArray();

    public static double[] Zip(double[] a, double[] b, Func<double, double, double> f) =>
        a.Zip(b, f).ToArray();

    public static double[] Flat(double[,] a) => a.Cast<double>().ToArray();

    public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    public static double Relu(double x) => x > 0 ? x : double.IsNaN(x) ? x : 0.0;

    public static string Shape(double[,] a) => $"{a.GetLength(0)}×{a.GetLength(1)}";

    public static string Show(double[,] a) =>
        "[" + string.Join("; ", Enumerable.Range(0, a.GetLength(0))
            .Select(i => string.Join(", ", Enumerable.Range(0, a.GetLength(1)).Select(j => a[i, j])))) + "]";

    /// <summary>Equal, or both NaN, or within <paramref name="relative"/> of the larger magnitude
    /// (infinities must match exactly).</summary>
    public static bool Close(double expected, double actual, double relative)
    {
        if (expected.Equals(actual) || expected == actual) return true;
        if (double.IsNaN(expected) || double.IsNaN(actual) || double.IsInfinity(expected) || double.IsInfinity(actual))
            return false;
        return Math.Abs(expected - actual) <= relative * Math.Max(Math.Abs(expected), Math.Abs(actual));
    }

    public static void AssertClose(double expected, double actual, double relative = 0)
    {
        if (!Close(expected, actual, relative))
            Assert.Fail($"expected {expected:R}, got {actual:R} (relative tolerance {relative})");
    }

    public static void AssertClose(double[] expected, double[] actual, double relative = 0)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (!Close(expected[i], actual[i], relative))
                Assert.Fail($"at [{i}]: expected {expected[i]:R}, got {actual[i]:R} (relative tolerance {relative})");
    }

    public static void AssertClose(double[,] expected, double[,] actual, double relative = 0)
    {
        Assert.Equal(Shape(expected), Shape(actual));
        for (int i = 0; i < expected.GetLength(0); i++)
            for (int j = 0; j < expected.GetLength(1); j++)
                if (!Close(expected[i, j], actual[i, j], relative))
                    Assert.Fail($"at [{i}, {j}] of {Shape(expected)}: expected {expected[i, j]:R}, got {actual[i, j]:R} (relative tolerance {relative})");
    }
}
