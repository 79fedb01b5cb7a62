// A heat-equation parameter fit with array state. The explicit scheme on n points with zero boundaries,
//     u ← u + k·(u[j−1] − 2u[j] + u[j+1]) + q·s[j]   for T steps,
// from a known square-wave u₀, with an unknown diffusion number k and source strength q; the loss is
// Σ_j (u_T[j] − y_j)², y generated with k* = 0.2, q* = 0.001. Written as a C# method would write it — which an
// expression lambda cannot hold, so the tree is built with System.Linq.Expressions:
//     double k = 0.25 * (1 + Math.Tanh(p[0])), q = p[1];     // k in (0, ½): the scheme stays stable
//     double[] u = new double[n]; for (j…) u[j] = u0[j];
//     double[] next;
//     for (t = 0; t < T; t++) { next = new double[n]; for (j…) next[j] = u[j] + k·(…) + q·s[j]; u = next; }
//     double loss = 0; for (j…) loss += (u[j] − y[j])²;
// Each step fills a fresh array, so the gradient writes it in place (a write used to copy the whole state: O(n²) a
// step). Math.NET's BFGS (through ExprGrad.MathNet) fits (k, q) from (0.1, 0); the gradient's time and memory are
// printed against an adjoint written by hand (keep every state, sweep back) at n = 10⁴, T = 1,000.
using System.Diagnostics;
using System.Linq.Expressions;
using ExprGrad;
using ExprGrad.MathNet;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using static System.Linq.Expressions.Expression;

static class HeatFit
{
    private const double TrueK = 0.2, TrueQ = 0.001;

    public static void Run(bool ci)
    {
        // The fit at a size where BFGS's few dozen gradients take a second or two; the timing at the size.
        var (fitN, fitT) = ci ? (400, 100) : (2000, 400);
        var (timeN, timeT) = ci ? (2000, 200) : (10_000, 1000);

        var fit = new Problem(fitN, fitT);
        var objective = ExprGradObjective.Gradient(fit.Loss);
        var result = new BfgsMinimizer(1e-12, 1e-14, 1e-14, 200).FindMinimum(objective, Vector<double>.Build.Dense([Math.Atanh(0.1 / 0.25 - 1), 0.0]));
        double k = 0.25 * (1 + Math.Tanh(result.MinimizingPoint[0])), q = result.MinimizingPoint[1];
        Console.WriteLine($"Heat-equation fit, n = {fitN}, T = {fitT}: BFGS {result.ReasonForExit} after {result.Iterations} iterations: " +
                          $"k = {k:F9} (generated with {TrueK}), q = {q:E6} (generated with {TrueQ:E1})");
        GridEnergy.Check(Math.Abs(k - TrueK) < 1e-6 * TrueK && Math.Abs(q - TrueQ) < 1e-6 * TrueQ,
            "the fit recovers the generating k and q to a relative 1e-6");

        var big = new Problem(timeN, timeT);
        var gradient = Grad.Of(big.Loss);
        var plain = Grad.Compile(big.Loss);
        double[] p = [0.1, 0.0005];
        var mine = gradient(p);
        var (hand, _) = big.HandAdjoint(p);
        double error = Math.Max(Math.Abs(mine[0] - hand[0]) / Math.Abs(hand[0]), Math.Abs(mine[1] - hand[1]) / Math.Abs(hand[1]));
        Console.WriteLine($"  gradient at n = {timeN}, T = {timeT}: ({mine[0]:E6}, {mine[1]:E6}), hand adjoint ({hand[0]:E6}, {hand[1]:E6}), relative difference {error:E1}");
        GridEnergy.Check(error < 1e-9, "the gradient agrees with the hand-written adjoint to 1e-9");

        var (gradientTime, gradientBytes) = Measure(() => gradient(p));
        var (handTime, handBytes) = Measure(() => big.HandAdjoint(p));
        var (plainTime, plainBytes) = Measure(() => plain(p));
        Console.WriteLine($"  per call: gradient {gradientTime:F0} ms, {gradientBytes / 1e6:F0} MB allocated; hand adjoint {handTime:F0} ms, {handBytes / 1e6:F0} MB " +
                          $"(ratios {gradientTime / handTime:F2} in time, {gradientBytes / (double)handBytes:F2} in memory); the function alone (Grad.Compile) {plainTime:F0} ms, {plainBytes / 1e6:F0} MB");
    }

    /// <summary>Median time (ms) of 5 calls after one to warm up, and the bytes one call allocates.</summary>
    private static (double Milliseconds, long Bytes) Measure(Action action)
    {
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        return (Timing.Median(action, calls: 5), bytes);
    }

    private sealed class Problem
    {
        private readonly int n, steps;
        private readonly double[] initial, source, observed;

        public Expression<Func<double[], double>> Loss { get; }

