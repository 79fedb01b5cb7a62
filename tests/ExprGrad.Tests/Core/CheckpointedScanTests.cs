using System.Linq.Expressions;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Core;

/// <summary><c>Ops.Scan(steps, initial, step, checkpointEvery)</c>: its value, its argument checks, hand-derived
/// gradients, nested and interleaved scans against the plain form, and the entry points of forward mode.</summary>
public class CheckpointedScanTests
{
    private static readonly double[] Data = [.. Enumerable.Range(0, 40).Select(i => Math.Cos(0.7 * i))];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(9)]
    public void OutsideAGradientItIsThePlainScan(int every)
    {
        Func<double, int, double> step = (s, t) => Math.Sin(s) + 0.1 * t;
        Assert.Equal(Scan(5, 0.3, step), Scan(5, 0.3, step, every));
    }

    [Fact]
    public void NegativeIntervalThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Scan(3, 1.0, (s, t) => s, -1));
        Assert.Equal("checkpointEvery", e.ParamName);
    }

    public static TheoryData<string, GradientOptions> NegativeIntervals => new()
    {
        // Read by index: checkpointed (the store checks); read whole, or with checkpointing off: a plain scan (the emitted check).
        { "index", GradientOptions.Default },
        { "whole", GradientOptions.Default },
        { "index", new GradientOptions { Checkpointing = false } },
    };

    [Theory]
    [MemberData(nameof(NegativeIntervals))]
    public void NegativeIntervalThrowsNamingItInsideAGradient(string read, GradientOptions options)
    {
        int every = -2;
        var grad = read == "index"
            ? Grad.Of((double x) => Scan(3, x, (s, t) => s * x, every)[3], options)
            : Grad.Of((double x) => Sum(Scan(3, x, (s, t) => s * x, every)), options);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => grad(2.0));
        Assert.Equal("checkpointEvery", e.ParamName);
    }

    [Fact]
    public void NegativeStepsStillNameTheSteps()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Grad.Of((double x) => Scan(-1, x, (s, t) => s, 2)[0])(1.0));
        Assert.Equal("steps", e.ParamName);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(-1)]
    public void ReadingPastTheStatesThrowsAsTheArrayWould(int index)
    {
        // Scan(3, …) has states s₀ … s₃: the plain scan's array throws IndexOutOfRangeException, so does the store.
        Assert.Throws<IndexOutOfRangeException>(() => Grad.Of((double x) => Let(Scan(3, x, (s, t) => s * x), xs => xs[index]))(2.0));
        Assert.Throws<IndexOutOfRangeException>(() => Grad.Of((double x) => Let(Scan(3, x, (s, t) => s * x, 2), xs => xs[index]))(2.0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(10)]
    public void GradientOfAPowerTower(int every)
    {
        // s₀ = x, s_{t+1} = y·s_t: s₄ = x·y⁴, so ∂/∂x = y⁴ = 16 and ∂/∂y = 4·x·y³ = 96 at (3, 2), exact in doubles;
        // s₂ = x·y² adds 4 and 12: (20, 108).
        var (dx, dy) = Grad.Of((double x, double y) => Let(Scan(4, x, (s, t) => y * s, every), xs => xs[4] + xs[2]))(3, 2);
        Assert.Equal((20.0, 108.0), (dx, dy));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void ScanInsideALoopBodyAndScansReadingEachOther(int every)
    {
        // A scan per term of a sum (a fresh store per iteration, recomputed by the sum's backward pass), and a
        // scan whose step reads another scan's states, in order and backwards, so its segments fill the other's.
        Expression<Func<double[], double>> nested = p => Sum(3, j => Let(Scan(6, p[0] * j, (s, t) => Math.Tanh(p[1] * s + Data[t])), xs => xs[6] * xs[j]));
        Expression<Func<double[], double>> interleaved = p => Let(Scan(8, p[0], (s, t) => Math.Sin(p[1] * s + t)), a =>
            Let(Scan(8, p[2], (s, t) => s * p[3] + a[t] * a[8 - t]), b => Sum(9, i => b[i] * a[i])));
        double[] point = [0.4, -0.8, 0.3, 0.6];
        foreach (var f in new[] { nested, interleaved })
            Assert.Equal(Grad.Of(f)(point), Grad.Of(CheckpointedScanProgram.WithInterval(f, every))(point));
    }

    [Fact]
    public void ScanInsideACheckpointedScansStep()
    {
        Expression<Func<double[], double>> f = p => Let(Scan(12, p[0], (s, t) => Let(Scan(3, s, (r, u) => Math.Cos(r * p[1])), inner => inner[3] + 0.5 * s)),
            xs => Sum(13, i => xs[i] * Data[i]));
        double[] point = [0.9, 1.3, 0, 0];
        Assert.Equal(Grad.Of(f)(point), Grad.Of(CheckpointedScanProgram.WithInterval(f, 0))(point));
    }

    [Fact]
    public void OnlyIndexedReadsAreCheckpointed()
    {
        // GradientCode shows the store where the states are read by index, and a plain array where they are read whole.
        Assert.Contains("new CheckpointStore<double>(", GradientCode.Of((double x) => Let(Scan(20, x, (s, t) => Math.Sin(s * x), 0), xs => xs[20] + xs[3])));
        Assert.DoesNotContain("new CheckpointStore<double>(", GradientCode.Of((double x) => Sum(Scan(20, x, (s, t) => Math.Sin(s * x), 0))));
        Expression<Func<double, double>> f = x => Let(Scan(20, x, (s, t) => Math.Sin(s * x), 0), xs => xs[20] + xs[3]);
        Assert.DoesNotContain("new CheckpointStore<double>(", GradientCode.ToCSharp(Grad.ValueAndGradientExpression(f, new GradientOptions { Checkpointing = false })));
    }

    [Fact]
    public void ForwardModeEntryPointsAcceptTheCheckpointedScan()
    {
        // Scan(3, y, s ↦ s·y) has states y … y⁴: d/dy y⁴ = 4y³ = 32 at 2 (as for the plain scan in NestedDerivativeLanguageTests).
        Assert.Equal(32.0, Derivative(y => Scan(3, y, (s, t) => s * y, 2)[3], 2.0), 12);
        Assert.Equal(128.0, Grad.Of((double x) => Derivative(y => Scan(2, x * y, (s, t) => s * s, 1)[2], 1.0))(2.0), 9);
        Expression<Func<double[], double>> f = p => Scan(5, p[0], (s, t) => Math.Tanh(p[1] * s + 0.1 * t))[5] * p[2];
        Expression<Func<double[], double[]>> v = p => new[] { Scan(5, p[0], (s, t) => Math.Tanh(p[1] * s + 0.1 * t))[5], p[1] };
        double[] point = [0.3, 0.7, -1.2];
        Assert.Equal(Grad.Hessian(f)(point), Grad.Hessian(CheckpointedScanProgram.WithInterval(f, 2))(point));
        Assert.Equal(Grad.Jacobian(v)(point), Grad.Jacobian(CheckpointedScanProgram.WithInterval(v, 0))(point));
        Assert.Equal(Grad.JacobianVectorProduct(v)(point, [1, 2, 3]), Grad.JacobianVectorProduct(CheckpointedScanProgram.WithInterval(v, 3))(point, [1, 2, 3]));
        Assert.Equal(Grad.VectorJacobianProduct(v)(point, [1, -1]), Grad.VectorJacobianProduct(CheckpointedScanProgram.WithInterval(v, 1))(point, [1, -1]));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(10, 4)]
    [InlineData(100, 10)]
    [InlineData(1_000_000, 1000)]
    public void AutomaticIntervalIsTheCeilingOfTheSquareRoot(int steps, int expected) =>
        Assert.Equal(expected, CheckpointStore<double>.Interval(steps, 0));
}
