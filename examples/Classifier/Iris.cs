using System.Globalization;

/// <summary>Fisher's Iris measurements from iris.csv, split into training and test rows per species and
/// standardized with the training rows' means and standard deviations.</summary>
public sealed record Iris(double[,] TrainX, int[] TrainY, double[,] TestX, int[] TestY, string[] Species)
{
    /// <summary>Reads the CSV (header, four measurements in cm, species name) and puts <paramref name="testPerSpecies"/>
    /// rows of each species, chosen by a seeded shuffle, into the test set.</summary>
    public static Iris Load(string path, int testPerSpecies, int seed)
    {
        var rows = File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray();
        var species = rows.Select(r => r[4]).Distinct().ToArray();
        var random = new Random(seed);
        var train = new List<string[]>();
        var test = new List<string[]>();
        foreach (var name in species)
        {
            var ofSpecies = rows.Where(r => r[4] == name).ToArray();
            random.Shuffle(ofSpecies);
            test.AddRange(ofSpecies.Take(testPerSpecies));
            train.AddRange(ofSpecies.Skip(testPerSpecies));
        }
        double[,] Features(List<string[]> set)
        {
            var m = new double[set.Count, 4];
            for (int i = 0; i < set.Count; i++)
                for (int j = 0; j < 4; j++) m[i, j] = double.Parse(set[i][j], CultureInfo.InvariantCulture);
            return m;
        }
        int[] Labels(List<string[]> set) => [.. set.Select(r => Array.IndexOf(species, r[4]))];
        var (trainX, testX) = (Features(train), Features(test));
        for (int j = 0; j < 4; j++)
        {
            var column = Enumerable.Range(0, train.Count).Select(i => trainX[i, j]).ToArray();
            double mean = column.Average(), sd = Math.Sqrt(column.Select(v => (v - mean) * (v - mean)).Average());
            foreach (var m in new[] { trainX, testX })
                for (int i = 0; i < m.GetLength(0); i++) m[i, j] = (m[i, j] - mean) / sd;
        }
        return new Iris(trainX, Labels(train), testX, Labels(test), species);
    }
}
