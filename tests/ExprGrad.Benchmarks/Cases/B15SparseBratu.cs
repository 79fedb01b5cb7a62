using System.Linq.Expressions;
using BenchmarkDotNet.Attributes;

namespace ExprGrad.Benchmarks;

/// <summary>
/// B15 (issue 17): the Jacobian of the 1-D Bratu residual F_i = x_{i-1} − 2x_i + x_{i+1} + h²λ·exp(x_i)
/// (x_{-1} = x_n = 0; tridiagonal), in compressed rows. <c>Grad.SparseJacobian</c> after its first call (the
/// pattern traced and colored once) against three <c>Grad.JacobianVectorProduct</c>s with hand-colored seeds
/// (column j has color j mod 3) decompressed by hand — the baseline — and against the Jacobian written out
/// by hand (Plain). The dense <c>Grad.Jacobian</c> is B15DenseBratu (it needs n products: n = 1000 there).
/// </summary>
[MemoryDiagnoser]
public class B15SparseBratu
{
    private double[] x = null!;
    private Func<double[], CsrMatrix> sparse = null!;
    private Func<double[], double[], double[]> jvp = null!;

    /// <summary>The number of unknowns.</summary>
    [Params(1000, 10000)]
    public int N { get; set; } = 10000;

    [GlobalSetup]
    public void Setup()
    {
        var f = Bratu.Residual(N);
        x = [.. Enumerable.Range(0, N).Select(i => Math.Sin(0.01 * i))];
        sparse = Grad.SparseJacobian(f);
        jvp = Grad.JacobianVectorProduct(f);
        var expected = Plain().ToDense();
        Agreement.Require(Flat(expected), Flat(sparse(x).ToDense()), "Grad.SparseJacobian");
        Agreement.Require(Flat(expected), Flat(HandColoredProducts().ToDense()), "hand-colored products");
    }

    /// <summary>Three JVPs along the hand-made colors j mod 3, read back into the tridiagonal pattern.</summary>
    [Benchmark(Baseline = true)]
    public CsrMatrix HandColoredProducts()
    {
        var products = new double[3][];
        for (int c = 0; c < 3; c++)
        {
            var seed = new double[N];
            for (int j = c; j < N; j += 3) seed[j] = 1;
            products[c] = jvp(x, seed);
        }
        var (pointers, columns) = Bratu.Pattern(N);
        var values = new double[columns.Length];
        for (int i = 0; i < N; i++)
            for (int k = pointers[i]; k < pointers[i + 1]; k++) values[k] = products[columns[k] % 3][i];
        return new CsrMatrix(N, N, pointers, columns, values);
    }

    [Benchmark]
    public CsrMatrix SparseJacobian() => sparse(x);

    /// <summary>The Jacobian written out: 1 off the diagonal, −2 + h²λ·exp(x_i) on it.</summary>
    [Benchmark]
    public CsrMatrix Plain()
    {
        var (pointers, columns) = Bratu.Pattern(N);
        var values = new double[columns.Length];
        double h2l = Bratu.H2Lambda(N);
        for (int i = 0; i < N; i++)
            for (int k = pointers[i]; k < pointers[i + 1]; k++) values[k] = columns[k] == i ? -2 + h2l * Math.Exp(x[i]) : 1;
        return new CsrMatrix(N, N, pointers, columns, values);
    }

    internal static double[] Flat(double[,] m) => [.. m.Cast<double>()];
}

/// <summary>B15 at n = 1000 with the dense <c>Grad.Jacobian</c> (n forward products) beside the hand-colored baseline.</summary>
[MemoryDiagnoser]
public class B15DenseBratu
{
    private const int N = 1000;
    private readonly B15SparseBratu colored = new() { N = N };
    private double[] x = null!;
    private Func<double[], double[,]> dense = null!;

    [GlobalSetup]
    public void Setup()
    {
        colored.Setup();
        x = [.. Enumerable.Range(0, N).Select(i => Math.Sin(0.01 * i))];
        dense = Grad.Jacobian(Bratu.Residual(N));
        Agreement.Require(B15SparseBratu.Flat(colored.Plain().ToDense()), B15SparseBratu.Flat(dense(x)), "Grad.Jacobian");
    }

    [Benchmark(Baseline = true)]
    public CsrMatrix HandColoredProducts() => colored.HandColoredProducts();

    [Benchmark]
    public double[,] DenseJacobian() => dense(x);
}

/// <summary>The 1-D Bratu problem −u″ = λ·exp(u) on (0, 1), u(0) = u(1) = 0, by central differences on n interior points.</summary>
public static class Bratu
{
    /// <summary>h²λ for n interior points and λ = 1.</summary>
    public static double H2Lambda(int n) => 1.0 / ((n + 1.0) * (n + 1.0));

    /// <summary>F(x)_i = x_{i-1} − 2x_i + x_{i+1} + h²λ·exp(x_i), with the boundary values 0.</summary>
    public static Expression<Func<double[], double[]>> Residual(int n)
    {
        double h2l = H2Lambda(n);
        return x => Ops.Vector(x.Length, i =>
            (i > 0 ? x[i - 1] : 0.0) - 2 * x[i] + (i < x.Length - 1 ? x[i + 1] : 0.0) + h2l * Math.Exp(x[i]));
    }

    /// <summary>The tridiagonal pattern in compressed rows.</summary>
    public static (int[] Pointers, int[] Columns) Pattern(int n)
    {
        var pointers = new int[n + 1];
        var columns = new List<int>(3 * n);
        for (int i = 0; i < n; i++)
        {
            for (int j = Math.Max(0, i - 1); j <= Math.Min(n - 1, i + 1); j++) columns.Add(j);
            pointers[i + 1] = columns.Count;
        }
        return (pointers, [.. columns]);
    }
}
