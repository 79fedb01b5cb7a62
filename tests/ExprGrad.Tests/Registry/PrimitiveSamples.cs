namespace ExprGrad.Tests.Registry;

/// <summary>
/// Arguments of matching shapes for every tensor primitive in the registry, keyed like
/// <see cref="RegistryTests.KeyName"/>. Values keep clear of each primitive's kinks and poles (Log and
/// division by values in [0.5, 2], Relu's inputs at least 0.1 from 0). A primitive registered without an
/// entry here fails <see cref="RegistryTests.EveryRegisteredPrimitiveHasASample"/>: it cannot land untested.
/// </summary>
public static class PrimitiveSamples
{
    public static readonly IReadOnlyDictionary<string, Func<Random, object[]>> ByKey = Build();

    private static Dictionary<string, Func<Random, object[]>> Build()
    {
        var samples = new Dictionary<string, Func<Random, object[]>>();
        void Add(string key, Func<Random, int, int, int, object[]> make) =>
            samples.Add(key, r => make(r, r.Next(1, 5), r.Next(1, 5), r.Next(1, 5)));

        Add("Ops.MatMul(double[,],double[,])", (r, m, k, n) => [M(r, m, k), M(r, k, n)]);
        Add("Ops.MatMul(double[,],double[])", (r, m, k, n) => [M(r, m, k), V(r, k)]);
        Add("Ops.Transpose(double[,])", (r, m, k, n) => [M(r, m, k)]);
        Add("Ops.AddRow(double[,],double[])", (r, m, k, n) => [M(r, m, k), V(r, k)]);
        foreach (var op in new[] { "Add", "Subtract", "Multiply", "Dot" })
        {
            Add($"Ops.{op}(double[,],double[,])", (r, m, k, n) => [M(r, m, k), M(r, m, k)]);
            Add($"Ops.{op}(double[],double[])", (r, m, k, n) => [V(r, m), V(r, m)]);
        }
        Add("Ops.Scale(double,double[,])", (r, m, k, n) => [S(r), M(r, m, k)]);
        Add("Ops.Scale(double,double[])", (r, m, k, n) => [S(r), V(r, m)]);
        foreach (var op in new[] { "Sigmoid", "Tanh", "Exp", "Sum", "SumOfSquares" })
        {
            Add($"Ops.{op}(double[,])", (r, m, k, n) => [M(r, m, k)]);
            Add($"Ops.{op}(double[])", (r, m, k, n) => [V(r, m)]);
        }
        Add("Ops.Relu(double[,])", (r, m, k, n) => [M(r, m, k, AwayFromZero)]);
        Add("Ops.Relu(double[])", (r, m, k, n) => [V(r, m, AwayFromZero)]);
        Add("Ops.Log(double[,])", (r, m, k, n) => [M(r, m, k, Positive)]);
        Add("Ops.Log(double[])", (r, m, k, n) => [V(r, m, Positive)]);
        // Shapes: a slice of length k − 1 ≥ 0 starting anywhere it fits in a vector of length m + k − 1.
        Add("Ops.Slice(double[],int,int)", (r, m, k, n) => [V(r, m + k - 1), r.Next(m), k - 1]);
        Add("Ops.Concat(double[],double[])", (r, m, k, n) => [V(r, m), V(r, k)]);
        Add("Ops.Flatten(double[,])", (r, m, k, n) => [M(r, m, k)]);
        Add("Ops.Reshape(double[],int,int)", (r, m, k, n) => [V(r, m * k), m, k]);

        foreach (var op in new[] { "Square", "Softplus", "Gelu" })
        {
            Add($"Ops.{op}(double[,])", (r, m, k, n) => [M(r, m, k)]);
            Add($"Ops.{op}(double[])", (r, m, k, n) => [V(r, m)]);
        }
        Add("Ops.Sqrt(double[,])", (r, m, k, n) => [M(r, m, k, Positive)]);
        Add("Ops.Sqrt(double[])", (r, m, k, n) => [V(r, m, Positive)]);
        Add("Ops.Abs(double[,])", (r, m, k, n) => [M(r, m, k, AwayFromZero)]);
        Add("Ops.Abs(double[])", (r, m, k, n) => [V(r, m, AwayFromZero)]);
        Add("Ops.LeakyRelu(double[,],double)", (r, m, k, n) => [M(r, m, k, AwayFromZero), S(r)]);
        Add("Ops.LeakyRelu(double[],double)", (r, m, k, n) => [V(r, m, AwayFromZero), S(r)]);
        Add("Ops.Pow(double[,],double)", (r, m, k, n) => [M(r, m, k, Positive), S(r)]);
        Add("Ops.Pow(double[],double)", (r, m, k, n) => [V(r, m, Positive), S(r)]);
        foreach (var op in new[] { "Erf", "Erfc", "NormalCdf", "LogNormalCdf", "Log1pExp", "InvLogit" })
        {
            Add($"Ops.{op}(double[,])", (r, m, k, n) => [M(r, m, k)]);
            Add($"Ops.{op}(double[])", (r, m, k, n) => [V(r, m)]);
        }
        foreach (var op in new[] { "LogGamma", "Digamma", "Trigamma" })
        {
            Add($"Ops.{op}(double[,])", (r, m, k, n) => [M(r, m, k, Positive)]);
            Add($"Ops.{op}(double[])", (r, m, k, n) => [V(r, m, Positive)]);
        }
        Add("Ops.LogBeta(double[,],double[,])", (r, m, k, n) => [M(r, m, k, Positive), M(r, m, k, Positive)]);
        Add("Ops.LogBeta(double[],double[])", (r, m, k, n) => [V(r, m, Positive), V(r, m, Positive)]);
        Add("Ops.DigammaDifference(double[,],double[,])", (r, m, k, n) => [M(r, m, k, Positive), M(r, m, k, Positive)]);
        Add("Ops.DigammaDifference(double[],double[])", (r, m, k, n) => [V(r, m, Positive), V(r, m, Positive)]);
        Add("Ops.LogSumExp(double[,],double[,])", (r, m, k, n) => [M(r, m, k), M(r, m, k)]);
        Add("Ops.LogSumExp(double[],double[])", (r, m, k, n) => [V(r, m), V(r, m)]);
        Add("Ops.Logit(double[,])", (r, m, k, n) => [M(r, m, k, Probability)]);
        Add("Ops.Logit(double[])", (r, m, k, n) => [V(r, m, Probability)]);
        Add("Ops.Log1mExp(double[,])", (r, m, k, n) => [M(r, m, k, Negative)]);
        Add("Ops.Log1mExp(double[])", (r, m, k, n) => [V(r, m, Negative)]);
        Add("Ops.StopGradient(double[,])", (r, m, k, n) => [M(r, m, k)]);
        Add("Ops.StopGradient(double[])", (r, m, k, n) => [V(r, m)]);
        // Reductions. Max, Min and MaxRows get well-separated values, so no tie (a kink) lies within the differences' step.
        Add("Ops.Mean(double[,])", (r, m, k, n) => [M(r, m, k)]);
        Add("Ops.Mean(double[])", (r, m, k, n) => [V(r, m)]);
        foreach (var op in new[] { "Max", "Min" })
        {
            Add($"Ops.{op}(double[,])", (r, m, k, n) => [Separated(r, m, k)]);
            Add($"Ops.{op}(double[])", (r, m, k, n) => [Separated(r, 1, m).Cast<double>().ToArray()]);
            Add($"Kernels.{op}Backward(double,double[,])", (r, m, k, n) => [S(r), Separated(r, m, k)]);
            Add($"Kernels.{op}Backward(double,double[])", (r, m, k, n) => [S(r), Separated(r, 1, m).Cast<double>().ToArray()]);
        }
        Add("Ops.SumRows(double[,])", (r, m, k, n) => [M(r, m, k)]);
        Add("Ops.MeanRows(double[,])", (r, m, k, n) => [M(r, m, k)]);
        Add("Ops.MaxRows(double[,])", (r, m, k, n) => [Separated(r, m, k)]);
        Add("Ops.SumColumns(double[,])", (r, m, k, n) => [M(r, m, k)]);
        Add("Kernels.RepeatColumn(double[],double[,])", (r, m, k, n) => [V(r, m), M(r, m, k)]);
        Add("Kernels.RepeatRow(double[],double[,])", (r, m, k, n) => [V(r, k), M(r, m, k)]);
        Add("Kernels.MaxRowsBackward(double[],double[,])", (r, m, k, n) => [V(r, m), Separated(r, m, k)]);
        // Broadcasting and shape.
        Add("Ops.Add(double[,],double)", (r, m, k, n) => [M(r, m, k), S(r)]);
        Add("Ops.Add(double[],double)", (r, m, k, n) => [V(r, m), S(r)]);
        Add("Ops.AddColumn(double[,],double[])", (r, m, k, n) => [M(r, m, k), V(r, m)]);
        Add("Ops.ScaleRows(double[,],double[])", (r, m, k, n) => [M(r, m, k), V(r, m)]);
        Add("Ops.Row(double[,],int)", (r, m, k, n) => [M(r, m, k), r.Next(m)]);
        Add("Ops.Column(double[,],int)", (r, m, k, n) => [M(r, m, k), r.Next(k)]);
        Add("Kernels.RowBackward(double[,],double[],int)", (r, m, k, n) => [M(r, m, k), V(r, k), r.Next(m)]);
        Add("Kernels.ColumnBackward(double[,],double[],int)", (r, m, k, n) => [M(r, m, k), V(r, m), r.Next(k)]);
        // Softmax and the losses; labels are data (a class per row).
        foreach (var op in new[] { "LogSumExp", "Softmax", "LogSoftmax" })
        {
            Add($"Ops.{op}(double[,])", (r, m, k, n) => [M(r, m, k)]);
            Add($"Ops.{op}(double[])", (r, m, k, n) => [V(r, m)]);
        }
        Add("Ops.CrossEntropy(double[,],Int32[])", (r, m, k, n) => [M(r, m, k), Labels(r, m, k)]);
        Add("Ops.BinaryCrossEntropyWithLogits(double[],double[])", (r, m, k, n) => [V(r, m), V(r, m, r => r.NextDouble())]);
        foreach (var op in new[] { "SoftmaxBackward", "LogSoftmaxBackward" })
        {
            Add($"Kernels.{op}(double[,],double[,])", (r, m, k, n) => [M(r, m, k), M(r, m, k)]);
            Add($"Kernels.{op}(double[],double[])", (r, m, k, n) => [V(r, m), V(r, m)]);
        }
        Add("Kernels.CrossEntropyBackward(double[,],Int32[],double)", (r, m, k, n) => [M(r, m, k), Labels(r, m, k), S(r)]);
        // A partial that depends on both y and x, so the kernel's tangent is exercised in both.
        var partial = new ElementwisePartial("test", (y, x) => y * Math.Sin(x) + x * x, unbounded: false);
        Add("Kernels.PartialBackward(double[,],double[,],double[,],ElementwisePartial)", (r, m, k, n) => [M(r, m, k), M(r, m, k), M(r, m, k), partial]);
        Add("Kernels.PartialBackward(double[],double[],double[],ElementwisePartial)", (r, m, k, n) => [V(r, m), V(r, m), V(r, m), partial]);

        // A parametric partial that depends on y, x and s, so the kernel's tangent is exercised in all three.
        var parametric = new ParametricPartial("test", (y, x, s) => y * Math.Sin(x) + x * s * s, unbounded: false);
        Add("Kernels.ParametricBackward(double[,],double[,],double[,],double,ParametricPartial)", (r, m, k, n) => [M(r, m, k), M(r, m, k), M(r, m, k), S(r), parametric]);
        Add("Kernels.ParametricBackward(double[],double[],double[],double,ParametricPartial)", (r, m, k, n) => [V(r, m), V(r, m), V(r, m), S(r), parametric]);

        Add("Kernels.MatMulTransposeA(double[,],double[,])", (r, m, k, n) => [M(r, m, k), M(r, m, n)]);
        Add("Kernels.MatMulTransposeA(double[,],double[])", (r, m, k, n) => [M(r, m, k), V(r, m)]);
        Add("Kernels.MatMulTransposeB(double[,],double[,])", (r, m, k, n) => [M(r, m, n), M(r, k, n)]);
        Add("Kernels.Outer(double[],double[])", (r, m, k, n) => [V(r, m), V(r, k)]);
        Add("Kernels.Fill(double[,],double)", (r, m, k, n) => [M(r, m, k), S(r)]);
        Add("Kernels.Fill(double[],double)", (r, m, k, n) => [V(r, m), S(r)]);
        Add("Kernels.Fill(int,double)", (r, m, k, n) => [m, S(r)]);
        Add("Kernels.Fill(int,int,double)", (r, m, k, n) => [m, k, S(r)]);
        foreach (var op in new[] { "Negate", "Clone" })
        {
            Add($"Kernels.{op}(double[,])", (r, m, k, n) => [M(r, m, k)]);
            Add($"Kernels.{op}(double[])", (r, m, k, n) => [V(r, m)]);
        }
        foreach (var op in new[] { "SigmoidBackward", "TanhBackward" })
        {
            Add($"Kernels.{op}(double[,],double[,])", (r, m, k, n) => [M(r, m, k), M(r, m, k)]);
            Add($"Kernels.{op}(double[],double[])", (r, m, k, n) => [V(r, m), V(r, m)]);
        }
        Add("Kernels.ReluBackward(double[,],double[,])", (r, m, k, n) => [M(r, m, k), M(r, m, k, AwayFromZero)]);
        Add("Kernels.ReluBackward(double[],double[])", (r, m, k, n) => [V(r, m), V(r, m, AwayFromZero)]);
        Add("Kernels.Divide(double[,],double[,])", (r, m, k, n) => [M(r, m, k), M(r, m, k, Positive)]);
        Add("Kernels.Divide(double[],double[])", (r, m, k, n) => [V(r, m), V(r, m, Positive)]);
        Add("Kernels.SliceBackward(double[],double[],int)", (r, m, k, n) => [V(r, m + k - 1), V(r, k - 1), r.Next(m)]);
        Add("Kernels.Head(double[],double[])", (r, m, k, n) => [V(r, m + k), V(r, m)]);
        Add("Kernels.Tail(double[],double[])", (r, m, k, n) => [V(r, m + k), V(r, k)]);
        Add("Kernels.ReshapeLike(double[],double[,])", (r, m, k, n) => [V(r, m * k), M(r, m, k)]);

        // Linear algebra at random well-conditioned matrices: A = R + nI, triangles with diagonals in [1, 2],
        // SPD = RRᵀ + nI; a triangular solve's other triangle and a symmetric op's asymmetry are random (and ignored).
        Add("Ops.Trace(double[,])", (r, m, k, n) => [M(r, m, k)]);
        Add("Ops.Diagonal(double[,])", (r, m, k, n) => [M(r, m, k)]);
        Add("Ops.Inverse(double[,])", (r, m, k, n) => [WellConditioned(r, m)]);
        Add("Ops.Solve(double[,],double[,])", (r, m, k, n) => [WellConditioned(r, m), M(r, m, k)]);
        Add("Ops.Solve(double[,],double[])", (r, m, k, n) => [WellConditioned(r, m), V(r, m)]);
        foreach (var op in new[] { "SolveLower", "SolveUpper" })
        {
            Add($"Ops.{op}(double[,],double[,])", (r, m, k, n) => [Triangular(r, m), M(r, m, k)]);
            Add($"Ops.{op}(double[,],double[])", (r, m, k, n) => [Triangular(r, m), V(r, m)]);
        }
        Add("Ops.Cholesky(double[,])", (r, m, k, n) => [PositiveDefinite(r, m)]);
        Add("Ops.LogDeterminant(double[,])", (r, m, k, n) => [PositiveDefinite(r, m)]);
        Add("Kernels.ScaledIdentity(double,double[,])", (r, m, k, n) => [S(r), M(r, m, k)]);
        Add("Kernels.DiagonalMatrix(double[],double[,])", (r, m, k, n) => [V(r, Math.Min(m, k)), M(r, m, k)]);
        foreach (var op in new[] { "LowerTriangle", "UpperTriangle", "LowerHalfDiagonal" })
            Add($"Kernels.{op}(double[,])", (r, m, k, n) => [M(r, m, k)]);
        Add("Kernels.Symmetric(double[,])", (r, m, k, n) => [M(r, m, m)]);

        Add("ArrayValues.With(double[],int,double)", (r, m, k, n) => [V(r, m), r.Next(m), S(r)]);
        Add("ArrayValues.With(double[,],int,int,double)", (r, m, k, n) => [M(r, m, k), r.Next(m), r.Next(k), S(r)]);
        Add("ArrayValues.Without(double[],int)", (r, m, k, n) => [V(r, m), r.Next(m)]);
        Add("ArrayValues.Without(double[,],int,int)", (r, m, k, n) => [M(r, m, k), r.Next(m), r.Next(k)]);
        return samples;
    }

