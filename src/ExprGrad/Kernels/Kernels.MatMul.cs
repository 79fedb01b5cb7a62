using System.Numerics;
using System.Runtime.CompilerServices;

namespace ExprGrad.Runtime;

public static partial class Kernels
{
    // Depth and width of one pass over B: a KBlock×NBlock panel (512 KB) stays in a core's L2 while
    // every row tile of A streams past it, and the KBlock cache lines one micro-kernel call touches fit L1.
    private const int KBlock = 256;
    private const int NBlock = 256;

    // Multiply-adds below which handing row blocks to the thread pool costs more than it saves.
    // Measured on 2 shared cores: 64×64·64×64 (2^18) and 128×64·64×64 lose or break even when split,
    // 256×64·64×64 (2^20) gains about 1.7×.
    // Settable so that benchmark B26 can split every product and measure the break-even.
    internal static long ParallelThreshold { get; set; } = 1L << 20;

    // Row blocks per core of a split product: B5's 256-row products become 8 blocks of 32 rows.
    private const int BlocksPerCore = 4;

    // Arrays this large live on the large-object heap, whose pages are often freshly mapped after a
    // gen-2 collection. Page faults taken by several threads at once contend in the kernel and cost far
    // more than the same faults taken by one, so the caller touches the pages before the split.
    private const int LargeObjectBytes = 85_000;

    private static int Lanes => Vector<double>.Count;

    // LanesAtTierZero: the micro-kernels below are compiled fully optimized at their first call
    // (AggressiveOptimization) instead of tiering up. At tier 0 nothing is inlined — each Vector operation,
    // Unsafe.Add and MulAdd is a call passing vectors through memory — and B5's products ran 40–70× slower
    // (30–40 ms per gradient against 0.6 ms). A micro-kernel's loops run fewer iterations per call than
    // on-stack replacement waits for, so only call counting promotes them, after a 100 ms quiet spell and
    // 30 more calls: a benchmark that picks its operation count from its first calls (BenchmarkDotNet's
    // pilot chose 2–4 calls per iteration) or a short training run measured the unoptimized code.

    /// <summary>a·b for an m×k <paramref name="a"/> and a k×n <paramref name="b"/>.</summary>
    public static double[,] MatMul(double[,] a, double[,] b) => MatMul(a, b, default);

