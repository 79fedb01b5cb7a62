using System.Linq.Expressions;
using FsCheck.Xunit;

namespace ExprGrad.Tests.Performance;

/// <summary>
/// <see cref="GradientOptions.SplitLargeMethods"/>: a program too large for the JIT to optimize runs as several
/// methods handing values on through a reused frame. It must compute exactly what the whole method computes, allocate
/// nothing of its own per call, and stay correct across threads and after a call that throws.
/// </summary>
public class MethodSplittingTests
{
    private static readonly GradientOptions Whole = GradientOptions.Default with { SplitLargeMethods = false };

    /// <summary>Split from the first call (<see cref="GradientOptions.CompileLargeMethodsInTiers"/> would run the first
    /// call whole).</summary>
    private static readonly GradientOptions Untiered = GradientOptions.Default with { CompileLargeMethodsInTiers = false };

    /// <summary>An unrolled Rosenbrock of 20,000 nodes (about 1,500 terms) is well past the size that is split.</summary>
    private static readonly Expression<Func<double[], double>> Unrolled = TreeShapes.UnrolledRosenbrock(20_000);

    private static double[] Point(int n, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() * 3 - 1.5)];
    }

    private static int Terms
    {
        get
        {
            // The tree reads x[0] … x[terms]: its largest constant index.
            int max = 0;
            new IndexFinder(i => max = Math.Max(max, i)).Visit(Unrolled);
            return max;
        }
    }

    [Fact]
    public void SplitUnrolledGradientIsBitIdenticalToTheWholeMethodAndTheHandWrittenOne()
    {
        int n = Terms + 1;
        var x = Point(n, seed: 7);
        var split = Grad.Of(Unrolled, Untiered)(x);
        Assert.Equal(Grad.Of(Unrolled, Whole)(x), split);
        // By hand: each term 100(x[i+1] − x[i]²)² + (1 − x[i])² sends −400·d·x[i] − 2(1 − x[i]) to x[i] and 200·d to x[i+1].
        var expected = new double[n];
        for (int i = 0; i < n - 1; i++)
        {
            double d = x[i + 1] - x[i] * x[i];
            expected[i] += -400 * d * x[i] - 2 * (1 - x[i]);
            expected[i + 1] += 200 * d;
        }
        for (int i = 0; i < n; i++) Assert.Equal(expected[i], split[i], 1e-9 * Math.Max(1, Math.Abs(expected[i])));
        var (value, gradient) = Grad.ValueAndGradient(Unrolled, Untiered)(x);
        var (wholeValue, wholeGradient) = Grad.ValueAndGradient(Unrolled, Whole)(x);
        Assert.Equal(wholeValue, value);
        Assert.Equal(wholeGradient, gradient);
    }

    /// <summary><see cref="GradientOptions.CompileSplitPartsConcurrently"/> changes which thread compiles a part, not the
    /// part: random programs split into parts of a few nodes give the same values, bit for bit, either way.</summary>
    [Property(Replay = "(271828,182845)", MaxTest = 30)]
    public void PartsCompiledConcurrentlyComputeWhatPartsCompiledOneAfterAnotherCompute(int seed, byte budget)
    {
        var random = new Random(seed);
        var f = RandomProgram(random);
        var concurrent = Untiered with { MethodNodeBudget = 2 + budget % 40, CompileSplitPartsConcurrently = true };
        AssertValueAndGradientAgree(f, concurrent with { CompileSplitPartsConcurrently = false }, concurrent, Point(6, seed), random.NextDouble() * 2 - 1);
    }

    /// <summary>The value and gradient of <paramref name="f"/> at (x, y) under <paramref name="actual"/> are those under
    /// <paramref name="expected"/>, bit for bit.</summary>
    private static void AssertValueAndGradientAgree(Expression<Func<double[], double, double>> f, GradientOptions expected,
        GradientOptions actual, double[] x, double y)
    {
        var (value, (gx, gy)) = Grad.ValueAndGradient(f, actual)(x, y);
        var (expectedValue, (expectedGx, expectedGy)) = Grad.ValueAndGradient(f, expected)(x, y);
        Assert.Equal(expectedValue, value);
        Assert.Equal(expectedGx, gx);
        Assert.Equal(expectedGy, gy);
    }

    /// <summary><see cref="GradientOptions.CompileLargeMethodsInTiers"/>: the whole method runs until the call that
    /// compiles the parts, which computes from then on; every call, before and after, gives the split program's values bit
    /// for bit, and concurrent first calls agree too.</summary>
    [Property(Replay = "(161803,398875)", MaxTest = 30)]
    public void TieredProgramComputesWhatTheSplitProgramComputesAtEveryCall(int seed, byte budget, byte tierUp)
    {
        var random = new Random(seed);
        var f = RandomProgram(random);
        var split = Untiered with { MethodNodeBudget = 2 + budget % 40 };
        var tiered = split with { CompileLargeMethodsInTiers = true, TierUpAtCall = 2 + tierUp % 3 };
        var x = Point(6, seed);
        double y = random.NextDouble() * 2 - 1;
        var (expectedValue, (expectedGx, expectedGy)) = Grad.ValueAndGradient(f, split)(x, y);
        var vg = Grad.ValueAndGradient(f, tiered);
        for (int call = 1; call <= tiered.TierUpAtCall + 1; call++)
        {
            var (value, (gx, gy)) = vg(x, y);
            Assert.Equal(expectedValue, value);
            Assert.Equal(expectedGx, gx);
            Assert.Equal(expectedGy, gy);
        }
        var concurrent = Grad.ValueAndGradient(f, tiered);
        var results = new (double, (double[], double))[8];
        Parallel.For(0, results.Length, k => results[k] = concurrent(x, y));
        foreach (var (value, (gx, gy)) in results)
        {
            Assert.Equal(expectedValue, value);
            Assert.Equal(expectedGx, gx);
            Assert.Equal(expectedGy, gy);
        }
    }

    [Fact]
    public void TieredUnrolledGradientGivesTheSplitGradientAtItsFirstCallsAndAfter()
    {
        int n = Terms + 1;
        var x = Point(n, seed: 11);
        var expected = Grad.Of(Unrolled, Untiered)(x);
        var grad = Grad.Of(Unrolled);
        for (int call = 1; call <= 3; call++) Assert.Equal(expected, grad(x));
    }

    [Fact]
    public void UnrolledGradientWithPartsCompiledOneAfterAnotherIsTheConcurrentlyCompiledOne()
    {
        int n = Terms + 1;
        var x = Point(n, seed: 10);
        var sequential = Untiered with { CompileSplitPartsConcurrently = false };
        Assert.Equal(Grad.Of(Unrolled, Untiered)(x), Grad.Of(Unrolled, sequential)(x));
    }

    [Fact]
    public void SplitUnrolledGradientAllocatesOnlyTheGradientArray()
    {
        int n = Terms + 1;
        var grad = Grad.Of(Unrolled);
        var x = Point(n, seed: 8);
        grad(x);
        grad(x);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 10; k++) grad(x);
        long perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 10;
        // One double[n]: a 16-byte header, the 8-byte length, 8 bytes per element (64-bit). Whole, the method
        // also allocated its spill array of about 10,000 doubles per call.
        Assert.Equal(24 + 8L * n, perCall);
    }

    [Fact]
    public void ConcurrentCallsOfASplitGradientAgreeWithSequentialOnes()
    {
        int n = Terms + 1;
        var grad = Grad.Of(Unrolled, Untiered);
        var points = Enumerable.Range(0, 16).Select(s => Point(n, s)).ToArray();
        var expected = points.Select(p => grad(p)).ToArray();
        var actual = new double[points.Length][];
        Parallel.For(0, points.Length * 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k => actual[k % points.Length] = grad(points[k % points.Length]));
        for (int k = 0; k < points.Length; k++) Assert.Equal(expected[k], actual[k]);
    }

    [Fact]
    public void ACallThatThrowsInALaterPartLeavesTheNextCallRight()
    {
        int n = Terms + 1;
        var grad = Grad.Of(Unrolled, Untiered);
        var x = Point(n, seed: 9);
        var expected = grad(x);
        // Too short an array passes the first part's reads and fails in a later part, with the frame rented.
        Assert.Throws<IndexOutOfRangeException>(() => grad(x[..(n / 2)]));
        Assert.Equal(expected, grad(x));
    }

    /// <summary>Regression (the harness found it): a program returning nothing, split, threw "Argument type cannot be
    /// System.Void" while building its result variable.</summary>
    [Fact]
    public void VoidProgramSplitIntoPartsWritesWhatTheWholeMethodWrites()
    {
        // f(x) = (x0·x1, sin x1): ȳᵀJ = (ȳ0·x1, ȳ0·x0 + ȳ1·cos x1).
        var split = Untiered with { MethodNodeBudget = 2 };
        var product = Grad.VectorJacobianProductInto(x => new[] { x[0] * x[1], Math.Sin(x[1]) }, split);
        var result = new double[2];
        product([2.0, 0.5], [3.0, -1.0], result);
        Assert.Equal(3.0 * 0.5, result[0]);
        Assert.Equal(3.0 * 2.0 - Math.Cos(0.5), result[1], 1e-15);
    }

    /// <summary>
    /// Random programs of a double[] and a double — sums, products, quotients, sines, exponentials, branches, loops —
    /// split into parts of a few nodes: the value and the gradient are those of the whole method, bit for bit.
    /// </summary>
    [Property(Replay = "(314159,265359)", MaxTest = 40)]
    public void AnyProgramSplitIntoSmallPartsComputesWhatTheWholeMethodComputes(int seed, byte budget)
    {
        var random = new Random(seed);
        var f = RandomProgram(random);
        var split = Untiered with { MethodNodeBudget = 2 + budget % 40 };
        var x = Point(6, seed);
        double y = random.NextDouble() * 2 - 1;
        AssertValueAndGradientAgree(f, Whole, split, x, y);
        var (ox, oy) = Grad.Of(f, split)(x, y);
        var (wx, wy) = Grad.Of(f, Whole)(x, y);
        Assert.Equal(wx, ox);
        Assert.Equal(wy, oy);
    }

    private static Expression<Func<double[], double, double>> RandomProgram(Random random)
    {
        var x = Expression.Parameter(typeof(double[]), "x");
        var y = Expression.Parameter(typeof(double), "y");
        var i = Expression.Parameter(typeof(int), "i");
        var sin = typeof(Math).GetMethod(nameof(Math.Sin), [typeof(double)])!;
        var exp = typeof(Math).GetMethod(nameof(Math.Exp), [typeof(double)])!;
        var sum = typeof(Ops).GetMethod(nameof(Ops.Sum), [typeof(int), typeof(Func<int, double>)])!;
        Expression Leaf() => random.Next(3) switch
        {
            0 => Expression.ArrayIndex(x, Expression.Constant(random.Next(6))),
            1 => y,
            _ => Expression.Constant(Math.Round(random.NextDouble() * 4 - 2, 2)),
        };
        Expression Node(int depth) => depth == 0 ? Leaf() : random.Next(8) switch
        {
            0 => Expression.Add(Node(depth - 1), Node(depth - 1)),
            1 => Expression.Subtract(Node(depth - 1), Node(depth - 1)),
            2 => Expression.Multiply(Node(depth - 1), Node(depth - 1)),
            3 => Expression.Divide(Node(depth - 1), Expression.Add(Expression.Constant(3.0), Expression.Call(sin, Node(depth - 1)))),
            4 => Expression.Call(sin, Node(depth - 1)),
            5 => Expression.Call(exp, Expression.Call(sin, Node(depth - 1))),
            6 => Expression.Condition(Expression.GreaterThan(Node(depth - 1), Node(depth - 1)), Node(depth - 1), Node(depth - 1)),
            _ => Expression.Call(sum, Expression.Constant(1 + random.Next(5)), Expression.Lambda<Func<int, double>>(
                Expression.Multiply(Expression.ArrayIndex(x, i), Node(depth - 1)), i)),
        };
        Expression body = Node(3);
        for (int k = 0, terms = 2 + random.Next(12); k < terms; k++) body = Expression.Add(body, Node(1 + random.Next(3)));
        return Expression.Lambda<Func<double[], double, double>>(body, x, y);
    }

    private sealed class IndexFinder(Action<int> found) : ExpressionVisitor
    {
        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node is { NodeType: ExpressionType.ArrayIndex, Right: ConstantExpression { Value: int k } }) found(k);
            return base.VisitBinary(node);
        }
    }
}