    private static double Any(Random r) => r.NextDouble() * 4 - 2;

    private static double Positive(Random r) => 0.5 + r.NextDouble() * 1.5;

    private static double[,] WellConditioned(Random r, int n)
    {
        var a = M(r, n, n);
        for (int i = 0; i < n; i++) a[i, i] += n + 1;
        return a;
    }

    private static double[,] Triangular(Random r, int n)
    {
        var a = M(r, n, n);
        for (int i = 0; i < n; i++) a[i, i] = 1 + r.NextDouble();
        return a;
    }

    private static double[,] PositiveDefinite(Random r, int n)
    {
        var b = M(r, n, n);
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                for (int k = 0; k < n; k++) a[i, j] += b[i, k] * b[j, k];
                if (i == j) a[i, j] += n;
            }
        return a;
    }

    private static double Negative(Random r) => -Positive(r);

    private static double Probability(Random r) => 0.1 + 0.8 * r.NextDouble();

    private static double AwayFromZero(Random r) => (r.Next(2) == 0 ? -1 : 1) * (0.1 + r.NextDouble() * 1.9);

    private static double S(Random r) => Any(r);

    private static int[] Labels(Random r, int rows, int classes) => [.. Enumerable.Range(0, rows).Select(_ => r.Next(classes))];

    /// <summary>A rows×cols matrix of distinct values at least 0.2 apart, in random places.</summary>
    private static double[,] Separated(Random r, int rows, int cols)
    {
        var values = Enumerable.Range(0, rows * cols).Select(i => -2 + 0.3 * i + 0.1 * r.NextDouble()).OrderBy(_ => r.Next()).ToArray();
        var m = new double[rows, cols];
        for (int i = 0; i < values.Length; i++) m[i / cols, i % cols] = values[i];
        return m;
    }

    private static double[] V(Random r, int n, Func<Random, double>? value = null) =>
        [.. Enumerable.Range(0, n).Select(_ => (value ?? Any)(r))];

    private static double[,] M(Random r, int rows, int cols, Func<Random, double>? value = null)
    {
        var m = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) m[i, j] = (value ?? Any)(r);
        return m;
    }
}
