using System.Linq.Expressions;
using BenchmarkDotNet.Attributes;

namespace ExprGrad.Benchmarks;

/// <summary>
/// B16 (issue 17): the Jacobian of a 2-D 5-point residual on an m×m grid (m² unknowns, row-major),
/// F_k = 4x_k − x_west − x_east − x_south − x_north − h²λ·exp(x_k) with zero boundary values, in compressed rows.
/// <c>Grad.SparseJacobian</c> after its first call against five <c>Grad.JacobianVectorProduct</c>s with the
/// hand-made coloring (i + 2j) mod 5 (columns within Manhattan distance 2 differ) decompressed by hand.
/// </summary>
[MemoryDiagnoser]
public class B16SparsePoisson2D
{
    private double[] x = null!;
    private Func<double[], CsrMatrix> sparse = null!;
    private Func<double[], double[], double[]> jvp = null!;
    private (int[] Pointers, int[] Columns) pattern;

    /// <summary>The grid side: m² unknowns.</summary>
    [Params(1000)]
    public int M { get; set; } = 1000;

    [GlobalSetup]
    public void Setup()
    {
        var f = Residual(M);
        x = [.. Enumerable.Range(0, M * M).Select(k => Math.Sin(0.001 * k))];
        sparse = Grad.SparseJacobian(f);
        jvp = Grad.JacobianVectorProduct(f);
        pattern = Pattern(M);
        var expected = HandColoredProducts();
        var actual = sparse(x);
        Agreement.Require(expected.Values, actual.Values, "Grad.SparseJacobian");
        if (!expected.ColumnIndices.AsSpan().SequenceEqual(actual.ColumnIndices)) throw new InvalidOperationException("Grad.SparseJacobian: another pattern.");
    }

    [Benchmark(Baseline = true)]
    public CsrMatrix HandColoredProducts()
    {
        int n = M * M;
        var products = new double[5][];
        for (int c = 0; c < 5; c++)
        {
            var seed = new double[n];
            for (int k = 0; k < n; k++) seed[k] = Color(k) == c ? 1 : 0;
            products[c] = jvp(x, seed);
        }
        var (pointers, columns) = pattern;
        var values = new double[columns.Length];
        for (int k = 0; k < n; k++)
            for (int e = pointers[k]; e < pointers[k + 1]; e++) values[e] = products[Color(columns[e])][k];
        return new CsrMatrix(n, n, pointers, columns, values);
    }

    [Benchmark]
    public CsrMatrix SparseJacobian() => sparse(x);

    private int Color(int k) => (k / M + 2 * (k % M)) % 5;

    /// <summary>The residual for an m×m grid with h = 1/(m + 1), λ = 1.</summary>
    public static Expression<Func<double[], double[]>> Residual(int m)
    {
        double h2l = 1.0 / ((m + 1.0) * (m + 1.0));
        return x => Ops.Vector(x.Length, k =>
            4 * x[k] - (k % m > 0 ? x[k - 1] : 0.0) - (k % m < m - 1 ? x[k + 1] : 0.0)
            - (k >= m ? x[k - m] : 0.0) - (k < x.Length - m ? x[k + m] : 0.0) - h2l * Math.Exp(x[k]));
    }

    private static (int[] Pointers, int[] Columns) Pattern(int m)
    {
        int n = m * m;
        var pointers = new int[n + 1];
        var columns = new List<int>(5 * n);
        for (int k = 0; k < n; k++)
        {
            int i = k / m, j = k % m;
            if (i > 0) columns.Add(k - m);
            if (j > 0) columns.Add(k - 1);
            columns.Add(k);
            if (j < m - 1) columns.Add(k + 1);
            if (i < m - 1) columns.Add(k + m);
            pointers[k + 1] = columns.Count;
        }
        return (pointers, [.. columns]);
    }
}
