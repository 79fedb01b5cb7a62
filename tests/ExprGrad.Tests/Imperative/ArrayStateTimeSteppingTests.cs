using System.Linq.Expressions;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Imperative;

/// <summary>
/// Issue 17, array state in time stepping: the explicit heat equation u ← u + k·(u[j−1] − 2u[j] + u[j+1]) written
/// the four ways an imperative program writes it. Each step used to copy the state at every element written (O(n²)
/// a step); with a fresh version per filling loop (<see cref="ArrayVersions"/>) it is written in place. Gradients
/// against an adjoint written by hand, the same bits with <see cref="GradientOptions.WriteArraysInPlace"/> off, and
/// the memory of a call linear in n·T.
/// </summary>
public class ArrayStateTimeSteppingTests
{
    public static TheoryData<string> Forms() => [.. HeatForms.Names];

    private static double[] Observed(int n) => [.. Enumerable.Range(0, n).Select(j => Math.Sin(0.7 * j))];

    private static double[] Initial(int n) => [.. Enumerable.Range(0, n).Select(j => Math.Cos(0.3 * j) + 0.1 * j)];

    [Theory]
    [MemberData(nameof(Forms))]
    public void EachFormHasTheHandAdjointsGradient(string form)
    {
        const int n = 7, steps = 5;
        const double k = 0.23;
        var (u0, observed) = (Initial(n), Observed(n));
        var f = HeatForms.Build(form, n, steps, observed);
        var (gu, gk) = Grad.Of(f)(u0, k);
        var (hu, hk) = HeatForms.HandAdjoint(u0, k, steps, observed);
        Assert.True(Math.Abs(gk - hk) <= 1e-12 * Math.Abs(hk), $"∂/∂k: {gk} vs {hk}");
        for (int j = 0; j < n; j++) Assert.True(Math.Abs(gu[j] - hu[j]) <= 1e-12 * (1 + Math.Abs(hu[j])), $"∂/∂u0[{j}]: {gu[j]} vs {hu[j]}");
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void EachFormGivesTheSameBitsWithoutInPlaceWrites(string form)
    {
        const int n = 6, steps = 4;
        var f = HeatForms.Build(form, n, steps, Observed(n));
        var copying = GradientOptions.Default with { WriteArraysInPlace = false };
        var (a, b) = (Grad.ValueAndGradient(f)(Initial(n), 0.31), Grad.ValueAndGradient(f, copying)(Initial(n), 0.31));
        Assert.Equal(b.Value, a.Value);
        Assert.Equal(b.Gradient.Item2, a.Gradient.Item2);
        Assert.True(b.Gradient.Item1.SequenceEqual(a.Gradient.Item1));
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void TimeSteppingWithArrayStateNoLongerCopiesTheStateAtEveryWrite(string form)
    {
        // Copying at each write allocated a state of n doubles per element written: steps·n² doubles, 32 MB here.
        // Written in place, a step allocates a handful of arrays of n (the new state, its replay, adjoints): the
        // bound, 16 arrays a step, is 512 KB.
        const int n = 1000, steps = 4;
        var grad = Grad.Of(HeatForms.Build(form, n, steps, Observed(n)));
        var u0 = Initial(n);
        grad(u0, 0.2);
        long before = GC.GetAllocatedBytesForCurrentThread();
        grad(u0, 0.2);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(allocated, 8 * n, 16 * steps * 8 * n);
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void GradCompileOfTimeSteppingNoLongerCopiesTheStateAtEveryWrite(string form)
    {
        // Grad.Compile built its forward program without in-place writes (they were off for every forward program,
        // also those no forward mode transforms): 32 MB a call here, as the gradient's was. Now the states alone.
        const int n = 1000, steps = 4;
        var f = HeatForms.Build(form, n, steps, Observed(n));
        var function = Grad.Compile(f);
        var u0 = Initial(n);
        Assert.Equal(f.Compile()(u0, 0.2), function(u0, 0.2));
        long before = GC.GetAllocatedBytesForCurrentThread();
        function(u0, 0.2);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(allocated, 8 * n, 4 * steps * 8 * n);
    }

    [Fact]
    public void AnUpdateThatReadsTheElementsItWritesStillCopies()
    {
        // u[j] = u[j] + k·(u[j−1] − 2u[j] + u[j+1]) in one sweep (Gauss–Seidel) reads u[j−1] after writing it:
        // each write makes a new version.
        var code = GradientCode.ToCSharp(Grad.GradientExpression(HeatForms.Build("in place, one sweep", 5, 2, Observed(5))));
        Assert.Contains("ArrayValues.With", code, StringComparison.Ordinal);
    }
}
