using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace ExprGrad.Runtime;

public static partial class Kernels
{
    // Rows of b kept hot while a pair of rows of g sweeps over them (≈128 KB, well inside L2).
    private const int DotBlockBytes = 1 << 17;

    /// <summary>aᵀ·g for an m×k <paramref name="a"/> and an m×n <paramref name="g"/>: the adjoint of B in
    /// C = A·B. Reads a column-wise through strides instead of materialising aᵀ.</summary>
    public static double[,] MatMulTransposeA(double[,] a, double[,] g) => MatMulTransposeA(a, g, default);

    /// <summary>aᵀ·g into <paramref name="destination"/>'s matrix.</summary>
    internal static double[,] MatMulTransposeA(double[,] a, double[,] g, Destination destination)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(g);
        if (a.GetLength(0) != g.GetLength(0))
            throw new ArgumentException(
                $"MatMulTransposeA: shapes {ShapeOf(a)} and {ShapeOf(g)} do not fit (row counts {a.GetLength(0)} and {g.GetLength(0)} differ).", nameof(g));
        int m = a.GetLength(0), k = a.GetLength(1), n = g.GetLength(1);
        var c = destination.ZeroedMatrix(k, n);
        Product(a, rowStride: 1, innerStride: k, g, c, k, m, n, destination.IsNew);
        return c;
    }

    /// <summary>g·bᵀ for an m×n <paramref name="g"/> and a k×n <paramref name="b"/>: the adjoint of A in
    /// C = A·B. Each element is a dot product of two contiguous rows, so no transpose is built.</summary>
    public static double[,] MatMulTransposeB(double[,] g, double[,] b) => MatMulTransposeB(g, b, default);

    /// <summary>g·bᵀ into <paramref name="destination"/>'s matrix; every element is written.</summary>
    internal static double[,] MatMulTransposeB(double[,] g, double[,] b, Destination destination) =>
        MatMulTransposeB(g, b, sigmoid: null, destination);

    /// <summary>g·bᵀ, then, when <paramref name="sigmoid"/> is given, each row times y∘(1−y) of that row of
    /// <paramref name="sigmoid"/> while it is in cache: <c>SigmoidBackward(MatMulTransposeB(g, b), y)</c> in one pass,
    /// the same operations per element.</summary>
    private static double[,] MatMulTransposeB(double[,] g, double[,] b, double[,]? sigmoid, Destination destination)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(b);
        if (g.GetLength(1) != b.GetLength(1))
            throw new ArgumentException(
                $"MatMulTransposeB: shapes {ShapeOf(g)} and {ShapeOf(b)} do not fit (column counts {g.GetLength(1)} and {b.GetLength(1)} differ).", nameof(b));
        int m = g.GetLength(0), n = g.GetLength(1), k = b.GetLength(0);
        if (sigmoid is not null && (sigmoid.GetLength(0) != m || sigmoid.GetLength(1) != k))
            throw new ArgumentException(
                $"SigmoidBackward: shapes {m}×{k} and {ShapeOf(sigmoid)} differ; an elementwise operation needs equal shapes.", "y");
        var c = destination.Matrix(m, k);
        if (m == 0 || k == 0) return c;
        int pairs = (m + 1) / 2;
        int chunks = Math.Min(Environment.ProcessorCount, pairs);
        if ((long)m * n * k < ParallelThreshold || chunks < 2)
        {
            TransposeBRows(g, b, sigmoid, c, 0, m);
            return c;
        }
        if (destination.IsNew && (long)c.Length * sizeof(double) >= LargeObjectBytes) Flat(c).Clear(); // see Product
        ParallelTransposeBRows(g, b, sigmoid, c, m, pairs, chunks);
        return c;
    }

    // Apart from MatMulTransposeB so that the closure is allocated only when the rows are split (as ParallelProduct).
    private static void ParallelTransposeBRows(double[,] g, double[,] b, double[,]? sigmoid, double[,] c, int m, int pairs, int chunks)
    {
        int blocks = Math.Min(pairs, BlocksPerCore * chunks);
        CoreShare.Run(blocks, block =>
        {
            int start = (int)((long)pairs * block / blocks) * 2;
            int end = Math.Min(m, (int)((long)pairs * (block + 1) / blocks) * 2);
            TransposeBRows(g, b, sigmoid, c, start, end);
        });
    }

    private static void TransposeBRows(double[,] g, double[,] b, double[,]? sigmoid, double[,] c, int rowStart, int rowEnd)
    {
        int n = g.GetLength(1);
        if (n == 0) Flat(c).Slice(rowStart * c.GetLength(1), (rowEnd - rowStart) * c.GetLength(1)).Clear(); // empty dot products
        else if (n == 1) OuterRows(g, b, c, rowStart, rowEnd);
        else DotRows(g, b, c, rowStart, rowEnd);
        if (sigmoid is not null) SigmoidBackwardRows(sigmoid, c, rowStart, rowEnd);
    }

    /// <summary>Rows of g·bᵀ when g and b are single columns: an outer product, c[i, :] = g[i]·b (a dot product of
    /// one term is that term).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see LanesAtTierZero
    private static void OuterRows(double[,] g, double[,] b, double[,] c, int rowStart, int rowEnd)
    {
        var column = Flat(b);
        for (int i = rowStart; i < rowEnd; i++) TensorPrimitives.Multiply(column, g[i, 0], Row(c, i));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see LanesAtTierZero
    private static void DotRows(double[,] g, double[,] b, double[,] c, int rowStart, int rowEnd)
    {
        int n = g.GetLength(1), k = b.GetLength(0);
        int block = Math.Max(4, DotBlockBytes / (n * sizeof(double)) / 4 * 4);
        for (int p0 = 0; p0 < k; p0 += block)
        {
            int p1 = Math.Min(k, p0 + block);
            int i = rowStart;
            for (; i + 2 <= rowEnd; i += 2)
            {
                int p = p0;
                for (; p + 4 <= p1; p += 4) Dot2x4(g, b, c, i, p);
                for (; p < p1; p++)
                {
                    c[i, p] = TensorPrimitives.Dot(Row(g, i), Row(b, p));
                    c[i + 1, p] = TensorPrimitives.Dot(Row(g, i + 1), Row(b, p));
                }
            }
            for (; i < rowEnd; i++)
                for (int p = p0; p < p1; p++)
                    c[i, p] = TensorPrimitives.Dot(Row(g, i), Row(b, p));
        }
    }

    /// <summary>c[i…i+1, p…p+3] as eight dot products at once: per step, 6 row loads feed 8 FMAs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see LanesAtTierZero
    private static void Dot2x4(double[,] g, double[,] b, double[,] c, int i, int p)
    {
        int n = g.GetLength(1), w = Lanes;
        ref double g0 = ref Unsafe.Add(ref DataRef(g), (nint)i * n);
        ref double g1 = ref Unsafe.Add(ref g0, n);
        ref double b0 = ref Unsafe.Add(ref DataRef(b), (nint)p * n);
        ref double b1 = ref Unsafe.Add(ref b0, n);
        ref double b2 = ref Unsafe.Add(ref b1, n);
        ref double b3 = ref Unsafe.Add(ref b2, n);
        Vector<double> s00 = default, s01 = default, s02 = default, s03 = default;
        Vector<double> s10 = default, s11 = default, s12 = default, s13 = default;
        int j = 0;
        for (; j + w <= n; j += w)
        {
            var x0 = Vector.LoadUnsafe(ref g0, (nuint)j);
            var x1 = Vector.LoadUnsafe(ref g1, (nuint)j);
            var y = Vector.LoadUnsafe(ref b0, (nuint)j);
            s00 = MulAdd(x0, y, s00); s10 = MulAdd(x1, y, s10);
            y = Vector.LoadUnsafe(ref b1, (nuint)j);
            s01 = MulAdd(x0, y, s01); s11 = MulAdd(x1, y, s11);
            y = Vector.LoadUnsafe(ref b2, (nuint)j);
            s02 = MulAdd(x0, y, s02); s12 = MulAdd(x1, y, s12);
            y = Vector.LoadUnsafe(ref b3, (nuint)j);
            s03 = MulAdd(x0, y, s03); s13 = MulAdd(x1, y, s13);
        }
        double t00 = Vector.Sum(s00), t01 = Vector.Sum(s01), t02 = Vector.Sum(s02), t03 = Vector.Sum(s03);
        double t10 = Vector.Sum(s10), t11 = Vector.Sum(s11), t12 = Vector.Sum(s12), t13 = Vector.Sum(s13);
        for (; j < n; j++)
        {
            double x0 = Unsafe.Add(ref g0, j), x1 = Unsafe.Add(ref g1, j);
            double y0 = Unsafe.Add(ref b0, j), y1 = Unsafe.Add(ref b1, j), y2 = Unsafe.Add(ref b2, j), y3 = Unsafe.Add(ref b3, j);
            t00 += x0 * y0; t01 += x0 * y1; t02 += x0 * y2; t03 += x0 * y3;
            t10 += x1 * y0; t11 += x1 * y1; t12 += x1 * y2; t13 += x1 * y3;
        }
        c[i, p] = t00; c[i, p + 1] = t01; c[i, p + 2] = t02; c[i, p + 3] = t03;
        c[i + 1, p] = t10; c[i + 1, p + 1] = t11; c[i + 1, p + 2] = t12; c[i + 1, p + 3] = t13;
    }

    /// <summary>a·x for an m×n <paramref name="a"/> and a vector of length n.</summary>
    public static double[] MatMul(double[,] a, double[] x)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(x);
        if (a.GetLength(1) != x.Length)
            throw new ArgumentException(
                $"MatMul: shapes {ShapeOf(a)} and [{x.Length}] do not fit (inner dimensions {a.GetLength(1)} and {x.Length} differ).", nameof(x));
        var y = new double[a.GetLength(0)];
        for (int i = 0; i < y.Length; i++) y[i] = TensorPrimitives.Dot(Row(a, i), x);
        return y;
    }

    /// <summary>aᵀ·g for an m×n <paramref name="a"/> and a vector g of length m: the adjoint of x in y = a·x.</summary>
    public static double[] MatMulTransposeA(double[,] a, double[] g)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(g);
        if (a.GetLength(0) != g.Length)
            throw new ArgumentException(
                $"MatMulTransposeA: shapes {ShapeOf(a)} and [{g.Length}] do not fit (row counts {a.GetLength(0)} and {g.Length} differ).", nameof(g));
        var result = new double[a.GetLength(1)];
        for (int i = 0; i < g.Length; i++) TensorPrimitives.MultiplyAdd(Row(a, i), g[i], result, result);
        return result;
    }

    /// <summary>The outer product g·xᵀ (m×n for lengths m and n): the adjoint of a in y = a·x.</summary>
    public static double[,] Outer(double[] g, double[] x)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(x);
        var result = new double[g.Length, x.Length];
        for (int i = 0; i < g.Length; i++) TensorPrimitives.Multiply(x, g[i], Row(result, i));
        return result;
    }
}
