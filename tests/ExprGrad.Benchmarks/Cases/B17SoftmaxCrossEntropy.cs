using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using static ExprGrad.Ops;

namespace ExprGrad.Benchmarks;

/// <summary>
/// B17 (issue 11's speed target): value and gradient of the mean softmax cross-entropy of a 256×10 batch of
/// logits with respect to the logits, <c>Ops.CrossEntropy</c> through ExprGrad against the same written by hand
/// with <see cref="TensorPrimitives"/> (per row: max, exp of the shifted row, its sum; gradient (softmax − onehot)/N).
/// Target: ValueAndGradient ≤ 1.5 × HandWritten.
/// </summary>
[MemoryDiagnoser]
public class B17SoftmaxCrossEntropy
{
    private const int Rows = 256, Classes = 10;
    private double[,] logits = new double[0, 0];
    private int[] labels = [];
    private readonly double[,] buffer = new double[Rows, Classes];
    private Func<double[,], (double, double[,])> valueAndGradient = null!;
    private Func<double[,], double[,], double> into = null!;

    [GlobalSetup]
    public void Setup()
    {
        logits = RandomData.Matrix(Rows, Classes, seed: 14, scale: 3);
        var random = new Random(15);
        labels = [.. Enumerable.Range(0, Rows).Select(_ => random.Next(Classes))];
        var y = labels;
        valueAndGradient = Grad.ValueAndGradient((double[,] z) => CrossEntropy(z, y));
        into = Grad.ValueAndGradientInto((double[,] z) => CrossEntropy(z, y));

        var (expectedValue, expected) = HandWritten();
        var (value, gradient) = valueAndGradient(logits);
        Agreement.Require(expectedValue, value, "value");
        Agreement.Require(expected, gradient, "ValueAndGradient");
        Agreement.Require(expectedValue, into(logits, buffer), "ValueAndGradientInto value");
        Agreement.Require(expected, buffer, "ValueAndGradientInto");
    }

    [Benchmark(Baseline = true)]
    public (double, double[,]) HandWritten()
    {
        var gradient = new double[Rows, Classes];
        return (HandWrittenInto(gradient), gradient);
    }

    /// <summary>The hand-written loss, its gradient written into <paramref name="gradient"/>.</summary>
    private double HandWrittenInto(double[,] gradient)
    {
        var z = Flat(logits);
        var g = Flat(gradient);
        double loss = 0, scale = 1.0 / Rows;
        for (int i = 0; i < Rows; i++)
        {
            var row = z.Slice(i * Classes, Classes);
            var e = g.Slice(i * Classes, Classes);
            double max = TensorPrimitives.Max(row);
            TensorPrimitives.Subtract(row, max, e);
            TensorPrimitives.Exp(e, e);
            double sum = TensorPrimitives.Sum(e);
            loss += Math.Log(sum) + max - row[labels[i]];
            TensorPrimitives.Multiply(e, scale / sum, e);
            e[labels[i]] -= scale;
        }
        return loss * scale;
    }

    [Benchmark]
    public double HandWrittenIntoBuffer() => HandWrittenInto(buffer);

    [Benchmark]
    public (double, double[,]) ValueAndGradient() => valueAndGradient(logits);

    [Benchmark]
    public double ValueAndGradientInto() => into(logits, buffer);

    private static Span<double> Flat(double[,] m) =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<byte, double>(ref MemoryMarshal.GetArrayDataReference(m)), m.Length);
}
