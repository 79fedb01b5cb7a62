namespace ExprGrad.Benchmarks;

/// <summary>Seeded inputs, so every run times the same numbers.</summary>
internal static class RandomData
{
    public static double[] Vector(int n, int seed, double scale = 1.0)
    {
        var random = new Random(seed);
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = scale * (2 * random.NextDouble() - 1);
        return v;
    }

    public static double[,] Matrix(int rows, int columns, int seed, double scale = 1.0)
    {
        var random = new Random(seed);
        var m = new double[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                m[i, j] = scale * (2 * random.NextDouble() - 1);
        return m;
    }
}
