using System.Linq.Expressions;
using ExprGrad.Tests.Support;
using FsCheck.Xunit;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Imperative;

/// <summary>
/// Issue 13, local arrays written in a loop (<see cref="GradientOptions.WriteArraysInPlace"/>): an array filled
/// before it is read is written in place, forward and backward, where it used to be copied at every write (O(n²)
/// for n writes). The same bits with the switch off, the hand-derived gradient either way, Hessians and
/// Jacobian-vector products unchanged, and the memory of a call linear in n.
/// </summary>
public class InPlaceArrayWriteTests
{
    private static readonly GradientOptions Copying = GradientOptions.Default with { WriteArraysInPlace = false };

    public static TheoryData<string> ShapeNames() => [.. ArrayWriteShapes.All.Keys];

    private static IEnumerable<double[]> Points() =>
    [
        [0.5, -1.25, 2.0, 0.75],
        [-0.3, 0.9],
        [1.5, 0.0, -2.5, 0.25, 3.0, -0.125, 0.625],
    ];

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public void EachShapeHasItsHandDerivedGradient(string name)
    {
        var shape = ArrayWriteShapes.All[name];
        var (inPlace, copying) = (Grad.Of(shape.F), Grad.Of(shape.F, Copying));
        foreach (var x in Points())
        {
            CentralDifferences.AssertClose(shape.Expected(x), inPlace(x), name, relTol: 1e-12, absTol: 1e-12);
            CentralDifferences.AssertClose(shape.Expected(x), copying(x), name + ", copying", relTol: 1e-12, absTol: 1e-12);
        }
    }

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public void TheArraysFilledBeforeTheyAreReadAndOnlyThoseAreWrittenInPlace(string name)
    {
        var shape = ArrayWriteShapes.All[name];
        var code = GradientCode.ToCSharp(Grad.GradientExpression(shape.F));
        Assert.Equal(shape.InPlace, code.Contains("ArrayWrites.Set", StringComparison.Ordinal));
        Assert.DoesNotContain("ArrayWrites", GradientCode.ToCSharp(Grad.GradientExpression(shape.F, Copying)), StringComparison.Ordinal);
    }

    [Property(Replay = "(271201,130541)", MaxTest = 60)]
    public void InPlaceAndCopyingGiveTheSameBits(double[] x)
    {
        if (x is null || x.Length < 2 || x.Any(v => !double.IsFinite(v) || Math.Abs(v) > 1e3)) return;
        foreach (var (name, shape) in ArrayWriteShapes.All)
        {
            var (values, reference) = (Grad.ValueAndGradient(shape.F)(x), Grad.ValueAndGradient(shape.F, Copying)(x));
            Assert.Equal(reference.Value, values.Value);
            Assert.True(reference.Gradient.SequenceEqual(values.Gradient), name);
        }
    }

    [Fact]
    public void HessianThroughAFillLoop()
    {
        // f = Σ sin x_i · x_i: ∂²f/∂x_i² = 2·cos x_i − x_i·sin x_i, no cross terms.
        var hessian = Grad.Hessian(ArrayWriteShapes.All["fill, then read"].F);
        double[] x = [0.5, -1.25, 2.0];
        var h = hessian(x);
        for (int i = 0; i < x.Length; i++)
            for (int j = 0; j < x.Length; j++)
                Assert.True(CentralDifferences.Close(i == j ? 2 * Math.Cos(x[i]) - x[i] * Math.Sin(x[i]) : 0, h[i, j], 1e-12, 1e-12), $"H[{i},{j}] = {h[i, j]}");
    }

    /// <summary>f(x) = r, r[i] = x_i² filled in a loop: J = diag(2·x_i).</summary>
    private static Expression<Func<double[], double[]>> Squares()
    {
        var x = Parameter(typeof(double[]), "x");
        var (r, i) = (Variable(typeof(double[]), "r"), Variable(typeof(int), "i"));
        return Lambda<Func<double[], double[]>>(Block([r, i],
            Assign(r, NewArrayBounds(typeof(double), ArrayLength(x))),
            ArrayWriteShapes.For(i, ArrayLength(x), Assign(ArrayAccess(r, i), Multiply(ArrayIndex(x, i), ArrayIndex(x, i)))),
            r), x);
    }

    [Fact]
    public void VectorFunctionFilledInPlaceLeavesTheCallersSeedAlone()
    {
        double[] x = [0.5, -1.5, 2.0], seed = [1.0, 2.0, -3.0];
        var vjp = Grad.VectorJacobianProduct(Squares())(x, seed);
        Assert.Equal(new[] { 2 * 0.5 * 1.0, 2 * -1.5 * 2.0, 2 * 2.0 * -3.0 }, vjp);
        Assert.Equal(new[] { 1.0, 2.0, -3.0 }, seed);
        Assert.Equal(new[] { 2 * 0.5 * 1.0, 2 * -1.5 * 2.0, 2 * 2.0 * -3.0 }, Grad.JacobianVectorProduct(Squares())(x, seed));
    }

    [Fact]
    public void AFillLoopAllocatesLinearlyInItsLength()
    {
        // Copying allocated n arrays of n doubles forward and again backward (16 MB a call at n = 1000); in place, a
        // call allocates the array, its adjoint and the gradient: three arrays of 8·n bytes and their headers.
        const int n = 1000;
        var grad = Grad.Of(ArrayWriteShapes.All["fill, then read"].F);
        var x = Enumerable.Range(0, n).Select(k => Math.Sin(0.37 * k)).ToArray();
        grad(x);
        long before = GC.GetAllocatedBytesForCurrentThread();
        grad(x);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(allocated, 3 * 8 * n, 4 * (8 * n + 64));
    }
}
