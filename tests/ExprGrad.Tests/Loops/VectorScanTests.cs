using System.Linq.Expressions;
using ExprGrad.Tests.Oracles;
using FsCheck.Xunit;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Loops;

/// <summary>
/// <c>Ops.Scan</c> over a vector state (issue 11 §2): an Elman RNN hₜ₊₁ = tanh(W·hₜ + u·xₜ + b) with the loss
/// L = Σₜ Σⱼ (hₜ₊₁[j] − yₜⱼ)², against backpropagation through time written out by hand (<see cref="Bptt"/>), against
/// central differences, and through forward mode (Hessian-vector products).
/// </summary>
public class VectorScanTests
{
    private const int Steps = 4;
    private static readonly double[] Inputs = [0.5, -1.0, 0.25, 0.8];
    private static readonly double[,] Targets = { { 0.1, -0.2 }, { 0.3, 0.0 }, { -0.4, 0.2 }, { 0.05, 0.5 } };

    /// <summary>The RNN with the step written with the vector Ops.</summary>
    private static readonly Expression<Func<double[,], double[], double[], double[], double>> ElmanByOps = (W, u, b, h0) =>
        Let(Scan(Steps, h0, (h, t) => Tanh(Add(Add(MatMul(W, h), Scale(Inputs[t], u)), b))),
            hs => Sum(Steps, t => Sum(h0.Length, j => (hs[t + 1][j] - Targets[t, j]) * (hs[t + 1][j] - Targets[t, j]))));

    /// <summary>The same RNN with the step built element by element with Ops.Vector.</summary>
    private static readonly Expression<Func<double[,], double[], double[], double[], double>> ElmanByVector = (W, u, b, h0) =>
        Let(Scan(Steps, h0, (h, t) => Vector(h.Length, j => Math.Tanh(Sum(h.Length, k => W[j, k] * h[k]) + u[j] * Inputs[t] + b[j]))),
            hs => Sum(Steps, t => Sum(h0.Length, j => (hs[t + 1][j] - Targets[t, j]) * (hs[t + 1][j] - Targets[t, j]))));

    private static readonly double[,] W0 = { { 0.4, -0.3 }, { 0.2, 0.7 } };
    private static readonly double[] U0 = [0.6, -0.5], B0 = [0.1, -0.2], H00 = [0.3, -0.1];

    /// <summary>
    /// BPTT by hand: forward hₜ₊₁ = tanh(aₜ), aₜ = W·hₜ + u·xₜ + b; backward from δ = 0:
    /// ḡ = 2(hₜ₊₁ − yₜ) + δ, ā = ḡ ⊙ (1 − hₜ₊₁²), W̄ += ā·hₜᵀ, ū += ā·xₜ, b̄ += ā, δ = Wᵀ·ā; h̄₀ = δ at the end.
    /// </summary>
    private static (double[,] W, double[] U, double[] B, double[] H0) Bptt(double[,] w, double[] u, double[] b, double[] h0)
    {
        int n = h0.Length;
        var h = new double[Steps + 1][];
        h[0] = h0;
        for (int t = 0; t < Steps; t++)
        {
            h[t + 1] = new double[n];
            for (int j = 0; j < n; j++)
            {
                double a = u[j] * Inputs[t] + b[j];
                for (int k = 0; k < n; k++) a += w[j, k] * h[t][k];
                h[t + 1][j] = Math.Tanh(a);
            }
        }
        var (dw, du, db, delta) = (new double[n, n], new double[n], new double[n], new double[n]);
        for (int t = Steps - 1; t >= 0; t--)
        {
            var da = new double[n];
            for (int j = 0; j < n; j++)
                da[j] = (2 * (h[t + 1][j] - Targets[t, j]) + delta[j]) * (1 - h[t + 1][j] * h[t + 1][j]);
            var next = new double[n];
            for (int j = 0; j < n; j++)
            {
                du[j] += da[j] * Inputs[t];
                db[j] += da[j];
                for (int k = 0; k < n; k++)
                {
                    dw[j, k] += da[j] * h[t][k];
                    next[k] += w[j, k] * da[j];
                }
            }
            delta = next;
        }
        return (dw, du, db, delta);
    }