        public Problem(int n, int steps)
        {
            (this.n, this.steps) = (n, steps);
            initial = [.. Enumerable.Range(0, n).Select(j => j / 50 % 2 == 0 ? 1.0 : 0.0)];
            source = [.. Enumerable.Range(0, n).Select(j => j % 100 < 10 ? 1.0 : 0.0)];
            observed = Simulate(TrueK, TrueQ)[steps];
            Loss = Build();
        }

        private Expression<Func<double[], double>> Build()
        {
            var p = Parameter(typeof(double[]), "p");
            var (k, q, loss) = (Variable(typeof(double), "k"), Variable(typeof(double), "q"), Variable(typeof(double), "loss"));
            var (u, next) = (Variable(typeof(double[]), "u"), Variable(typeof(double[]), "next"));
            var (t, j) = (Variable(typeof(int), "t"), Variable(typeof(int), "j"));
            var size = Constant(n);
            var laplacian = Add(Subtract(Condition(GreaterThan(j, Constant(0)), ArrayAccess(u, Subtract(j, Constant(1))), Constant(0.0)),
                    Multiply(Constant(2.0), ArrayAccess(u, j))),
                Condition(LessThan(j, Constant(n - 1)), ArrayAccess(u, Add(j, Constant(1))), Constant(0.0)));
            var difference = Subtract(ArrayAccess(u, j), ArrayIndex(Constant(observed), j));
            return Lambda<Func<double[], double>>(Block([k, q, loss, u, next, t, j],
                Assign(k, Multiply(Constant(0.25), Add(Constant(1.0), Call(typeof(Math).GetMethod(nameof(Math.Tanh))!, ArrayIndex(p, Constant(0)))))),
                Assign(q, ArrayIndex(p, Constant(1))),
                Assign(u, NewArrayBounds(typeof(double), size)),
                For(j, size, Assign(ArrayAccess(u, j), ArrayIndex(Constant(initial), j))),
                For(t, Constant(steps),
                    Assign(next, NewArrayBounds(typeof(double), size)),
                    For(j, size, Assign(ArrayAccess(next, j),
                        Add(Add(ArrayAccess(u, j), Multiply(k, laplacian)), Multiply(q, ArrayIndex(Constant(source), j))))),
                    Assign(u, next)),
                Assign(loss, Constant(0.0)),
                For(j, size, AddAssign(loss, Multiply(difference, difference))),
                loss), p);
        }

        /// <summary>for (i = 0; i &lt; count; i++) body…, in the loop-with-break form ExprGrad differentiates.</summary>
        private static Expression For(ParameterExpression i, Expression count, params Expression[] body)
        {
            var exit = Label("exit");
            return Block(Assign(i, Constant(0)),
                Loop(Block([IfThen(GreaterThanOrEqual(i, count), Break(exit)), .. body, PreIncrementAssign(i)]), exit));
        }

        private double[][] Simulate(double k, double q)
        {
            var states = new double[steps + 1][];
            states[0] = (double[])initial.Clone();
            for (int t = 0; t < steps; t++)
            {
                var (u, next) = (states[t], new double[n]);
                for (int j = 0; j < n; j++) next[j] = u[j] + k * Laplacian(u, j) + q * source[j];
                states[t + 1] = next;
            }
            return states;
        }

        /// <summary>
        /// The adjoint by hand: λ_T = 2(u_T − y); going back, k̄ += λ_{t+1}·(L u_t), q̄ += λ_{t+1}·s and
        /// λ_t = λ_{t+1} + k·L λ_{t+1} (L is symmetric); then the chain rule through k = ¼(1 + tanh p₀).
        /// </summary>
        public (double[] Gradient, double Loss) HandAdjoint(double[] p)
        {
            double k = 0.25 * (1 + Math.Tanh(p[0])), q = p[1];
            var states = Simulate(k, q);
            var (lambda, previous) = (new double[n], new double[n]);
            double loss = 0;
            for (int j = 0; j < n; j++)
            {
                double d = states[steps][j] - observed[j];
                (lambda[j], loss) = (2 * d, loss + d * d);
            }
            double kBar = 0, qBar = 0;
            for (int t = steps - 1; t >= 0; t--)
            {
                var u = states[t];
                for (int j = 0; j < n; j++)
                {
                    kBar += lambda[j] * Laplacian(u, j);
                    qBar += lambda[j] * source[j];
                    previous[j] = lambda[j] + k * Laplacian(lambda, j);
                }
                (lambda, previous) = (previous, lambda);
            }
            double tanh = Math.Tanh(p[0]);
            return ([kBar * 0.25 * (1 - tanh * tanh), qBar], loss);
        }

        private static double Laplacian(double[] u, int j) => (j > 0 ? u[j - 1] : 0) - 2 * u[j] + (j < u.Length - 1 ? u[j + 1] : 0);
    }
}
