using System.Linq.Expressions;
using BenchmarkDotNet.Attributes;

namespace ExprGrad.Benchmarks;

/// <summary>
/// B19 (issue 17): the Hessian-vector product of a grid energy, as Newton-CG calls it once per CG iteration.
/// E(u) = ½·Σ over the edges of an M×M grid (zero boundary) of (u_a − u_b)² + h²·Σ_k (exp(u_k) − f_k·u_k), M = 300
/// (9·10⁴ unknowns), written as one <c>Ops.Sum</c> over the cells. <c>Grad.HessianVectorProductInto</c> against
/// the product written by hand (baseline: H·v = A·v + h²·exp(u)∘v, A the 5-point stencil), and the gradient by
/// <c>Grad.Of</c> against the gradient by hand (Plain).
/// </summary>
[MemoryDiagnoser]
public class B19GridEnergyHvp
{
    private const int M = 300, Size = M * M;
    private const double H2 = 1.0 / ((M + 1.0) * (M + 1.0));
    private readonly double[] u = [.. Enumerable.Range(0, Size).Select(k => 0.3 * Math.Cos(0.01 * k))];
    private readonly double[] v = [.. Enumerable.Range(0, Size).Select(k => Math.Sin(0.07 * k))];
    private readonly double[] f = [.. Enumerable.Range(0, Size).Select(k => 1 + 0.5 * Math.Sin(0.003 * k))];
    private readonly double[] result = new double[Size];
    private Action<double[], double[], double[]> hvp = null!;
    private Func<double[], double[]> gradient = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rhs = f;
        Expression<Func<double[], double>> energy = x => Ops.Sum(x.Length, k =>
            0.5 * (x[k] - (k % M < M - 1 ? x[k + 1] : 0.0)) * (x[k] - (k % M < M - 1 ? x[k + 1] : 0.0))
            + 0.5 * (x[k] - (k < x.Length - M ? x[k + M] : 0.0)) * (x[k] - (k < x.Length - M ? x[k + M] : 0.0))
            + (k % M == 0 ? 0.5 * x[k] * x[k] : 0.0) + (k < M ? 0.5 * x[k] * x[k] : 0.0)
            + H2 * (Math.Exp(x[k]) - rhs[k] * x[k]));
        hvp = Grad.HessianVectorProductInto(energy);
        gradient = Grad.Of(energy);
        var mine = new double[Size];
        hvp(u, v, mine);
        Agreement.Require(HandProduct(), mine, "Grad.HessianVectorProductInto");
        Agreement.Require(Plain(), gradient(u), "Grad.Of");
    }

    [Benchmark(Baseline = true)]
    public double[] HandProduct()
    {
        Stencil(v, result);
        for (int k = 0; k < Size; k++) result[k] += H2 * Math.Exp(u[k]) * v[k];
        return result;
    }

    [Benchmark]
    public double[] HessianVectorProductInto()
    {
        hvp(u, v, result);
        return result;
    }

    [Benchmark]
    public double[] Gradient() => gradient(u);

    /// <summary>The gradient by hand: A·u + h²(exp(u) − f).</summary>
    [Benchmark]
    public double[] Plain()
    {
        var g = new double[Size];
        Stencil(u, g);
        for (int k = 0; k < Size; k++) g[k] += H2 * (Math.Exp(u[k]) - f[k]);
        return g;
    }

    private static void Stencil(double[] x, double[] into)
    {
        for (int k = 0; k < x.Length; k++)
            into[k] = 4 * x[k] - (k % M > 0 ? x[k - 1] : 0) - (k % M < M - 1 ? x[k + 1] : 0)
                      - (k >= M ? x[k - M] : 0) - (k < x.Length - M ? x[k + M] : 0);
    }
}
