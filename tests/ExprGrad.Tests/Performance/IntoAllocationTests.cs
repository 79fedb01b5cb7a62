using System.Linq.Expressions;

namespace ExprGrad.Tests.Performance;

/// <summary>
/// Issues 17 and 18: the second-order buffer twins allocate nothing per call once warm, for straight-line code
/// and loops over scalars (their allocating forms return fresh arrays: H·v and the gradient under it, 96 bytes
/// for three unknowns; the Hessian 544). Byte counts are deterministic for a given runtime; timings are not.
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

    private static void AssertNoAllocation(Func<int, double> call) => AllocationTests.AssertNoAllocation(call);
}
