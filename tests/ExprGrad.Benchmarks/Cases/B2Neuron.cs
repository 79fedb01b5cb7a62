using System.Linq.Expressions;
using BenchmarkDotNet.Attributes;

namespace ExprGrad.Benchmarks;

/// <summary>B2: the notes' sigmoid neuron σ(w0·x0 + w1·x1 + w2) over five scalars, written as in the notes.</summary>
[MemoryDiagnoser]
public class B2Neuron
{
    private static readonly Expression<Func<double, double, double, double, double, double>> Neuron =
        (w0, x0, w1, x1, w2) => 1 / (1 + Math.Exp(-(w0 * x0 + w1 * x1 + w2)));

    private Func<double, double, double, double, double, (double, double, double, double, double)> gradientOpsCalled = null!;
    private Func<double, double, double, double, double, (double, double, double, double, double)> handWrittenDelegate = null!;
    private Func<double, double, double, double, double, (double, double, double, double, double)> gradient = null!;
    private Func<double, double, double, double, double, (double Value, (double, double, double, double, double) Gradient)> valueAndGradient = null!;
    private double w0 = 2, x0 = -1, w1 = -3, x1 = -2, w2 = -3;
    private Func<double, double, double, double, double, (double, double, double, double, double)> fastGradient = null!;

    [GlobalSetup]
    public void Setup()
    {
        handWrittenDelegate = HandWrittenAt;
        gradientOpsCalled = Grad.Of(Neuron, new GradientOptions { InlineScalarOps = false });
        gradient = Grad.Of(Neuron);
        valueAndGradient = Grad.ValueAndGradient(Neuron);
        fastGradient = FastBackend.Gradient<Func<double, double, double, double, double, (double, double, double, double, double)>>(Neuron);
        var expected = HandWritten();
        Agreement.Require(Flat(expected), Flat(gradient(w0, x0, w1, x1, w2)), "Grad.Of");
        var (value, g) = valueAndGradient(w0, x0, w1, x1, w2);
        Agreement.Require(Plain(), value, "value");
        Agreement.Require(Flat(expected), Flat(g), "ValueAndGradient");
        Agreement.Require(Flat(expected), Flat(fastGradient(w0, x0, w1, x1, w2)), "CompileFast");
    }

    [Benchmark]
    public double Plain() => 1 / (1 + Math.Exp(-(w0 * x0 + w1 * x1 + w2)));

    /// <summary>The notes' backward pass: the sigmoid's local gradient (1 − f)·f, then the multiply gates swap.</summary>
    [Benchmark(Baseline = true)]
    public (double, double, double, double, double) HandWritten() => HandWrittenAt(w0, x0, w1, x1, w2);

    private static (double, double, double, double, double) HandWrittenAt(double w0, double x0, double w1, double x1, double w2)
    {
        double dot = w0 * x0 + w1 * x1 + w2;
        double f = 1 / (1 + Math.Exp(-dot));
        double ddot = (1 - f) * f;
        return (x0 * ddot, w0 * ddot, x1 * ddot, w1 * ddot, ddot);
    }

    [Benchmark]
    public (double, double, double, double, double) GradOf() => gradient(w0, x0, w1, x1, w2);

    /// <summary>
    /// The hand-written gradient called the way <c>Grad.Of</c>'s is, through a delegate of the same type: the call and the
    /// returned tuple's copy are then the same on both sides, and what differs is the code.
    /// </summary>
    [Benchmark]
    public (double, double, double, double, double) HandWrittenThroughDelegate() => handWrittenDelegate(w0, x0, w1, x1, w2);

    /// <summary><c>Grad.Of</c> with <see cref="GradientOptions.InlineScalarOps"/> off: σ through a call the JIT does not inline.</summary>
    [Benchmark]
    public (double, double, double, double, double) GradOfOpsCalled() => gradientOpsCalled(w0, x0, w1, x1, w2);

    [Benchmark]
    public (double, (double, double, double, double, double)) ValueAndGradient() => valueAndGradient(w0, x0, w1, x1, w2);

    [Benchmark]
    public (double, double, double, double, double) GradOfCompileFast() => fastGradient(w0, x0, w1, x1, w2);

    private static double[] Flat((double, double, double, double, double) t) => [t.Item1, t.Item2, t.Item3, t.Item4, t.Item5];
}
