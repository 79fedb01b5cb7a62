using static ExprGrad.Ops;

namespace ExprGrad.Tests.Stats;

/// <summary>
/// Log densities as a Stan user writes them, with the special functions and linear algebra, against gradients
/// and Hessians derived by hand (in each test's comment) and evaluated with plain arithmetic. (Probit in the tails:
/// <c>SpecialFunctionDerivativeTests</c>; the multivariate normal in μ and Σ: <c>LinearAlgebraTests</c>.)
/// </summary>
public class StatsProgramTests
{
    private static void Near(double expected, double actual, double tolerance = 1e-12) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    /// <summary>
    /// NB2: log p(y | μ, φ) = log Γ(y + φ) − log Γ(φ) − log Γ(y + 1) + φ log(φ/(φ + μ)) + y log(μ/(φ + μ)), μ = e^η.
    /// ∂/∂η = φ(y − μ)/(φ + μ); ∂/∂φ = ψ(y + φ) − ψ(φ) + log(φ/(φ + μ)) + 1 − (y + φ)/(φ + μ);
    /// ∂²/∂η² = −φμ(φ + y)/(φ + μ)²; ∂²/∂η∂φ = μ(y − μ)/(φ + μ)²;
    /// ∂²/∂φ² = ψ′(y + φ) − ψ′(φ) + 1/φ − 1/(φ + μ) − (μ − y)/(φ + μ)².
    /// </summary>
    [Fact]
    public void NegativeBinomialGradientAndHessian()
    {
        double[] counts = [0, 3, 7, 1, 12];
        var logLikelihood = (System.Linq.Expressions.Expression<Func<double[], double>>)(p =>
            Sum(counts.Length, i => LogGamma(counts[i] + p[1]) - LogGamma(p[1]) - LogGamma(counts[i] + 1)
                + p[1] * Math.Log(p[1] / (p[1] + Math.Exp(p[0]))) + counts[i] * (p[0] - Math.Log(p[1] + Math.Exp(p[0])))));
        double eta = 1.2, phi = 2.5, mu = Math.Exp(eta);
        var gradient = Grad.Of(logLikelihood)([eta, phi]);
        var hessian = Grad.Hessian(logLikelihood)([eta, phi]);

        double dEta = 0, dPhi = 0, hEtaEta = 0, hEtaPhi = 0, hPhiPhi = 0, q = phi + mu;
        foreach (var y in counts)
        {
            dEta += phi * (y - mu) / q;
            dPhi += Digamma(y + phi) - Digamma(phi) + Math.Log(phi / q) + 1 - (y + phi) / q;
            hEtaEta += -phi * mu * (phi + y) / (q * q);
            hEtaPhi += mu * (y - mu) / (q * q);
            hPhiPhi += Trigamma(y + phi) - Trigamma(phi) + 1 / phi - 1 / q - (mu - y) / (q * q);
        }
        Near(dEta, gradient[0]);
        Near(dPhi, gradient[1]);
        Near(hEtaEta, hessian[0, 0]);
        Near(hEtaPhi, hessian[0, 1]);
        Near(hEtaPhi, hessian[1, 0]);
        Near(hPhiPhi, hessian[1, 1]);
    }

    /// <summary>
    /// Student-t: log t_ν(y | m, σ) = log Γ((ν + 1)/2) − log Γ(ν/2) − ½ log(νπ) − log σ − (ν + 1)/2 · log(1 + z²/ν),
    /// z = (y − m)/σ. ∂/∂m = (ν + 1)z/(σ(ν + z²)); ∂/∂σ = −1/σ + (ν + 1)z²/(σ(ν + z²));
    /// ∂/∂ν = ½ψ((ν + 1)/2) − ½ψ(ν/2) − 1/(2ν) − ½ log(1 + z²/ν) + (ν + 1)z²/(2ν(ν + z²)).
    /// </summary>
    [Fact]
    public void StudentTGradient()
    {
        double[] ys = [0.3, -2.1, 5.7, 1.1];
        var gradient = Grad.Of((double m, double s, double nu) => Sum(ys.Length, i =>
            LogGamma((nu + 1) / 2) - LogGamma(nu / 2) - 0.5 * Math.Log(nu * Math.PI) - Math.Log(s)
            - (nu + 1) / 2 * Math.Log(1 + (ys[i] - m) / s * ((ys[i] - m) / s) / nu)));
        double mean = 0.4, scale = 1.3, dof = 3.5;
        var (dm, ds, dnu) = gradient(mean, scale, dof);
        double em = 0, es = 0, enu = 0;
        foreach (var y in ys)
        {
            double z = (y - mean) / scale;
            em += (dof + 1) * z / (scale * (dof + z * z));
            es += -1 / scale + (dof + 1) * z * z / (scale * (dof + z * z));
            enu += 0.5 * Digamma((dof + 1) / 2) - 0.5 * Digamma(dof / 2) - 1 / (2 * dof) - 0.5 * Math.Log(1 + z * z / dof)
                + (dof + 1) * z * z / (2 * dof * (dof + z * z));
        }
        Near(em, dm);
        Near(es, ds);
        Near(enu, dnu);
    }

