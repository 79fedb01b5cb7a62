// Newton-CG on a grid energy: E(u) = ½·Σ over grid edges (u_a − u_b)² + h²·Σ_k (exp(u_k) − f_k·u_k) on an m×m
// grid with zero boundary values. It is strictly convex; its gradient A·u + h²(exp(u) − f), A the 5-point Laplacian
// stencil, vanishes where −Δ_h u + exp(u) = f. f is manufactured from u*(x, y) = sin(πx)·sin(πy) through the same
// discrete operator, so u* is the exact minimizer and Newton must land on it. Each Newton step solves H·δ = −∇E by
// conjugate gradients, H·v from Grad.HessianVectorProductInto (forward over reverse, no matrix); the same solver
// runs with the gradient and H·v written by hand (A·v + h²·exp(u)∘v) for the times.
using System.Diagnostics;
using System.Linq.Expressions;
using ExprGrad;

static class GridEnergy
{
    public static void Run(bool ci)
    {
        int m = ci ? 60 : 200, size = m * m;
        double h = 1.0 / (m + 1), h2 = h * h;
        var exact = new double[size];
        for (int k = 0; k < size; k++) exact[k] = Math.Sin(Math.PI * (k % m + 1) * h) * Math.Sin(Math.PI * (k / m + 1) * h);
        var f = new double[size];
        var laplacian = new double[size];
        Stencil(exact, laplacian, m);
        for (int k = 0; k < size; k++) f[k] = laplacian[k] / h2 + Math.Exp(exact[k]);

        // Each edge once: to the right and down within the grid, and to the zero boundary on the left and top sides
        // (the right and bottom boundary edges are the ones the right/down neighbor terms reach past the grid).
        Expression<Func<double[], double>> energy = u => Ops.Sum(u.Length, k =>
            0.5 * (u[k] - (k % m < m - 1 ? u[k + 1] : 0.0)) * (u[k] - (k % m < m - 1 ? u[k + 1] : 0.0))
            + 0.5 * (u[k] - (k < u.Length - m ? u[k + m] : 0.0)) * (u[k] - (k < u.Length - m ? u[k + m] : 0.0))
            + (k % m == 0 ? 0.5 * u[k] * u[k] : 0.0) + (k < m ? 0.5 * u[k] * u[k] : 0.0)
            + h2 * (Math.Exp(u[k]) - f[k] * u[k]));
        var gradient = Grad.Of(energy);
        var hvp = Grad.HessianVectorProductInto(energy);

        void HandGradient(double[] u, double[] into)
        {
            Stencil(u, into, m);
            for (int k = 0; k < size; k++) into[k] += h2 * (Math.Exp(u[k]) - f[k]);
        }
        double[] HandGradientOf(double[] u)
        {
            var g = new double[size];
            HandGradient(u, g);
            return g;
        }
        void HandHvp(double[] u, double[] v, double[] into)
        {
            Stencil(v, into, m);
            for (int k = 0; k < size; k++) into[k] += h2 * Math.Exp(u[k]) * v[k];
        }

        // Derivatives at a point away from the solution, against the hand-written ones.
        var probe = new double[size];
        var direction = new double[size];
        for (int k = 0; k < size; k++) (probe[k], direction[k]) = (0.3 * Math.Cos(0.01 * k), Math.Sin(0.07 * k));
        var (mine, hand) = (new double[size], new double[size]);
        double gradientError = RelativeError(gradient(probe), HandGradientOf(probe));
        hvp(probe, direction, mine);
        HandHvp(probe, direction, hand);
        double hvpError = RelativeError(mine, hand);
        Console.WriteLine($"Grid energy, {m}×{m} = {size} unknowns: gradient vs hand {gradientError:E1}, H·v vs hand {hvpError:E1} (relative)");
        Check(gradientError < 1e-9 && hvpError < 1e-9, "ExprGrad's gradient and H·v agree with the hand-written ones to 1e-9");

        var watch = Stopwatch.StartNew();
        var (solution, newtonSteps, cgSteps) = NewtonCg(size, u => gradient(u), (u, v, into) => hvp(u, v, into));
        double exprGradTime = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        var (handSolution, _, _) = NewtonCg(size, HandGradientOf, HandHvp);
        double handTime = watch.Elapsed.TotalMilliseconds;
        double error = solution.Zip(exact, (a, b) => Math.Abs(a - b)).Max();
        Console.WriteLine($"  Newton-CG: {newtonSteps} Newton steps, {cgSteps} H·v products; max |u − u*| = {error:E1}, " +
                          $"max |u − u_hand| = {solution.Zip(handSolution, (a, b) => Math.Abs(a - b)).Max():E1}");
        Console.WriteLine($"  solve: ExprGrad {exprGradTime:F0} ms, hand-written gradient and H·v {handTime:F0} ms (ratio {exprGradTime / handTime:F2})");
        Check(error < 1e-8, "Newton-CG recovers the manufactured solution u* to 1e-8");

        double hvpTime = Timing.Median(() => hvp(probe, direction, mine));
        double handHvpTime = Timing.Median(() => HandHvp(probe, direction, hand));
        double gradientTime = Timing.Median(() => gradient(probe));
        double handGradientTime = Timing.Median(() => HandGradient(probe, hand));
        Console.WriteLine($"  per call: H·v {hvpTime * 1e3:F0} µs vs hand {handHvpTime * 1e3:F0} µs (ratio {hvpTime / handHvpTime:F2}); " +
                          $"gradient {gradientTime * 1e3:F0} µs vs hand {handGradientTime * 1e3:F0} µs (ratio {gradientTime / handGradientTime:F2})");
    }

