using ExprGrad.Tests.Performance;
using System.Linq.Expressions;
using BenchmarkDotNet.Attributes;

namespace ExprGrad.Benchmarks;

/// <summary>
/// Time to first result: build the gradient program, compile it and call it once, against compiling and
/// calling the function alone; each back-end (<c>Expression.Compile</c>, FastExpressionCompiler) on both.
/// Every invocation compiles a fresh delegate, so the first call's JIT of the dynamic method is included.
/// </summary>
[MemoryDiagnoser]
public class BuildAndCompile
{
    /// <summary>B1's loop at n = 100, an unrolled Rosenbrock tree of about 10,000 nodes (a left-folded sum about 500
    /// deep), and a left-folded sum of x[i]²·x[i+1] of about 10,000 nodes (833 deep, <see cref="LeftDeepSum"/>).</summary>
    public enum Subject { B1Loop, Unrolled10k, LeftDeep10k }

    private Expression<Func<double[], double>> function = null!;
    private double[] x = [];

    [Params(Subject.B1Loop, Subject.Unrolled10k, Subject.LeftDeep10k)]
    public Subject Case { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int n = Case switch { Subject.B1Loop => 100, Subject.Unrolled10k => UnrolledSizeFor(10_000), _ => LeftDeepTerms + 1 };
        function = Case switch
        {
            Subject.B1Loop => Rosenbrock.Loop,
            Subject.Unrolled10k => Rosenbrock.Unrolled(n),
            _ => LeftDeepSum.Unrolled(LeftDeepTerms),
        };
        x = RandomData.Vector(n, seed: 1);
        var expected = Case == Subject.LeftDeep10k ? LeftDeepSum.Gradient(x, LeftDeepTerms) : Rosenbrock.Gradient(x);
        Agreement.Require(expected, Grad.Of(function)(x), "Grad.Of");
        // FEC 6.0.0 fails on the 10,000-node gradient in some runs and not others; only its own row may fail.
        try { Agreement.Require(expected, FastBackend.Gradient<Func<double[], double[]>>(function)(x), "CompileFast"); }
        catch (NotSupportedException e) { Console.WriteLine($"// {Case}: {e.Message}"); }
        Console.WriteLine($"// {Case}: function {NodeCounter.Count(function)} nodes, " +
                          $"gradient {NodeCounter.Count(Grad.GradientExpression(function))} nodes");
    }

    /// <summary>Terms of <see cref="LeftDeepSum"/> for about 10,000 nodes (12 a term).</summary>
    private const int LeftDeepTerms = 10_000 / 12;

    /// <summary>The n whose unrolled tree has about <paramref name="nodes"/> nodes.</summary>
    private static int UnrolledSizeFor(int nodes) =>
        (int)Math.Round(nodes / (double)(NodeCounter.Count(Rosenbrock.Unrolled(101)) / 100.0)) + 1;

    [Benchmark(Baseline = true)]
    public double FunctionCompile() => function.Compile()(x);

    [Benchmark]
    public double FunctionCompileFast() => FastBackend.Compile<Func<double[], double>>(function)(x);

    [Benchmark]
    public LambdaExpression GradientBuildOnly() => Grad.GradientExpression(function);

    [Benchmark]
    public double[] GradOf() => Grad.Of(function)(x);

    /// <summary>Grad.Of called twice: with <see cref="GradientOptions.CompileLargeMethodsInTiers"/> a program large enough
    /// to split runs whole at its first call and is split and optimized at its second, so this is the time until the
    /// optimized code runs (the first row, the time to the first result).</summary>
    [Benchmark]
    public double[] GradOfTwoCalls()
    {
        var gradient = Grad.Of(function);
        gradient(x);
        return gradient(x);
    }

    /// <summary>Grad.Of with the split parts compiled at once (<see cref="GradientOptions.CompileLargeMethodsInTiers"/> off).</summary>
    [Benchmark]
    public double[] GradOfUntiered() => Grad.Of(function, Untiered)(x);

    private static readonly GradientOptions Untiered = GradientOptions.Default with { CompileLargeMethodsInTiers = false };

    /// <summary>Grad.Of without <see cref="GradientOptions.SplitLargeMethods"/>: one method however large (the build
    /// before issue 16 split them).</summary>
    [Benchmark]
    public double[] GradOfWhole() => Grad.Of(function, Whole)(x);

    private static readonly GradientOptions Whole = GradientOptions.Default with { SplitLargeMethods = false };

    [Benchmark]
    public double[] GradientCompileFast() => FastBackend.Gradient<Func<double[], double[]>>(function)(x);
}