    [Fact]
    public void TheElmanGradientIsBackpropagationThroughTimeByHand()
    {
        var expected = Bptt(W0, U0, B0, H00);
        foreach (var f in new[] { ElmanByOps, ElmanByVector })
        {
            var (dw, du, db, dh0) = Grad.Of(f)(W0, U0, B0, H00);
            for (int j = 0; j < 2; j++)
            {
                for (int k = 0; k < 2; k++) Assert.Equal(expected.W[j, k], dw[j, k], 13);
                Assert.Equal(expected.U[j], du[j], 13);
                Assert.Equal(expected.B[j], db[j], 13);
                Assert.Equal(expected.H0[j], dh0[j], 13);
            }
        }
    }

    [Fact]
    public void EveryPassSwitchedOffGivesTheHandGradient()
    {
        var expected = Bptt(W0, U0, B0, H00);
        foreach (var pass in GradientOptions.Passes)
        {
            var (dw, du, db, dh0) = Grad.Of(ElmanByVector, GradientOptions.Default.With(pass, false))(W0, U0, B0, H00);
            for (int j = 0; j < 2; j++)
            {
                for (int k = 0; k < 2; k++) Assert.True(Math.Abs(expected.W[j, k] - dw[j, k]) < 1e-13, $"without {pass.Name}: W[{j},{k}]");
                Assert.True(Math.Abs(expected.U[j] - du[j]) < 1e-13, $"without {pass.Name}: u[{j}]");
                Assert.True(Math.Abs(expected.B[j] - db[j]) < 1e-13, $"without {pass.Name}: b[{j}]");
                Assert.True(Math.Abs(expected.H0[j] - dh0[j]) < 1e-13, $"without {pass.Name}: h0[{j}]");
            }
        }
    }

    [Fact]
    public void TheJacobianOfTheLastStateIsDiagonal()
    {
        // sₜ₊₁ = sₜ ⊙ sₜ three times: s₃ = x⁸ elementwise, J = diag(8x⁷), by forward mode (square) and by VJP rows.
        double[] x = [0.9, -1.1, 0.5];
        Expression<Func<double[], double[]>> f = p => Scan(3, p, (s, t) => Multiply(s, s))[3];
        var jacobian = Grad.Jacobian(f)(x);
        var vjp = Grad.VectorJacobianProduct(f);
        for (int i = 0; i < 3; i++)
        {
            var row = vjp(x, [.. Enumerable.Range(0, 3).Select(k => k == i ? 1.0 : 0.0)]);
            for (int k = 0; k < 3; k++)
            {
                double expected = i == k ? 8 * Math.Pow(x[i], 7) : 0;
                Assert.Equal(expected, jacobian[i, k], 13);
                Assert.Equal(expected, row[k], 13);
            }
        }
    }

    [Fact]
    public void TheStatesAreThoseOfTheRecurrence()
    {
        // Outside a gradient: s₀ = (1, 2), sₜ₊₁ = (sₜ[1], sₜ[0] + t): (2, 1), (1, 3), (3, 3).
        var states = Scan(3, [1.0, 2.0], (s, t) => new[] { s[1], s[0] + t });
        Assert.Equal(4, states.Length);
        Assert.Equal([3.0, 3.0], states[3]);
        // Inside: f = Σⱼ s₃[j] + s₂[0]·s₁[1] reads states at three indices. With s₀ = x: s₁ = (x₁, x₀), s₂ = (x₀, x₁ + 1),
        // s₃ = (x₁ + 1, x₀ + 2); f = x₁ + 1 + x₀ + 2 + x₀·x₀, so ∂f/∂x₀ = 1 + 2x₀ = 4 and ∂f/∂x₁ = 1 at x₀ = 1.5.
        var g = Grad.Of((double[] x) => Let(Scan(3, x, (s, t) => new[] { s[1], s[0] + t }), ss => Sum(ss[3]) + ss[2][0] * ss[1][1]))([1.5, -4.0]);
        Assert.Equal([4.0, 1.0], g);
    }

    [Fact]
    public void TheLastStateAloneSendsItsAdjointBack()
    {
        // sₜ₊₁ = a ⊙ sₜ (a read from outside): s_T = aᵀ ⊙ s₀, f = Σⱼ s_T[j]; ∂f/∂aⱼ = T·aⱼ^{T−1}·s₀ⱼ, ∂f/∂s₀ⱼ = aⱼᵀ.
        double[] a = [0.9, -1.1], s0 = [2.0, 0.5];
        var (da, ds0) = Grad.Of((double[] m, double[] x) => Sum(Scan(3, x, (s, t) => Multiply(m, s))[3]))(a, s0);
        for (int j = 0; j < 2; j++)
        {
            Assert.Equal(3 * a[j] * a[j] * s0[j], da[j], 13);
            Assert.Equal(a[j] * a[j] * a[j], ds0[j], 13);
        }
    }

