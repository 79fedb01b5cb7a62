using FsCheck;
using FsCheck.Fluent;

namespace ExprGrad.Tests.Kernels;

/// <summary>Operands of a matrix product, a (m×k) and b (k×n).</summary>
public sealed record ProductCase(double[,] A, double[,] B)
{
    public override string ToString() => $"{Naive.Shape(A)} · {Naive.Shape(B)}\nA = {Naive.Show(A)}\nB = {Naive.Show(B)}";
}

/// <summary>Two matrices of one shape.</summary>
public sealed record MatrixPair(double[,] A, double[,] B)
{
    public override string ToString() => $"{Naive.Shape(A)}\nA = {Naive.Show(A)}\nB = {Naive.Show(B)}";
}

/// <summary>Two vectors of one length.</summary>
public sealed record VectorPair(double[] A, double[] B)
{
    public override string ToString() => $"[{string.Join(", ", A)}] / [{string.Join(", ", B)}]";
}

/// <summary>
/// Generators for the kernel properties. Product operands are small multiples of 1/64, so every
/// product and every partial sum is exact in double precision: any summation order, blocking or FMA
/// gives bit-identical results, and the kernels can be compared with the naive loops by equality.
/// Elementwise operands mix ordinary values with zeros, signed zeros, NaN and infinities.
/// </summary>
public static class KernelArbitraries
{
    /// <summary>Sizes that hit the edges of the 4-row and 2-vector tiles, plus arbitrary small ones.</summary>
    public static readonly Gen<int> Dim = Gen.Frequency(
        (3, Gen.Choose(1, 9)),
        (3, Gen.Elements(1, 2, 3, 4, 5, 7, 8, 9, 11, 12, 15, 16, 17, 31, 32, 33)),
        (1, Gen.Choose(10, 70)));

    public static readonly Gen<double> Dyadic = Gen.Choose(-512, 512).Select(k => k / 64.0);

    public static readonly Gen<double> Special = Gen.Elements(
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1e-310, -1e300, 800.0, -800.0);

    public static readonly Gen<double> Ordinary = Gen.Choose(-2_000_000, 2_000_000).Select(k => k / 100_000.0);

    public static readonly Gen<double> Mixed = Gen.Frequency((12, Ordinary), (1, Special));

    public static Arbitrary<ProductCase> Products() =>
        (from m in Dim
         from k in Dim
         from n in Dim
         from a in Gen.Array2DOf(Dyadic, m, k)
         from b in Gen.Array2DOf(Dyadic, k, n)
         select new ProductCase(a, b)).ToArbitrary();

    public static Arbitrary<MatrixPair> MatrixPairs() =>
        (from m in Dim
         from n in Dim
         from a in Gen.Array2DOf(Mixed, m, n)
         from b in Gen.Array2DOf(Mixed, m, n)
         select new MatrixPair(a, b)).ToArbitrary();

    public static Arbitrary<VectorPair> VectorPairs() =>
        (from n in Gen.Frequency((1, Gen.Constant(0)), (8, Dim), (2, Gen.Choose(70, 300)))
         from a in Gen.ArrayOf(Mixed, n)
         from b in Gen.ArrayOf(Mixed, n)
         select new VectorPair(a, b)).ToArbitrary();

    /// <summary>A deterministic matrix of dyadic values for the fixed-shape cases.</summary>
    public static double[,] DyadicMatrix(int rows, int cols, int seed)
    {
        var random = new Random(seed);
        var a = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                a[i, j] = random.Next(-512, 513) / 64.0;
        return a;
    }
}
