namespace MonteCarloGreeks;

/// <summary>Standard normal increments, generated once from a fixed seed and shared by every method, so the
/// methods differ only in how they differentiate, never in the sample.</summary>
public static class Normals
{
    /// <summary>A paths × steps matrix of independent N(0, 1) draws by Box–Muller over
    /// <see cref="Random"/>(<paramref name="seed"/>), filled row by row, two draws per pair of uniforms.</summary>
    public static double[,] Generate(int paths, int steps, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(paths);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        var random = new Random(seed);
        var z = new double[paths, steps];
        double spare = 0;
        bool haveSpare = false;
        for (int p = 0; p < paths; p++)
            for (int t = 0; t < steps; t++)
            {
                if (haveSpare) { z[p, t] = spare; haveSpare = false; continue; }
                // 1 − U lies in (0, 1], so the logarithm is finite.
                double radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
                double angle = 2 * Math.PI * random.NextDouble();
                z[p, t] = radius * Math.Cos(angle);
                spare = radius * Math.Sin(angle);
                haveSpare = true;
            }
        return z;
    }
}