    [Fact]
    public void HessianVectorProductsGoThroughTheStates()
    {
        // f(x) = Σⱼ s₂[j]² with sₜ₊₁ = sₜ ⊙ sₜ: s₂ = x⁴ elementwise, f = Σ x⁸, H = diag(56x⁶).
        double[] x = [0.8, -1.2, 1.1];
        double[] v = [1.0, 2.0, -0.5];
        var hv = Grad.HessianVectorProduct((double[] p) => SumOfSquares(Scan(2, p, (s, t) => Multiply(s, s))[2]))(x, v);
        for (int j = 0; j < 3; j++) Assert.Equal(56 * Math.Pow(x[j], 6) * v[j], hv[j], 12);
    }

    [Fact]
    public void TheHessianOfTheRnnLossEqualsDifferencesOfItsGradient()
    {
        // Forward over reverse through the vector scan against Richardson differences of the (reverse-mode) gradient.
        Expression<Func<double[], double>> loss = p => Let(Scan(Steps, new[] { p[0], p[1] }, (h, t) =>
                Vector(2, j => Math.Tanh(p[2 + 2 * j] * h[0] + p[3 + 2 * j] * h[1] + Inputs[t]))),
            hs => Sum(Steps, t => Sum(2, j => (hs[t + 1][j] - Targets[t, j]) * (hs[t + 1][j] - Targets[t, j]))));
        double[] point = [0.3, -0.1, 0.4, -0.3, 0.2, 0.7];
        var hessian = Grad.Hessian(loss)(point);
        var gradient = Grad.Of(loss);
        for (int i = 0; i < point.Length; i++)
        {
            int row = i;
            var expected = FiniteDifferences.Gradient(p => gradient(p)[row], point);
            for (int k = 0; k < point.Length; k++)
                Assert.True(FiniteDifferences.Close(expected[k], hessian[row, k], 1e-7, 1e-9), $"H[{row},{k}]: {expected[k]:R} vs {hessian[row, k]:R}");
        }
    }

    [Fact]
    public void ANestedDerivativeThroughAVectorScanIsDifferentiated()
    {
        // The harness found Ops.Derivative's tangent of a vector scan, Let(states, …) of type double[][], refused as a
        // value "of type Double[][]". Inner g(y) = Σ s₂ with s₀ = (y, x), sₜ₊₁ = sₜ ⊙ sₜ: g = y⁴ + x⁴, g′(y) = 4y³; at y = x
        // the outer function is 4x³, whose derivative is 12x².
        double x = 0.7;
        var d = Grad.Of((double v) => Derivative(y => Sum(Scan(2, new[] { y, v }, (s, t) => Multiply(s, s))[2]), v))(x);
        Assert.Equal(12 * x * x, d, 13);
    }

