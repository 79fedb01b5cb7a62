using System.Linq.Expressions;
using BenchmarkDotNet.Attributes;
using static ExprGrad.Ops;

namespace ExprGrad.Benchmarks;

/// <summary>
/// B4: logistic-regression loss Σ_n log(1 + e^(−y_n·w·x_n)) with labels ±1, d = 20 features, N = 1000
/// samples; the data sit in closure variables (read at each call), the gradient is over w. Also the same loss
/// written with whole-array ops, Σ Map(y ⊙ X·w, z ↦ log(1 + e^(−z))) (issue 11's target: GradOfVectorized ≤ 1.2 × GradOf).
/// </summary>
[MemoryDiagnoser]
public class B4LogisticRegression
{
    private const int Samples = 1000, Features = 20;
    private double[,] data = new double[0, 0];
    private double[] labels = [];
    private double[] w = [];
    private Func<double[], double[]> gradient = null!;
    private Func<double[], (double Value, double[] Gradient)> valueAndGradient = null!;
    private Func<double[], double[]> fastGradient = null!;
    private Func<double[], double[]> vectorized = null!;

    [GlobalSetup]
    public void Setup()
    {
        data = RandomData.Matrix(Samples, Features, seed: 4);
        labels = [.. RandomData.Vector(Samples, seed: 5).Select(v => v >= 0 ? 1.0 : -1.0)];
        w = RandomData.Vector(Features, seed: 6, scale: 0.5);
        var loss = Loss();
        gradient = Grad.Of(loss);
        valueAndGradient = Grad.ValueAndGradient(loss);
        fastGradient = FastBackend.Gradient<Func<double[], double[]>>(loss);
        var vectorLoss = VectorizedLoss();
        vectorized = Grad.Of(vectorLoss);

        var expected = HandWritten();
        Agreement.Require(expected, gradient(w), "Grad.Of");
        var (value, g) = valueAndGradient(w);
        Agreement.Require(Plain(), value, "value");
        Agreement.Require(expected, g, "ValueAndGradient");
        Agreement.Require(Plain(), loss.Compile()(w), "compiled function");
        Agreement.Require(expected, fastGradient(w), "CompileFast");
        Agreement.Require(expected, vectorized(w), "vectorized");
        Agreement.Require(Plain(), vectorLoss.Compile()(w), "vectorized function");
    }

    /// <summary>Built from locals so that the lambda reads them through a closure, as user code would.</summary>
    private Expression<Func<double[], double>> Loss()
    {
        var x = data;
        var y = labels;
        return w => Sum(y.Length, n => Math.Log(1 + Math.Exp(-y[n] * Sum(w.Length, j => w[j] * x[n, j]))));
    }

    /// <summary>The same loss from whole-array ops: the margins y ⊙ X·w, then the elementwise loss, summed.</summary>
    private Expression<Func<double[], double>> VectorizedLoss()
    {
        var x = data;
        var y = labels;
        return w => Sum(Map(Multiply(y, MatMul(x, w)), z => Math.Log(1 + Math.Exp(-z))));
    }

    [Benchmark]
    public double Plain()
    {
        double loss = 0;
        for (int n = 0; n < Samples; n++)
        {
            double z = 0;
            for (int j = 0; j < Features; j++) z += w[j] * data[n, j];
            loss += Math.Log(1 + Math.Exp(-labels[n] * z));
        }
        return loss;
    }

    /// <summary>∂/∂z log(1 + e^(−yz)) = −y·e^(−yz) / (1 + e^(−yz)); one exp per sample, shared by value and slope.</summary>
    [Benchmark(Baseline = true)]
    public double[] HandWritten()
    {
        var g = new double[Features];
        for (int n = 0; n < Samples; n++)
        {
            double z = 0;
            for (int j = 0; j < Features; j++) z += w[j] * data[n, j];
            double e = Math.Exp(-labels[n] * z);
            double slope = -labels[n] * e / (1 + e);
            for (int j = 0; j < Features; j++) g[j] += slope * data[n, j];
        }
        return g;
    }

    [Benchmark]
    public double[] GradOf() => gradient(w);

    [Benchmark]
    public (double, double[]) ValueAndGradient() => valueAndGradient(w);

    [Benchmark]
    public double[] GradOfCompileFast() => fastGradient(w);

    [Benchmark]
    public double[] GradOfVectorized() => vectorized(w);
}