    /// <summary>a·b into <paramref name="destination"/>'s matrix.</summary>
    internal static double[,] MatMul(double[,] a, double[,] b, Destination destination)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.GetLength(1) != b.GetLength(0))
            throw new ArgumentException(
                $"MatMul: shapes {ShapeOf(a)} and {ShapeOf(b)} do not fit (inner dimensions {a.GetLength(1)} and {b.GetLength(0)} differ).", nameof(b));
        int m = a.GetLength(0), k = a.GetLength(1), n = b.GetLength(1);
        var c = destination.ZeroedMatrix(m, n);
        Product(a, rowStride: k, innerStride: 1, b, c, m, k, n, destination.IsNew);
        return c;
    }

    /// <summary>
    /// c += A'·b where A' is m×k with element (r, q) at a[r·rowStride + q·innerStride], b is a
    /// row-major k×n matrix and c a row-major m×n matrix. The strides let aᵀ·g reuse this kernel
    /// without materialising aᵀ. Each row of c is produced by one thread in one fixed order, so the
    /// result does not depend on whether the rows were split across threads. <c>untouched</c>: c is a new array,
    /// whose pages may not be mapped yet.
    /// </summary>
    private static void Product(double[,] a, int rowStride, int innerStride, double[,] b, double[,] c, int m, int k, int n, bool untouched)
    {
        if (m == 0 || n == 0 || k == 0) return;
        long work = (long)m * n * k;
        int tiles = (m + 3) / 4;
        int chunks = Math.Min(Environment.ProcessorCount, tiles);
        if (work < ParallelThreshold || chunks < 2)
        {
            ProductRows(a, rowStride, innerStride, b, c, k, n, 0, m);
            return;
        }
        if (untouched && (long)c.Length * sizeof(double) >= LargeObjectBytes) Flat(c).Clear();
        ParallelProduct(a, rowStride, innerStride, b, c, m, k, n, tiles, chunks);
    }

    // Apart from Product so that the closure is allocated only when the rows are split. Blocks of whole 4-row
    // tiles, a few per core, so that a helper waking late still finds some (CoreShare).
    private static void ParallelProduct(double[,] a, int rowStride, int innerStride, double[,] b, double[,] c,
        int m, int k, int n, int tiles, int chunks)
    {
        int blocks = Math.Min(tiles, BlocksPerCore * chunks);
        CoreShare.Run(blocks, block =>
        {
            int start = (int)((long)tiles * block / blocks) * 4;
            int end = Math.Min(m, (int)((long)tiles * (block + 1) / blocks) * 4);
            ProductRows(a, rowStride, innerStride, b, c, k, n, start, end);
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see LanesAtTierZero
    private static void ProductRows(double[,] a, int rowStride, int innerStride, double[,] b, double[,] c,
        int k, int n, int rowStart, int rowEnd)
    {
        ref double aRef = ref DataRef(a);
        ref double bRef = ref DataRef(b);
        ref double cRef = ref DataRef(c);
        for (int p0 = 0; p0 < k; p0 += KBlock)
        {
            int p1 = Math.Min(k, p0 + KBlock);
            for (int j0 = 0; j0 < n; j0 += NBlock)
            {
                int j1 = Math.Min(n, j0 + NBlock);
                int i = rowStart;
                for (; i + 4 <= rowEnd; i += 4)
                    Tile4(ref aRef, rowStride, innerStride, ref bRef, ref cRef, n, i, j0, j1, p0, p1);
                for (; i < rowEnd; i++)
                    Tile1(ref aRef, rowStride, innerStride, ref bRef, ref cRef, n, i, j0, j1, p0, p1);
            }
        }
    }

    /// <summary>Rows i…i+3, columns j0…j1−1 of c, accumulated over depth p0…p1−1. Eight vector
    /// accumulators (4 rows × 2 vectors) stay in registers: per step 2 loads of b feed 8 FMAs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see LanesAtTierZero
    private static void Tile4(ref double a, int rs, int qs, ref double b, ref double c, int n,
        int i, int j0, int j1, int p0, int p1)
    {
        int w = Lanes;
        nint a0 = (nint)i * rs, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs;
        int j = j0;
        for (; j + 2 * w <= j1; j += 2 * w)
        {
            ref double c0 = ref Unsafe.Add(ref c, (nint)i * n + j);
            ref double c1 = ref Unsafe.Add(ref c0, n);
            ref double c2 = ref Unsafe.Add(ref c1, n);
            ref double c3 = ref Unsafe.Add(ref c2, n);
            Vector<double> s00 = Vector.LoadUnsafe(ref c0), s01 = Vector.LoadUnsafe(ref c0, (nuint)w);
            Vector<double> s10 = Vector.LoadUnsafe(ref c1), s11 = Vector.LoadUnsafe(ref c1, (nuint)w);
            Vector<double> s20 = Vector.LoadUnsafe(ref c2), s21 = Vector.LoadUnsafe(ref c2, (nuint)w);
            Vector<double> s30 = Vector.LoadUnsafe(ref c3), s31 = Vector.LoadUnsafe(ref c3, (nuint)w);
            for (int p = p0; p < p1; p++)
            {
                ref double bp = ref Unsafe.Add(ref b, (nint)p * n + j);
                var b0 = Vector.LoadUnsafe(ref bp);
                var b1 = Vector.LoadUnsafe(ref bp, (nuint)w);
                nint q = (nint)p * qs;
                var x = new Vector<double>(Unsafe.Add(ref a, a0 + q));
                s00 = MulAdd(x, b0, s00); s01 = MulAdd(x, b1, s01);
                x = new Vector<double>(Unsafe.Add(ref a, a1 + q));
                s10 = MulAdd(x, b0, s10); s11 = MulAdd(x, b1, s11);
                x = new Vector<double>(Unsafe.Add(ref a, a2 + q));
                s20 = MulAdd(x, b0, s20); s21 = MulAdd(x, b1, s21);
                x = new Vector<double>(Unsafe.Add(ref a, a3 + q));
                s30 = MulAdd(x, b0, s30); s31 = MulAdd(x, b1, s31);
            }
            s00.StoreUnsafe(ref c0); s01.StoreUnsafe(ref c0, (nuint)w);
            s10.StoreUnsafe(ref c1); s11.StoreUnsafe(ref c1, (nuint)w);
            s20.StoreUnsafe(ref c2); s21.StoreUnsafe(ref c2, (nuint)w);
            s30.StoreUnsafe(ref c3); s31.StoreUnsafe(ref c3, (nuint)w);
        }
        // Fewer than two vectors of columns left: the single-row kernel handles them per row.
        if (j < j1)
            for (int r = i; r < i + 4; r++)
                Tile1(ref a, rs, qs, ref b, ref c, n, r, j, j1, p0, p1);
    }

    /// <summary>Row i, columns j0…j1−1 of c: one vector at a time, then scalars.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see LanesAtTierZero
    private static void Tile1(ref double a, int rs, int qs, ref double b, ref double c, int n,
        int i, int j0, int j1, int p0, int p1)
    {
        int w = Lanes;
        nint ai = (nint)i * rs;
        ref double ci = ref Unsafe.Add(ref c, (nint)i * n);
        int j = j0;
        for (; j + w <= j1; j += w)
        {
            var s = Vector.LoadUnsafe(ref ci, (nuint)j);
            for (int p = p0; p < p1; p++)
                s = MulAdd(new Vector<double>(Unsafe.Add(ref a, ai + (nint)p * qs)),
                           Vector.LoadUnsafe(ref b, (nuint)((nint)p * n + j)), s);
            s.StoreUnsafe(ref ci, (nuint)j);
        }
        for (; j < j1; j++)
        {
            double s = Unsafe.Add(ref ci, j);
            for (int p = p0; p < p1; p++)
                s += Unsafe.Add(ref a, ai + (nint)p * qs) * Unsafe.Add(ref b, (nint)p * n + j);
            Unsafe.Add(ref ci, j) = s;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> MulAdd(Vector<double> x, Vector<double> y, Vector<double> acc) =>
        Vector.MultiplyAddEstimate(x, y, acc); // fused where the CPU has FMA, multiply + add elsewhere
}