    [Fact]
    public void AnLstmWithItsStateConcatenatedEqualsDifferences()
    {
        // An LSTM cell keeps s = [h; c] in one vector: gates from h and the input, c' = f⊙c + i⊙g, h' = o⊙tanh(c').
        // Loss Σₜ Σⱼ (hₜ₊₁[j] − yₜⱼ)² against Richardson differences in every weight and the initial state.
        const int n = 2;
        Expression<Func<double[,], double[,], double[,], double[,], double[], double>> lstm = (Wi, Wf, Wo, Wg, s0) =>
            Let(Scan(Steps, s0, (s, t) => Let(Slice(s, 0, n), h => Let(Slice(s, n, n), c =>
                    Let(Add(Multiply(Sigmoid(Add(MatMul(Wf, h), Inputs[t])), c),
                            Multiply(Sigmoid(Add(MatMul(Wi, h), Inputs[t])), Tanh(Add(MatMul(Wg, h), Inputs[t])))), next =>
                        Concat(Multiply(Sigmoid(Add(MatMul(Wo, h), Inputs[t])), Tanh(next)), next))))),
                ss => Sum(Steps, t => Sum(n, j => (ss[t + 1][j] - Targets[t, j]) * (ss[t + 1][j] - Targets[t, j]))));
        double[,] wi = { { 0.3, -0.2 }, { 0.1, 0.4 } }, wf = { { -0.5, 0.2 }, { 0.3, 0.1 } }, wo = { { 0.2, 0.6 }, { -0.4, 0.3 } }, wg = { { 0.7, -0.1 }, { 0.2, -0.6 } };
        double[] s0 = [0.1, -0.3, 0.5, 0.2];
        var (di, df, dout, dg, ds) = Grad.Of(lstm)(wi, wf, wo, wg, s0);
        var plain = lstm.Compile();
        double[,] M(double[] p, int at) => new[,] { { p[at], p[at + 1] }, { p[at + 2], p[at + 3] } };
        double[] point = [.. wi.Cast<double>(), .. wf.Cast<double>(), .. wo.Cast<double>(), .. wg.Cast<double>(), .. s0];
        var expected = FiniteDifferences.Gradient(p => plain(M(p, 0), M(p, 4), M(p, 8), M(p, 12), p[16..]), point);
        FiniteDifferences.AssertClose(expected, [.. di.Cast<double>(), .. df.Cast<double>(), .. dout.Cast<double>(), .. dg.Cast<double>(), .. ds],
            1e-7, 1e-9, "LSTM");
    }

    [Fact]
    public void StatesUsedOtherThanByIndexAreRefusedNamingTheMethod()
    {
        // The states are read by index or counted; handing the whole double[][] to a method has no rule to carry its adjoint.
        var error = Assert.Throws<UnsupportedExpressionException>(() => Grad.Of((double[] x) => Scan(2, x, (s, t) => Multiply(s, s)).Last()[0]));
        Assert.Contains("Last", error.Message);
        Assert.Equal(3.0, Grad.Of((double[] x) => Scan(2, x, (s, t) => s).Length * x[0])([1.0])[0]);
    }

    [Fact]
    public void ANegativeStepCountThrowsInsideTheGradient()
    {
        var g = Grad.Of((double[] x) => Scan((int)x[0], x, (s, t) => s)[0][1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => g([-2.0, 1.0]));
    }

    /// <summary>Weights, an initial state and inputs of an RNN of <paramref name="n"/> units, uniform in [−1, 1].</summary>
    internal static (double[,] W, double[] H0, double[] Xs) RandomRnn(Random random, int n, int steps)
    {
        double Next() => random.NextDouble() * 2 - 1;
        var w = new double[n, n];
        for (int j = 0; j < n; j++)
            for (int k = 0; k < n; k++) w[j, k] = Next();
        return (w, [.. Enumerable.Range(0, n).Select(_ => Next())], [.. Enumerable.Range(0, steps).Select(_ => Next())]);
    }

    // The RNN at random weights, lengths 1–4 and step counts 0–5 against Richardson differences.
    [Property(Replay = "(141421,173205)", MaxTest = 25)]
    public void TheGradientEqualsDifferencesAtRandomPoints(int seed)
    {
        var random = new Random(seed);
        int n = 1 + random.Next(4), steps = random.Next(6);
        var (w, h0, xs) = RandomRnn(random, n, steps);
        Expression<Func<double[,], double[], double>> f = (m, h) =>
            Let(Scan(steps, h, (s, t) => Tanh(Add(MatMul(m, s), Scale(xs[t], h)))), hs => Sum(steps + 1, t => Sum(hs[t]) * Sum(hs[t])));
        var (dw, dh) = Grad.Of(f)(w, h0);
        var plain = f.Compile();
        double Flat(double[] p)
        {
            var m = new double[n, n];
            Buffer.BlockCopy(p, 0, m, 0, n * n * sizeof(double));
            return plain(m, p[(n * n)..]);
        }
        var actual = new double[n * n + n];
        Buffer.BlockCopy(dw, 0, actual, 0, n * n * sizeof(double));
        dh.CopyTo(actual, n * n);
        var point = new double[n * n + n];
        Buffer.BlockCopy(w, 0, point, 0, n * n * sizeof(double));
        h0.CopyTo(point, n * n);
        FiniteDifferences.AssertClose(FiniteDifferences.Gradient(Flat, point), actual, 1e-7, 1e-9, $"n = {n}, steps = {steps}");
    }
}
