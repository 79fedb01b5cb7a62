using System.Linq.Expressions;

namespace ExprGrad.Tests.Performance;

/// <summary>
/// Issues 17 and 18: the buffer twins allocate nothing per call once warm, for straight-line code and loops over
/// scalars (their allocating forms return fresh arrays: H·v and the gradient under it, 96 bytes for three unknowns;
/// the Hessian 544; J·v and the output under it 112 for four outputs). Vector functions pack their output with
/// <c>new[] { … }</c>. Byte counts are deterministic for a given runtime; timings are not.
/// </summary>
public class IntoAllocationTests
{
    private static readonly double[] Data = [.. Enumerable.Range(0, 50).Select(i => Math.Cos(i))];

    public static readonly TheoryData<string> Functions = ["straight", "loop"];

    private static Expression<Func<double[], double>> Function(string name) => name == "straight"
        ? x => x[0] * x[1] + Math.Sin(x[2]) * x[0] + (x[1] > 0 ? Math.Exp(x[1]) : x[1] * x[2])
        : x => Ops.Sum(Data.Length, i => Math.Exp(x[0] * Data[i]) + x[1] * x[2] * Data[i]);

    [Theory]
    [MemberData(nameof(Functions))]
    public void HessianVectorProductIntoAllocatesNothing(string name)
    {
        var hvp = Grad.HessianVectorProductInto(Function(name));
        double[] x = [0.3, -0.7, 1.1], v = [1, 2, 3], result = new double[3];
        AssertNoAllocation(i =>
        {
            x[0] = 0.3 + i * 1e-4;
            hvp(x, v, result);
            return result[0];
        });
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void HessianIntoAllocatesNothing(string name)
    {
        var hessian = Grad.HessianInto(Function(name));
        double[] x = [0.3, -0.7, 1.1];
        var result = new double[3, 3];
        AssertNoAllocation(i =>
        {
            x[0] = 0.3 + i * 1e-4;
            hessian(x, result);
            return result[0, 0];
        });
    }

    /// <summary>Four outputs (forward mode for the Jacobian of three unknowns) or two (reverse mode).</summary>
    private static Expression<Func<double[], double[]>> Vector(string name, int outputs) => (name, outputs) switch
    {
        ("straight", 4) => x => new[] { x[0] * x[1], Math.Sin(x[2]) + x[0], Math.Exp(x[1] - x[2]), x[0] > 0 ? x[0] * x[2] : x[1] },
        ("straight", _) => x => new[] { x[0] * x[1] * x[2], Math.Sin(x[2]) + x[0] * x[0] },
        (_, 4) => x => new[] { Ops.Sum(Data.Length, i => Math.Exp(x[0] * Data[i])), x[1] * x[2], Ops.Sum(Data.Length, i => x[2] * Data[i] * x[1]), x[0] },
        _ => x => new[] { Ops.Sum(Data.Length, i => Math.Exp(x[0] * Data[i]) * x[2]), x[1] * x[2] },
    };

    [Theory]
    [MemberData(nameof(Functions))]
    public void JacobianTwinsAllocateNothing(string name)
    {
        double[] x = [0.3, -0.7, 1.1], v = [1, 2, 3], seed = [1, -1], jv = new double[4], vj = new double[3];
        var (wide, narrow) = (Vector(name, 4), Vector(name, 2));
        var (jvp, vjp) = (Grad.JacobianVectorProductInto(wide), Grad.VectorJacobianProductInto(narrow));
        var (forward, reverse) = (Grad.JacobianInto(wide), Grad.JacobianInto(narrow));
        var (tall, flat) = (new double[4, 3], new double[2, 3]);
        AssertNoAllocation(i =>
        {
            x[0] = 0.3 + i * 1e-4;
            jvp(x, v, jv);
            vjp(x, seed, vj);
            forward(x, tall);
            reverse(x, flat);
            return jv[0] + vj[0] + tall[0, 0] + flat[0, 0];
        });
    }

    private static void AssertNoAllocation(Func<int, double> call) => AllocationTests.AssertNoAllocation(call);
}
