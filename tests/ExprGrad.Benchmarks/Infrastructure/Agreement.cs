namespace ExprGrad.Benchmarks;

/// <summary>
/// Every benchmark class checks its contenders against each other before anything is timed: a fast wrong
/// gradient must fail the run, not win it.
/// </summary>
internal static class Agreement
{
    /// <summary>Relative tolerance: different but equally valid summation orders stay far inside it.</summary>
    public const double Tolerance = 1e-9;

    public static void Require(double expected, double actual, string what) =>
        Require([expected], [actual], what);

    /// <summary>Components are compared relative to the largest one, so a component that cancels to
    /// nearly zero in one order and exactly zero in another does not fail spuriously.</summary>
    public static void Require(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, string what)
    {
        if (expected.Length != actual.Length)
            throw new InvalidOperationException($"{what}: length {actual.Length}, expected {expected.Length}.");
        double scale = 0;
        foreach (var e in expected) scale = Math.Max(scale, Math.Abs(e));
        if (scale == 0) scale = 1;
        for (int i = 0; i < expected.Length; i++)
        {
            var error = Math.Abs(expected[i] - actual[i]);
            if (!(error <= Tolerance * scale))
                throw new InvalidOperationException(
                    $"{what}[{i}] = {actual[i]:R}, expected {expected[i]:R} (relative error {error / scale:E2}).");
        }
    }

    public static void Require(double[,] expected, double[,] actual, string what)
    {
        if (expected.GetLength(0) != actual.GetLength(0) || expected.GetLength(1) != actual.GetLength(1))
            throw new InvalidOperationException($"{what}: shape differs.");
        Require(Flat(expected), Flat(actual), what);
    }

    private static double[] Flat(double[,] m) => [.. m.Cast<double>()];
}
