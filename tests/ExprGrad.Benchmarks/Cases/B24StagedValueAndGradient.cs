using System.Linq.Expressions;
using BenchmarkDotNet.Attributes;
using static ExprGrad.Ops;

namespace ExprGrad.Benchmarks;

/// <summary>
/// B24: B3's staged f(x, y) with a hand-written value-and-gradient twin as the baseline, returning the same
/// <c>(double, (double, double))</c> (24 bytes, returned through memory where B3's two-double gradient comes back in
/// registers), so that <c>ValueAndGradient</c> is set beside hand code doing the same work.
/// </summary>
[MemoryDiagnoser]
public class B24StagedValueAndGradient
{
    private static readonly Expression<Func<double, double, double>> Staged =
        (x, y) => (x + Sigmoid(y)) / (Sigmoid(x) + (x + y) * (x + y));

    private Func<double, double, (double Value, (double, double) Gradient)> valueAndGradient = null!;
    private readonly B3Staged staged = new();
    private double x = 3, y = -4;

    [GlobalSetup]
    public void Setup()
    {
        staged.Setup();
        valueAndGradient = Grad.ValueAndGradient(Staged);
        var (value, (hx, hy)) = HandWrittenValueAndGradient();
        var (v, (gx, gy)) = ValueAndGradient();
        Agreement.Require(staged.Plain(), value, "hand-written value");
        Agreement.Require([value, hx, hy], [v, gx, gy], "ValueAndGradient");
    }

    [Benchmark]
    public (double, double) HandWrittenGradient() => staged.HandWritten();

    /// <summary>B3's hand-written gradient (the notes' stages) returning the value it has computed too.</summary>
    [Benchmark(Baseline = true)]
    public (double, (double, double)) HandWrittenValueAndGradient()
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
        return (num * invden, (dx, dy));
    }

    [Benchmark]
    public (double, (double, double)) ValueAndGradient() => valueAndGradient(x, y);

    private static double Sig(double z) => 1 / (1 + Math.Exp(-z));
}
