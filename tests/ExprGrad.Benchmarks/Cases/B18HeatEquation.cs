using System.Linq.Expressions;
using BenchmarkDotNet.Attributes;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Benchmarks;

/// <summary>
/// B18 (issue 17): time stepping with array state. The explicit heat equation on N = 10⁴ points, T = 1,000 steps,
/// u ← u + k·(u[j−1] − 2u[j] + u[j+1]), f(u₀, k) = Σ (u_T − y)², its gradient with respect to u₀ and k, from an
/// imperative tree in two forms: a fresh array per step (<c>next = new double[n]; for j: next[j] = …; u = next;</c>,
/// next declared outside the loop) and a temporary copied back (<c>for j: tmp[j] = …u…; for j: u[j] = tmp[j];</c>).
/// Baseline: the adjoint written by hand (keep every state, sweep back with one λ buffer pair); Plain: the function
/// alone by hand, and FunctionCompiled: the same through <c>Grad.Compile</c>.
/// </summary>
[MemoryDiagnoser]
public class B18HeatEquation
{
    private const int N = 10_000, T = 1000;
    private const double K = 0.2;
    private readonly double[] u0 = [.. Enumerable.Range(0, N).Select(j => j / 50 % 2 == 0 ? 1.0 : 0.0)];
    private readonly double[] observed = [.. Enumerable.Range(0, N).Select(j => Math.Sin(0.01 * j))];
    private Func<double[], double, (double[], double)> fresh = null!, temporary = null!;
    private Func<double[], double, double> compiled = null!;

    [GlobalSetup]
    public void Setup()
    {
        fresh = Grad.Of(Build(temporary: false));
        temporary = Grad.Of(Build(temporary: true));
        compiled = Grad.Compile(Build(temporary: false));
        var (hand, handK) = HandAdjoint();
        Agreement.Require([.. hand, handK], Flat(fresh(u0, K)), "fresh array per step");
        Agreement.Require([.. hand, handK], Flat(temporary(u0, K)), "temporary copied back");
        Agreement.Require([Plain()], [compiled(u0, K)], "Grad.Compile");
    }

    private static double[] Flat((double[] U, double K) g) => [.. g.U, g.K];

    [Benchmark(Baseline = true)]
    public (double[], double) HandAdjoint()
    {
        var states = new double[T + 1][];
        states[0] = (double[])u0.Clone();
        for (int t = 0; t < T; t++)
        {
            var (u, next) = (states[t], new double[N]);
            for (int j = 0; j < N; j++) next[j] = u[j] + K * Laplacian(u, j);
            states[t + 1] = next;
        }
        var (lambda, previous) = (new double[N], new double[N]);
        for (int j = 0; j < N; j++) lambda[j] = 2 * (states[T][j] - observed[j]);
        double kBar = 0;
        for (int t = T - 1; t >= 0; t--)
        {
            for (int j = 0; j < N; j++)
            {
                kBar += lambda[j] * Laplacian(states[t], j);
                previous[j] = lambda[j] + K * Laplacian(lambda, j);
            }
            (lambda, previous) = (previous, lambda);
        }
        return (lambda, kBar);
    }

    [Benchmark]
    public (double[], double) FreshArrayPerStep() => fresh(u0, K);

    [Benchmark]
    public (double[], double) TemporaryCopiedBack() => temporary(u0, K);

    [Benchmark]
    public double FunctionCompiled() => compiled(u0, K);

    /// <summary>The function alone, by hand, with two buffers.</summary>
    [Benchmark]
    public double Plain()
    {
        var (u, next) = ((double[])u0.Clone(), new double[N]);
        for (int t = 0; t < T; t++)
        {
            for (int j = 0; j < N; j++) next[j] = u[j] + K * Laplacian(u, j);
            (u, next) = (next, u);
        }
        double loss = 0;
        for (int j = 0; j < N; j++) loss += (u[j] - observed[j]) * (u[j] - observed[j]);
        return loss;
    }

    private static double Laplacian(double[] u, int j) => (j > 0 ? u[j - 1] : 0) - 2 * u[j] + (j < u.Length - 1 ? u[j + 1] : 0);

    private Expression<Func<double[], double, double>> Build(bool temporary)
    {
        var (x, k) = (Parameter(typeof(double[]), "u0"), Parameter(typeof(double), "k"));
        var (u, tmp, t, j, acc) = (Variable(typeof(double[]), "u"), Variable(typeof(double[]), "tmp"), Variable(typeof(int), "t"),
            Variable(typeof(int), "j"), Variable(typeof(double), "acc"));
        var size = Constant(N);
        var laplacian = Add(Subtract(Condition(GreaterThan(j, Constant(0)), ArrayAccess(u, Subtract(j, Constant(1))), Constant(0.0)),
                Multiply(Constant(2.0), ArrayAccess(u, j))),
            Condition(LessThan(j, Constant(N - 1)), ArrayAccess(u, Add(j, Constant(1))), Constant(0.0)));
        var update = Add(ArrayAccess(u, j), Multiply(k, laplacian));
        Expression[] step = temporary
            ? [For(j, size, Assign(ArrayAccess(tmp, j), update)), For(j, size, Assign(ArrayAccess(u, j), ArrayAccess(tmp, j)))]
            : [Assign(tmp, NewArrayBounds(typeof(double), size)), For(j, size, Assign(ArrayAccess(tmp, j), update)), Assign(u, tmp)];
        var difference = Subtract(ArrayAccess(u, j), ArrayIndex(Constant(observed), j));
        return Lambda<Func<double[], double, double>>(Block([u, tmp, t, j, acc],
            Assign(u, NewArrayBounds(typeof(double), size)),
            For(j, size, Assign(ArrayAccess(u, j), ArrayIndex(x, j))),
            Assign(tmp, NewArrayBounds(typeof(double), size)),
            For(t, Constant(T), step),
            Assign(acc, Constant(0.0)),
            For(j, size, AddAssign(acc, Multiply(difference, difference))),
            acc), x, k);
    }

    private static Expression For(ParameterExpression i, Expression count, params Expression[] body)
    {
        var exit = Label("exit");
        return Block(Assign(i, Constant(0)), Loop(Block([IfThen(GreaterThanOrEqual(i, count), Break(exit)), .. body, PreIncrementAssign(i)]), exit));
    }
}
