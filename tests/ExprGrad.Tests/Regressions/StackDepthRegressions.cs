using System.Linq.Expressions;

namespace ExprGrad.Tests.Regressions;

/// <summary>
/// Issue 10, observation 7: deep trees killed the process with a stack overflow. Each scenario runs on a
/// thread with a 1 MB stack, the smallest common default, so a regression fails here (or kills the host,
/// which also fails the run) instead of passing on a test runner's larger stack.
/// </summary>
public class StackDepthRegressions
{
    private const int OneMegabyte = 1024 * 1024;
    private static readonly System.Reflection.MethodInfo Sin = typeof(Math).GetMethod(nameof(Math.Sin), [typeof(double)])!;

    [Fact]
    public void TwoThousandNestedConditionalsDifferentiateOnAOneMegabyteStack()
    {
        // c_k = x > k ? c_{k+1} + x : 2x for k < 2000, c_2000 = x. At x = 10.5 the tests k = 0…10 hold and
        // k = 11 fails, so f = 11x + 2x = 13x: value 136.5, derivative 13.
        const int depth = 2000;
        var x = Expression.Parameter(typeof(double), "x");
        Expression body = x;
        for (int k = depth - 1; k >= 0; k--)
            body = Expression.Condition(Expression.GreaterThan(x, Expression.Constant((double)k)),
                Expression.Add(body, x), Expression.Multiply(Expression.Constant(2.0), x));
        var f = Expression.Lambda<Func<double, double>>(body, x);

        var (value, gradient) = OnSmallStack(() => Grad.ValueAndGradient(f)(10.5));
        Assert.Equal(136.5, value);
        Assert.Equal(13.0, gradient);
    }

    [Fact]
    public void HundredThousandDeepSinChainIsRefusedAtBuildTimeInsteadOfOverflowingOnItsFirstCall()
    {
        // Before the fix this compiled, then the gradient's own stack frame (it grows with the method's
        // length) overflowed a 1 MB stack on the first call. 100,000 stages exceed the stated limit.
        const int depth = 100_000;
        var x = Expression.Parameter(typeof(double), "x");
        Expression body = x;
        for (int i = 0; i < depth; i++) body = Expression.Call(Sin, body);
        var f = Expression.Lambda<Func<double, double>>(body, x);

        var e = Assert.Throws<NotSupportedException>(() => OnSmallStack(() => Grad.ValueAndGradient(f)(0.3)));
        Assert.Contains($"{depth:N0} stages", e.Message);
        Assert.Contains(ProgramSize.MaxStages.ToString("N0"), e.Message);
    }

    [Fact]
    public void HundredThousandDeepLeftSumIsRefusedWithATypedExceptionOnAOneMegabyteStack()
    {
        // Issue 16 (build time of deep trees): ((x[0] + x[1]) + x[2]) + … 100,000 deep, the shape users get by folding a
        // sum, walked by every recursive pass. Past the stage limit it must be refused by name, not overflow the stack.
        const int depth = 100_000;
        var x = Expression.Parameter(typeof(double[]), "x");
        Expression body = Expression.ArrayIndex(x, Expression.Constant(0));
        for (int i = 1; i < depth; i++) body = Expression.Add(body, Expression.ArrayIndex(x, Expression.Constant(i % 10)));
        var f = Expression.Lambda<Func<double[], double>>(body, x);

        var e = Assert.Throws<NotSupportedException>(() => OnSmallStack(() => Grad.Of(f)(new double[10])));
        Assert.Contains(ProgramSize.MaxStages.ToString("N0"), e.Message);
    }

    /// <summary>Builds and runs <paramref name="work"/> on a fresh 1 MB-stack thread; rethrows its exception.</summary>
    internal static T OnSmallStack<T>(Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { result = work(); }
            catch (Exception e) { failure = e; }
        }, OneMegabyte);
        thread.Start();
        thread.Join();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return result;
    }
}
