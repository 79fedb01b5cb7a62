using System.Linq.Expressions;
using ExprGrad.Tests.Support;
using FsCheck.Xunit;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Imperative;

/// <summary>
/// Issue 13's imperative loops: which states keep a trail, indices recomputed from the iteration number, the
/// accumulator's constant carry folded, trails reused across calls. Each switch is exact, so every loop shape
/// gives the same bits with any of them off, and the same gradient as central differences.
/// </summary>
public class LoopTrailTests
{
    private static readonly string[] Switches =
        [nameof(GradientOptions.RecomputeLoopIndices), nameof(GradientOptions.FoldInvariantCarries),
         nameof(GradientOptions.TrailOnlyReadStates), nameof(GradientOptions.ReuseTrails)];

    private static readonly GradientOptions AllOff = GradientOptions.Default with
    {
        RecomputeLoopIndices = false, FoldInvariantCarries = false, TrailOnlyReadStates = false, ReuseTrails = false,
    };

    public static TheoryData<string, string> ShapesAndSettings()
    {
        var data = new TheoryData<string, string>();
        foreach (var shape in LoopShapes.All.Keys)
            foreach (var setting in Switches.Append("all four"))
                data.Add(shape, setting);
        return data;
    }

    public static TheoryData<string> ShapeNames() => [.. LoopShapes.All.Keys];

    private static GradientOptions Off(string setting) => setting == "all four"
        ? AllOff
        : GradientOptions.Default.With(GradientOptions.Passes.Single(p => p.Name == setting), false);

    /// <summary>Points of several lengths, some with elements above √2 (so the early break is taken) and below 0.</summary>
    private static IEnumerable<double[]> Points()
    {
        var random = new Random(1301);
        foreach (var n in new[] { 4, 5, 7, 10 })
            for (int repeat = 0; repeat < 2; repeat++)
                yield return [.. Enumerable.Range(0, n).Select(_ => Math.Round(3 * random.NextDouble() - 1.5, 3))];
    }

    [Theory]
    [MemberData(nameof(ShapesAndSettings))]
    public void EachSwitchOffGivesTheSameBits(string shape, string setting)
    {
        var f = LoopShapes.All[shape];
        var (on, off) = (Grad.ValueAndGradient(f), Grad.ValueAndGradient(f, Off(setting)));
        var (ofOn, ofOff) = (Grad.Of(f), Grad.Of(f, Off(setting)));
        foreach (var x in Points())
        {
            var (expected, actual) = (on(x), off(x));
            Assert.Equal(Bits(expected.Value), Bits(actual.Value));
            Assert.Equal(Bits(expected.Gradient), Bits(actual.Gradient));
            Assert.Equal(Bits(ofOn(x)), Bits(ofOff(x)));
            Assert.Equal(Bits(expected.Gradient), Bits(ofOn(x)));
        }
    }

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public void GradientMatchesCentralDifferences(string shape)
    {
        var f = LoopShapes.All[shape];
        var (plain, grad) = (f.Compile(), Grad.ValueAndGradient(f));
        foreach (var x in Points())
        {
            // The loops that branch on the data are piecewise smooth; these points are not near a switch.
            var (value, gradient) = grad(x);
            Assert.Equal(plain(x), value);
            CentralDifferences.AssertClose(CentralDifferences.Gradient(plain, x), gradient, $"{shape} at [{string.Join(", ", x)}]");
        }
    }

    [Fact]
    public void AnAccumulatorLoopKeepsNoTrail()
    {
        // acc += e and i++: the backward pass needs neither acc (its adjoint passes through unchanged) nor i
        // (it is the iteration number), so the gradient program creates no trail and multiplies by no carry.
        var code = GradientCode.Of(LoopShapes.All["accumulator, i++ (B8's Rosenbrock)"]);
        Assert.DoesNotContain("Trail", code);
        Assert.DoesNotContain("carry", code);
    }

    [Fact]
    public void AStateTheBackwardPassReadsKeepsItsTrailAndOnlyThat()
    {
        // Horner: acc = acc·x[0] + x[k] reads acc (∂/∂x[0] = acc), k is k₀ − iteration.
        var code = GradientCode.Of(LoopShapes.All["Horner, k-- in the if/else form: the state is read"]);
        // A compiled program rents its trails from a pool; printed, each is a new Trail<T> (issue 19: printable code).
        Assert.Contains("new Trail<double>()", code);
        Assert.DoesNotContain("Trail<int>", code);
    }

