using System.Linq.Expressions;
using BenchmarkDotNet.Attributes;
using static ExprGrad.Ops;

namespace ExprGrad.Benchmarks;

/// <summary>B3: the notes' staged function f(x, y) = (x + σ(y)) / (σ(x) + (x + y)²).</summary>
[MemoryDiagnoser]
public class B3Staged
{
    private static readonly Expression<Func<double, double, double>> Staged =
        (x, y) => (x + Sigmoid(y)) / (Sigmoid(x) + (x + y) * (x + y));

    private Func<double, double, (double, double)> gradientOpsCalled = null!;
    private Func<double, double, (double, double)> handWrittenDelegate = null!;
    private Func<double, double, (double, double)> gradient = null!;
    private Func<double, double, (double Value, (double, double) Gradient)> valueAndGradient = null!;
    private double x = 3, y = -4;
    private Func<double, double, (double, double)> fastGradient = null!;

    [GlobalSetup]
    public void Setup()
    {
        handWrittenDelegate = HandWrittenAt;
        gradientOpsCalled = Grad.Of(Staged, new GradientOptions { InlineScalarOps = false });
        gradient = Grad.Of(Staged);
        valueAndGradient = Grad.ValueAndGradient(Staged);
        fastGradient = FastBackend.Gradient<Func<double, double, (double, double)>>(Staged);
        var (ex, ey) = HandWritten();
        var (gx, gy) = gradient(x, y);
        Agreement.Require([ex, ey], [gx, gy], "Grad.Of");
        var (value, (vx, vy)) = valueAndGradient(x, y);
        Agreement.Require(Plain(), value, "value");
        Agreement.Require([ex, ey], [vx, vy], "ValueAndGradient");
        Agreement.Require([ex, ey], [fastGradient(x, y).Item1, fastGradient(x, y).Item2], "CompileFast");
    }

    [Benchmark]
    public double Plain() => (x + Sig(y)) / (Sig(x) + (x + y) * (x + y));

    /// <summary>The notes' eight cached forward stages and their backward pass, += where a variable fans out.</summary>
    [Benchmark(Baseline = true)]
    public (double, double) HandWritten() => HandWrittenAt(x, y);

    private static (double, double) HandWrittenAt(double x, double y)
    {
        double sigy = Sig(y), num = x + sigy, sigx = Sig(x), xpy = x + y, xpysqr = xpy * xpy;
        double den = sigx + xpysqr, invden = 1 / den;
        double dnum = invden, dinvden = num;
        double dden = -1 / (den * den) * dinvden;
        double dsigx = dden, dxpysqr = dden;
        double dxpy = 2 * xpy * dxpysqr;
        double dx = dxpy, dy = dxpy;
        dx += (1 - sigx) * sigx * dsigx;
        dx += dnum;
        double dsigy = dnum;
        dy += (1 - sigy) * sigy * dsigy;
        return (dx, dy);
    }

    [Benchmark]
    public (double, double) GradOf() => gradient(x, y);

    /// <summary>
    /// The hand-written gradient called the way <c>Grad.Of</c>'s is, through a delegate of the same type: the call and the
    /// returned tuple's copy are then the same on both sides, and what differs is the code.
    /// </summary>
    [Benchmark]
    public (double, double) HandWrittenThroughDelegate() => handWrittenDelegate(x, y);

    /// <summary><c>Grad.Of</c> with <see cref="GradientOptions.InlineScalarOps"/> off: σ through a call the JIT does not inline.</summary>
    [Benchmark]
    public (double, double) GradOfOpsCalled() => gradientOpsCalled(x, y);

    [Benchmark]
    public (double, (double, double)) ValueAndGradient() => valueAndGradient(x, y);

    [Benchmark]
    public (double, double) GradOfCompileFast() => fastGradient(x, y);

    private static double Sig(double z) => 1 / (1 + Math.Exp(-z));
}
