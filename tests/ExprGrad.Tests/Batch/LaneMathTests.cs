using System.Numerics;

namespace ExprGrad.Tests.Batch;

/// <summary>The SIMD primitives of batch kernels against System.Math at special and ordinary values: the same
/// infinities, zeros and NaNs (so the conventions hold per lane), finite results within a few ulps.</summary>
public class LaneMathTests
{
    private static readonly double[] Inputs =
        [0, -0.0, 1e-310, -1e-310, 0.5, -0.5, 1, -1, 3, -3, 20, -20, 700, 709.7, 710, -708, -745, -746, 1e10, -1e10,
         double.PositiveInfinity, double.NegativeInfinity, double.NaN];

    public static TheoryData<string> Functions => new() { "Exp", "Log", "Sqrt", "Abs", "Sin", "Cos", "Tanh", "Sigmoid" };

    [Theory]
    [MemberData(nameof(Functions))]
    public void AgreesWithMathLaneByLane(string name)
    {
        Func<double, double> scalar = name switch
        {
            "Exp" => Math.Exp, "Log" => Math.Log, "Sqrt" => Math.Sqrt, "Abs" => Math.Abs, "Sin" => Math.Sin,
            "Cos" => Math.Cos, "Tanh" => Math.Tanh, _ => Ops.Sigmoid,
        };
        var lanes = (Func<Vector<double>, Vector<double>>)typeof(LaneMath).GetMethod(name)!.CreateDelegate(typeof(Func<Vector<double>, Vector<double>>));
        foreach (var x in Inputs)
        {
            double expected = scalar(x), actual = lanes(new Vector<double>(x))[0];
            if (double.IsNaN(expected) || double.IsInfinity(expected) || expected == 0)
                Assert.True(expected.Equals(actual) || (expected == 0 && actual == 0), $"{name}({x}) = {actual}, Math gives {expected}");
            else
            {
                double ulp = Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected);
                Assert.True(Math.Abs(actual - expected) <= 4 * ulp, $"{name}({x}) = {actual:R}, Math gives {expected:R}");
            }
        }
    }

    [Fact]
    public void TanhOfASubnormalIsTheSubnormalNotMinusZero()
    {
        // Found by AgreesWithMathLaneByLane: TensorPrimitives.Tanh(1e-310) is −0; tanh x = x − x³/3 + … is x
        // itself in doubles for |x| below about 1e-8.
        Assert.Equal(1e-310, LaneMath.Tanh(new Vector<double>(1e-310))[0]);
        Assert.Equal(-1e-310, LaneMath.Tanh(new Vector<double>(-1e-310))[0]);
        Assert.Equal(1e-9, LaneMath.Tanh(new Vector<double>(1e-9))[0]);
    }

    [Fact]
    public void NegationFlipsTheSignOfZero()
    {
        // −(+0) is −0 under IEEE; 0 − x would give +0, and 1/(−x) would then be +∞ instead of −∞.
        Assert.True(double.IsNegative(LaneMath.Negate(new Vector<double>(0.0))[0]));
        Assert.True(double.IsNaN(LaneMath.Negate(new Vector<double>(double.NaN))[0]));
    }
}
