using System.Reflection;
using System.Runtime.CompilerServices;
using K = ExprGrad.Runtime.Kernels;

namespace ExprGrad.Tests.Kernels;

/// <summary>
/// The products' micro-kernels are compiled fully optimized at their first call. At tier 0 nothing is inlined and
/// B5's gradient ran 40–70× slower until call counting promoted them, which a micro-kernel's short loops (too
/// few iterations for on-stack replacement) delay past the first few dozen calls: BenchmarkDotNet measured
/// whichever of Grad.Of and ValueAndGradient ran first at 4–7 ms against 0.6 ms.
/// </summary>
public class OptimizedKernelTests
{
    public static TheoryData<string> MicroKernels =>
        new() { "ProductRows", "Tile4", "Tile1", "DotRows", "Dot2x4", "OuterRows", "SigmoidBackwardRows" };

    [Theory, MemberData(nameof(MicroKernels))]
    public void Product_micro_kernels_skip_tier_zero(string name)
    {
        var methods = typeof(K).GetMethods(BindingFlags.NonPublic | BindingFlags.Static).Where(m => m.Name == name).ToList();
        Assert.NotEmpty(methods);
        Assert.All(methods, m => Assert.True(
            m.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization), $"{m} starts at tier 0"));
    }
}
