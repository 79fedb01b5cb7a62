using System.Linq.Expressions;
using BenchmarkDotNet.Attributes;

namespace ExprGrad.Benchmarks;

/// <summary>
/// B14 (issue 18): the Hessian at the MAP of a logistic GLM with a Gaussian prior, the matrix a Laplace approximation
/// inverts. Negative log posterior f(w) = Σₙ [log(1 + e^{zₙ}) − yₙzₙ] + |w|²/(2s²), zₙ = xₙ·w, yₙ ∈ {0, 1},
/// N = 10⁴ rows, d = 20, s = 2; Hessian Xᵀ diag(pₙ(1 − pₙ)) X + I/s², pₙ = σ(zₙ). Grad.Hessian (forward over reverse,
/// one pass per basis direction) against that X'WX written by hand (the baseline: one exp per row, the lower
/// triangle accumulated, then mirrored) and the plain function. Target: ≤ 3× the hand X'WX.
/// </summary>
[MemoryDiagnoser]
public class B14LaplaceHessian
{
    private const int Rows = 10_000, Features = 20;
    private const double PriorScale = 2;
    private double[,] x = new double[0, 0];
    private double[] y = [];
    private double[] w = [];
    private Func<double[], double[,]> hessian = null!, tensorHessian = null!;
    private Func<double[], double[], double[]> hessianVector = null!;
    private double[] direction = [];

    [GlobalSetup]
    public void Setup()
    {
        x = RandomData.Matrix(Rows, Features, seed: 14);
        y = [.. RandomData.Vector(Rows, seed: 15).Select(v => v >= 0 ? 1.0 : 0.0)];
        w = RandomData.Vector(Features, seed: 16, scale: 0.3);
        direction = new double[Features];
        direction[0] = 1;
        var f = NegativeLogPosterior();
        hessian = Grad.Hessian(f);
        hessianVector = Grad.HessianVectorProduct(f);
        tensorHessian = Grad.Hessian(TensorForm());

        var expected = HandXtWX();
        Agreement.Require(expected, hessian(w), "Grad.Hessian");
        Agreement.Require(expected, tensorHessian(w), "Grad.Hessian, tensor form");
        Agreement.Require(Plain(), f.Compile()(w), "compiled function");
        var column = new double[Features];
        for (int j = 0; j < Features; j++) column[j] = expected[j, 0];
        Agreement.Require(column, hessianVector(w, direction), "HessianVectorProduct");
    }

    /// <summary>Built from locals so that the lambda reads them through a closure, as user code would.</summary>
    private Expression<Func<double[], double>> NegativeLogPosterior()
    {
        var data = x;
        var labels = y;
        return v => Ops.Sum(labels.Length, n => Ops.Let(Ops.Sum(v.Length, j => v[j] * data[n, j]),
                        z => Ops.Log1pExp(z) - labels[n] * z))
                    + Ops.Sum(v.Length, j => v[j] * v[j]) / (2 * PriorScale * PriorScale);
    }

    /// <summary>The same function with whole-vector Ops (Xw as one MatMul), as a user of array libraries writes it.</summary>
    private Expression<Func<double[], double>> TensorForm()
    {
        var data = x;
        var labels = y;
        return v => Ops.Let(Ops.MatMul(data, v), z => Ops.Sum(Ops.Log1pExp(z)) - Ops.Dot(labels, z))
                    + Ops.Dot(v, v) / (2 * PriorScale * PriorScale);
    }

    [Benchmark]
    public double Plain()
    {
        double value = 0;
        for (int n = 0; n < Rows; n++)
        {
            double z = 0;
            for (int j = 0; j < Features; j++) z += w[j] * x[n, j];
            value += (z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z))) - y[n] * z;
        }
        double prior = 0;
        for (int j = 0; j < Features; j++) prior += w[j] * w[j];
        return value + prior / (2 * PriorScale * PriorScale);
    }

    /// <summary>Σₙ pₙ(1 − pₙ) xₙxₙᵀ over the lower triangle (d(d + 1)/2 multiply-adds per row), mirrored, plus I/s².</summary>
    [Benchmark(Baseline = true)]
    public double[,] HandXtWX()
    {
        var h = new double[Features, Features];
        for (int n = 0; n < Rows; n++)
        {
            double z = 0;
            for (int j = 0; j < Features; j++) z += w[j] * x[n, j];
            double p = 1 / (1 + Math.Exp(-z)), weight = p * (1 - p);
            for (int j = 0; j < Features; j++)
            {
                double wx = weight * x[n, j];
                for (int k = 0; k <= j; k++) h[j, k] += wx * x[n, k];
            }
        }
        for (int j = 0; j < Features; j++)
        {
            h[j, j] += 1 / (PriorScale * PriorScale);
            for (int k = 0; k < j; k++) h[k, j] = h[j, k];
        }
        return h;
    }

    [Benchmark]
    public double[,] GradHessian() => hessian(w);

    [Benchmark]
    public double[,] GradHessianTensorForm() => tensorHessian(w);

    /// <summary>One column: what each of Grad.Hessian's d passes costs.</summary>
    [Benchmark]
    public double[] HessianVectorProduct() => hessianVector(w, direction);
}
