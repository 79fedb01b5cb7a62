using System.Linq.Expressions;
using ExprGrad.Tests.Oracles;
using FsCheck;
using FsCheck.Fluent;
using static ExprGrad.Ops;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Core;

/// <summary>
/// Programs around one <c>Ops.Scan</c> over p = (p₀ … p₃): s₀ = p₀, a step from <see cref="Steps"/>, the states read
/// one of the ways of <see cref="Reads"/>. Each is written once in the plain form; <see cref="Checkpointed"/> gives the
/// same program with <c>checkpointEvery: k</c>, so the two can be compared bit for bit.
/// </summary>
public sealed record CheckpointedScanProgram(int StepCount, int Every, int Step, int Read, double[] Point)
{
    private static readonly double[] Data = [.. Enumerable.Range(0, 64).Select(i => Math.Sin(1.3 * i + 0.4))];

    /// <summary>Steps (p, s, t) =&gt; s′: smooth, a ReLU RNN cell, one that ignores the state, the identity, one that
    /// returns an outer value, one with a nested loop.</summary>
    public static readonly Expression<Func<double[], double, int, double>>[] Steps =
    [
        (p, s, t) => Math.Tanh(p[1] * s + p[2] * Math.Sin(t)),
        (p, s, t) => Relu(p[1] * s + p[2] * Data[t]),
        (p, s, t) => p[1] * t,
        (p, s, t) => s,
        (p, s, t) => p[3],
        (p, s, t) => Sum(2, i => Math.Sin(s * p[i + 1])) + 0.5 * s,
        (p, s, t) => s * p[1] > 0 ? s * p[2] : Math.Exp(s) * p[3],
    ];

    /// <summary>Reads (p, states, n) =&gt; loss, n the step count: the last state; every state in order (the B6
    /// loss); in reverse; a few; in a scattered order; as a whole array (no checkpoints: it needs them all);
    /// through its length (likewise); every state from inside a branch.</summary>
    public static readonly Expression<Func<double[], double[], int, double>>[] Reads =
    [
        (p, xs, n) => xs[n] * p[3],
        (p, xs, n) => Sum(n, t => (Data[t + 1] - Relu(p[3] * xs[t + 1])) * (Data[t + 1] - Relu(p[3] * xs[t + 1]))),
        (p, xs, n) => Sum(n + 1, i => xs[n - i] * (i + 1)),
        (p, xs, n) => xs[0] * xs[n / 2] + xs[n] * xs[n],
        (p, xs, n) => Sum(n + 1, i => Math.Sin(xs[i * 7 % (n + 1)] * p[3] + i)),
        (p, xs, n) => Sum(xs) * p[3],
        (p, xs, n) => xs[xs.Length - 1] + p[3],
        (p, xs, n) => xs[n] > 0 ? Sum(n + 1, i => xs[i] * xs[i]) : xs[n / 2] * p[3],
    ];

    /// <summary>The program with the plain scan.</summary>
    public Expression<Func<double[], double>> Plain() => Build(StepCount, Steps[Step], Reads[Read]);

    /// <summary>The same program with <c>checkpointEvery: Every</c>.</summary>
    public Expression<Func<double[], double>> Checkpointed() => WithInterval(Plain(), Every);

    /// <summary><paramref name="f"/> with every plain <c>Ops.Scan</c> (scalar or vector state) given the interval <paramref name="every"/>.</summary>
    public static Expression<TDelegate> WithInterval<TDelegate>(Expression<TDelegate> f, int every) =>
        (Expression<TDelegate>)new IntervalRewriter(every).Visit(f);

    /// <inheritdoc/>
    public override string ToString() =>
        $"steps = {StepCount}, k = {Every}, step {Steps[Step]}, read {Reads[Read]}, p = {FiniteDifferences.Show(Point)}";

    /// <summary>Step counts 0–40, intervals 0 (automatic), 1, the step count, beyond it, and anything between.</summary>
    public static Arbitrary<CheckpointedScanProgram> Arbitrary() => Arb.From(
        from n in Gen.Choose(0, 40)
        from k in Gen.OneOf(Gen.Constant(0), Gen.Constant(1), Gen.Constant(n), Gen.Constant(n + 1), Gen.Choose(1, n + 5))
        from step in Gen.Choose(0, Steps.Length - 1)
        from read in Gen.Choose(0, Reads.Length - 1)
        from point in Gen.ArrayOf(Gen.Choose(-900, 900).Select(v => v / 1000.0), 4)
        select new CheckpointedScanProgram(n, k, step, read, point));

    private static Expression<Func<double[], double>> Build(int n, LambdaExpression step, LambdaExpression read)
    {
        var p = Parameter(typeof(double[]), "p");
        var (s, t, xs) = (Parameter(typeof(double), "s"), Parameter(typeof(int), "t"), Parameter(typeof(double[]), "xs"));
        var count = Constant(n);
        var scan = Call(OpsMethods.Scan, count, ArrayIndex(p, Constant(0)),
            Lambda<Func<double, int, double>>(Substitute(step, p, s, t), s, t));
        var let = typeof(Ops).GetMethod(nameof(Ops.Let))!.MakeGenericMethod(typeof(double[]), typeof(double));
        return Lambda<Func<double[], double>>(Call(let, scan, Lambda<Func<double[], double>>(Substitute(read, p, xs, count), xs)), p);
    }

    private static Expression Substitute(LambdaExpression lambda, params Expression[] with) =>
        ParameterSubstitution.Inline(lambda, with);

    private sealed class IntervalRewriter(int every) : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node) =>
            node.Method == OpsMethods.Scan || node.Method == OpsMethods.VectorScan
                ? Call(node.Method == OpsMethods.Scan ? OpsMethods.CheckpointedScan : OpsMethods.CheckpointedVectorScan,
                    [.. node.Arguments.Select(a => Visit(a)!), Constant(every)])
                : base.VisitMethodCall(node);
    }
}