    /// <summary>
    /// Dirichlet in its concentration α: log Dir(x | α) = log Γ(Σα) − Σ log Γ(αᵢ) + Σ (αᵢ − 1) log xᵢ, written with the
    /// elementwise LogGamma. ∂/∂αᵢ = ψ(Σα) − ψ(αᵢ) + log xᵢ; ∂²/∂αᵢ∂αⱼ = ψ′(Σα) − δᵢⱼ ψ′(αᵢ).
    /// </summary>
    [Fact]
    public void DirichletGradientAndHessian()
    {
        double[] x = [0.2, 0.5, 0.3];
        var logX = x.Select(v => Math.Log(v)).ToArray();
        System.Linq.Expressions.Expression<Func<double[], double>> logDensity = a =>
            LogGamma(Sum(a)) - Sum(LogGamma(a)) + Dot(a, logX) - logX.Sum();
        double[] alpha = [1.5, 4.0, 0.7];
        var gradient = Grad.Of(logDensity)(alpha);
        var hessian = Grad.Hessian(logDensity)(alpha);
        double total = alpha.Sum();
        for (int i = 0; i < 3; i++)
        {
            Near(Digamma(total) - Digamma(alpha[i]) + logX[i], gradient[i]);
            for (int j = 0; j < 3; j++) Near(Trigamma(total) - (i == j ? Trigamma(alpha[i]) : 0), hessian[i, j]);
        }
    }

    /// <summary>
    /// LKJ-Cholesky prior and a multivariate normal likelihood with covariance factor L_Σ = diag(τ)L, N observations
    /// as the columns of Y: log LKJ(L | η) = Σᵢ (K − i + 2η − 2) log Lᵢᵢ (i = 1 … K, 1-based; the constant dropped),
    /// log N = −½‖L_Σ⁻¹Y‖² − N Σ log(L_Σ)ᵢᵢ + const. With Z = L_Σ⁻¹Y and W = L_Σ⁻ᵀZ: ∂/∂L_Σ = tril(WZᵀ) − N diag(1/(L_Σ)ᵢᵢ),
    /// then ∂/∂L = diag(τ)·that + the prior's (K − i + 2η − 2)/Lᵢᵢ, ∂/∂τᵢ = Σⱼ (∂/∂L_Σ)ᵢⱼ Lᵢⱼ. The upper triangle of L is
    /// not read by the solve, so it gets 0.
    /// </summary>
    [Fact]
    public void LkjCholeskyWithMultivariateNormal()
    {
        const double eta = 2.0;
        double[,] y = { { 0.5, -1.0, 0.2, 1.4 }, { 0.1, 0.8, -0.6, 0.9 }, { -0.3, 0.4, 1.1, -0.2 } };
        double[] prior = [3 - 1 + 2 * eta - 2, 3 - 2 + 2 * eta - 2, 3 - 3 + 2 * eta - 2];
        var gradient = Grad.Of((double[,] l, double[] tau) =>
            Dot(prior, Log(Diagonal(l)))
            - 0.5 * SumOfSquares(SolveLower(ScaleRows(l, tau), y)) - 4 * Sum(Log(Diagonal(ScaleRows(l, tau)))));
        // A correlation factor: rows of unit length.
        double[,] factor = { { 1, 0, 0 }, { 0.6, 0.8, 0 }, { -0.3, 0.4, Math.Sqrt(1 - 0.09 - 0.16) } };
        double[] scales = [1.5, 0.7, 2.0];
        var (dL, dTau) = gradient(factor, scales);

        var lSigma = ScaleRows(factor, scales);
        var z = SolveLower(lSigma, y);
        var w = SolveUpper(Transpose(lSigma), z);
        var g = MatMul(w, Transpose(z));
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++) g[i, j] = j <= i ? g[i, j] : 0;
            g[i, i] -= 4 / lSigma[i, i];
        }
        for (int i = 0; i < 3; i++)
        {
            double expectedTau = 0;
            for (int j = 0; j < 3; j++)
            {
                double expected = scales[i] * g[i, j] + (i == j ? prior[i] / factor[i, i] : 0);
                Near(expected, dL[i, j]);
                expectedTau += g[i, j] * factor[i, j];
            }
            Near(expectedTau, dTau[i]);
        }
    }
}
