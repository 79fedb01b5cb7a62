using System.Linq.Expressions;

namespace ExprGrad.Tests.Regressions;

/// <summary>A user method whose rule the race test swaps back and forth.</summary>
public static class RacedMath
{
    /// <summary>The identity; only its registered derivative matters here.</summary>
    public static double Twin(double x) => x;
}

/// <summary>Tests that change the global rule table: run alone, so no other test sees a swapped rule.</summary>
[CollectionDefinition(nameof(RuleTableWriters), DisableParallelization = true)]
public class RuleTableWriters;

/// <summary>Issue 10, observation 8: registering rules while compiling, and replacing built-in rules.</summary>
[Collection(nameof(RuleTableWriters))]
public class RuleRegistrationRegressions
{
    private const int Terms = 40;

    [Fact]
    public void RegisteringWhileCompilingNeverMixesOldAndNewRulesInOneGradient()
    {
        // f(x) = Σₖ Twin(x[k]), 40 separate call sites, each looked up on its own. Under rule A (Twin' = 1)
        // the gradient is all ones, under rule B (Twin' = 3) all threes; a gradient holding both mixed tables.
        // Before the fix, about one compilation in ten mixed them.
        var x = Expression.Parameter(typeof(double[]), "x");
        var twin = typeof(RacedMath).GetMethod(nameof(RacedMath.Twin))!;
        var body = Enumerable.Range(0, Terms)
            .Select(k => (Expression)Expression.Call(twin, Expression.ArrayIndex(x, Expression.Constant(k))))
            .Aggregate(Expression.Add);
        var f = Expression.Lambda<Func<double[], double>>(body, x);
        var point = new double[Terms];

        RegisterA();
        using var stop = new CancellationTokenSource();
        var writer = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                RegisterB();
                RegisterA();
            }
        });
        writer.Start();
        var seen = new System.Collections.Concurrent.ConcurrentBag<double[]>();
        try
        {
            Parallel.For(0, 300, new ParallelOptions { MaxDegreeOfParallelism = 2 }, _ => seen.Add(Grad.Of(f)(point)));
        }
        finally
        {
            stop.Cancel();
            writer.Join();
        }

        var mixed = seen.Where(g => !(g.All(d => d == 1) || g.All(d => d == 3))).ToArray();
        Assert.True(mixed.Length == 0, $"{mixed.Length} of {seen.Count} gradients mixed two rule tables, e.g. [{string.Join(", ", mixed.FirstOrDefault() ?? [])}]");
    }

    [Fact]
    public void RegisteringABuiltInRuleWithoutReplaceIsRejectedAndLeavesTheRuleAlone()
    {
        // Before the fix this silently turned d/dx exp(x) into 1 for every later gradient in the process.
        var e = Assert.Throws<ArgumentException>("primitive",
            () => Derivatives.Register((double x) => Math.Exp(x), (g, y, x) => g));
        Assert.Contains("Math.Exp", e.Message);
        Assert.Contains("replace", e.Message);
        Assert.Throws<ArgumentException>("primitive",
            () => Derivatives.NonDifferentiable((Expression<Func<double, double>>)(x => Math.Sqrt(x))));
        Assert.Throws<ArgumentException>("primitive",
            () => Derivatives.Register((double a, double b) => Math.Max(a, b), (g, y, a, b) => g, null));
        // d/dx e^x at 0 is e^0 = 1; at 1 it is e, which a g-only rule would have made 1.
        Assert.Equal(Math.E, Grad.Of((double x) => Math.Exp(x))(1), 1e-15);
    }

    [Fact]
    public void ReplacingABuiltInRuleWithReplaceTrueTakesEffect()
    {
        // A straight-through estimator for Floor (d/dx := 1) is the classic deliberate replacement.
        try
        {
            Derivatives.Register((double x) => Math.Floor(x), (g, y, x) => g, replace: true);
            Assert.Equal(1.0, Grad.Of((double x) => Math.Floor(x))(2.5));
        }
        finally
        {
            Derivatives.NonDifferentiable((Expression<Func<double, double>>)(x => Math.Floor(x)), replace: true);
        }
        Assert.Equal(0.0, Grad.Of((double x) => Math.Floor(x))(2.5));
    }

    [Fact]
    public void RegisteringAUserMethodAgainReplacesTheEarlierRule()
    {
        RegisterB();
        Assert.Equal(3.0, Grad.Of((double x) => RacedMath.Twin(x))(0.5));
        RegisterA();
        Assert.Equal(1.0, Grad.Of((double x) => RacedMath.Twin(x))(0.5));
    }

    private static void RegisterA() => Derivatives.Register((double v) => RacedMath.Twin(v), (g, y, v) => g);

    private static void RegisterB() => Derivatives.Register((double v) => RacedMath.Twin(v), (g, y, v) => 3 * g);
}