    [Fact]
    public void AnIndexSteppedInABranchKeepsItsTrail()
    {
        var code = GradientCode.Of(LoopShapes.All["index stepped in a branch: not an induction variable"]);
        Assert.Contains("new Trail<int>()", code);
        Assert.DoesNotContain("Trail<double>", code);
    }

    [Fact]
    public void ALoopWithoutAGradientKeepsNoTrailInAForwardProgram()
    {
        // A Jacobian's forward program never replays a loop backwards: none of its trails is read.
        var (acc, i) = (Variable(typeof(double), "acc"), Variable(typeof(int), "i"));
        var x = Parameter(typeof(double[]), "x");
        var exit = Label("exit");
        var f = Lambda<Func<double[], double[]>>(Block([acc, i],
            Assign(acc, Constant(1.0)),
            Assign(i, Constant(0)),
            Loop(Block(IfThen(GreaterThanOrEqual(i, ArrayLength(x)), Break(exit)), MultiplyAssign(acc, ArrayIndex(x, i)), PreIncrementAssign(i)), exit),
            NewArrayInit(typeof(double), acc, Multiply(acc, acc))), x);
        // d(Π x, (Π x)²) at (2, 3): Π = 6, rows (3, 2) and 2·6·(3, 2) = (36, 24).
        var expected = new double[,] { { 3, 2 }, { 36, 24 } };
        Assert.Equal(expected, Grad.Jacobian(f)([2, 3]));
        Assert.Equal(expected, Grad.Jacobian(f, AllOff)([2, 3]));
        Assert.DoesNotContain("Trail", GradientCode.ToCSharp(Pipeline.BuildVectorProgram(f, ProgramKind.Forward, null)));
        Assert.Contains("Trail", GradientCode.ToCSharp(Pipeline.BuildVectorProgram(f, ProgramKind.Forward, AllOff)));
    }

    /// <summary>
    /// acc = 0; n = 0; i = start; while (n &lt; 5) { acc += x[n]·i; i += step; n++; } with step a constant or a value
    /// computed before the loop: ∂acc/∂x[n] = start + n·step, wrapped like int arithmetic. The recomputed index
    /// wraps exactly as the stepped one, at the edges of int too.
    /// </summary>
    [Property(Replay = "(130113,271131)", MaxTest = 60)]
    public void ARecomputedIndexWrapsLikeTheSteppedOne(int smallStart, int smallStep, bool stepIsAVariable)
    {
        // FsCheck's ints are small; an odd multiplier maps them one-to-one over the whole range, so most cases wrap.
        var (start, step) = (unchecked(smallStart * 2_147_483_629), unchecked(smallStep * 1_073_741_827));
        var x = Parameter(typeof(double[]), "x");
        var (acc, n, i, s) = (Variable(typeof(double), "acc"), Variable(typeof(int), "n"), Variable(typeof(int), "i"), Variable(typeof(int), "s"));
        var exit = Label("exit");
        // x[5] is 0 at the points below: (int)x[5] + step is step, but a stage the compiler cannot fold.
        var stepValue = stepIsAVariable ? Add(Convert(ArrayIndex(x, Constant(5)), typeof(int)), Constant(step)) : (Expression)Constant(step);
        var f = Lambda<Func<double[], double>>(Block([acc, n, i, s],
            Assign(acc, Constant(0.0)),
            Assign(n, Constant(0)),
            Assign(i, Constant(start)),
            Assign(s, stepValue),
            Loop(Block(
                IfThen(GreaterThanOrEqual(n, Constant(5)), Break(exit)),
                AddAssign(acc, Multiply(ArrayIndex(x, n), Convert(i, typeof(double)))),
                AddAssign(i, s),
                PreIncrementAssign(n)), exit),
            acc), x);
        double[] point = [0.5, -1, 2, 0.25, 3, 0];
        var expected = Enumerable.Range(0, 5).Select(k => (double)unchecked(start + k * step)).Append(0).ToArray();
        Assert.Equal(Bits(expected), Bits(Grad.Of(f)(point)));
        Assert.Equal(Bits(expected), Bits(Grad.Of(f, AllOff)(point)));
    }

    private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);

    private static long[] Bits(double[] values) => [.. values.Select(Bits)];
}