    /// <summary>Newton's method from u = 0, each step H·δ = −∇E solved by conjugate gradients to a relative residual of 1e-10.</summary>
    private static (double[] U, int NewtonSteps, int Products) NewtonCg(int size, Func<double[], double[]> gradient, Action<double[], double[], double[]> hvp)
    {
        var u = new double[size];
        int products = 0;
        for (int step = 1; step <= 20; step++)
        {
            var g = gradient(u);
            double norm = Math.Sqrt(Dot(g, g));
            if (norm < 1e-12) return (u, step - 1, products);
            // CG on H·δ = −g from δ = 0: r = −g, p = r.
            var delta = new double[size];
            var r = g.Select(v => -v).ToArray();
            var p = (double[])r.Clone();
            var hp = new double[size];
            double rr = Dot(r, r);
            for (int it = 0; it < 10 * size && Math.Sqrt(rr) > 1e-10 * norm; it++)
            {
                hvp(u, p, hp);
                products++;
                double alpha = rr / Dot(p, hp);
                for (int k = 0; k < size; k++) (delta[k], r[k]) = (delta[k] + alpha * p[k], r[k] - alpha * hp[k]);
                double next = Dot(r, r);
                for (int k = 0; k < size; k++) p[k] = r[k] + next / rr * p[k];
                rr = next;
            }
            for (int k = 0; k < size; k++) u[k] += delta[k];
        }
        throw new InvalidOperationException("Newton-CG did not converge in 20 steps.");
    }

    /// <summary>(A·v)_k = 4v_k − the four neighbors, zero beyond the grid.</summary>
    private static void Stencil(double[] v, double[] into, int m)
    {
        for (int k = 0; k < v.Length; k++)
            into[k] = 4 * v[k] - (k % m > 0 ? v[k - 1] : 0) - (k % m < m - 1 ? v[k + 1] : 0)
                      - (k >= m ? v[k - m] : 0) - (k < v.Length - m ? v[k + m] : 0);
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int k = 0; k < a.Length; k++) s += a[k] * b[k];
        return s;
    }

    private static double RelativeError(double[] a, double[] b) =>
        a.Zip(b, (x, y) => Math.Abs(x - y)).Max() / Math.Max(1e-300, b.Max(Math.Abs));

    public static void Check(bool condition, string what)
    {
        if (!condition) throw new InvalidOperationException("Check failed: " + what);
        Console.WriteLine("  ✓ " + what);
    }
}
