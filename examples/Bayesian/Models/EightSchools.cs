using System.Linq.Expressions;
using ExprGrad;

namespace Bayesian.Models;

/// <summary>
/// Eight schools (Rubin 1981, "Estimation in parallel randomized experiments"; the data as in Gelman et al., Bayesian
/// Data Analysis, 3rd ed., Table 5.2): estimated coaching effects yⱼ with standard errors σⱼ. The model is Stan's
/// non-centred version: μ ~ N(0, 5), τ ~ half-Cauchy(0, 5), θ̃ⱼ ~ N(0, 1), θⱼ = μ + τθ̃ⱼ, yⱼ ~ N(θⱼ, σⱼ).
/// q = (μ, log τ, θ̃₁ … θ̃₈); log τ's Jacobian adds log τ.
/// </summary>
public static class EightSchools
{
    /// <summary>Estimated treatment effects (points on the SAT-V scale).</summary>
    public static readonly double[] Effects = [28, 8, -3, 7, -1, 1, 18, 12];

    /// <summary>Their standard errors.</summary>
    public static readonly double[] StandardErrors = [15, 10, 16, 11, 9, 11, 10, 18];

    /// <summary>Scale of μ's normal prior and τ's half-Cauchy prior.</summary>
    public const double PriorScale = 5;

    /// <summary>The model and its checks; the known means come from <see cref="EightSchoolsQuadrature"/>.</summary>
    public static Model Create()
    {
        double[] y = Effects, sigma = StandardErrors;
        // log(1 + (τ/5)²) as Log1pExp(2 log τ − 2 log 5): finite for every log τ, where τ² would overflow first.
        Expression<Func<double[], double>> logDensity = q =>
            -q[0] * q[0] / (2 * PriorScale * PriorScale)
            - Ops.Log1pExp(2 * q[1] - 2 * Math.Log(PriorScale)) + q[1]
            + Ops.Sum(8, j => -0.5 * q[2 + j] * q[2 + j]
                - (y[j] - q[0] - Math.Exp(q[1]) * q[2 + j]) * (y[j] - q[0] - Math.Exp(q[1]) * q[2 + j])
                  / (2 * sigma[j] * sigma[j]));

        var exact = EightSchoolsQuadrature.PosteriorMeans();
        const string source = "2-D quadrature of p(μ, log τ | y) with θ integrated out exactly";
        return new Model("Eight schools, non-centred", logDensity, 10,
        [
            new Check("μ", q => q[0], exact.Mu, source, 0, 4),
            new Check("τ", q => Math.Exp(q[1]), exact.Tau, source, 0, 4),
            new Check("θ₁", Theta1, exact.Theta1, source, 0, 4),
        ]);
    }

    /// <summary>θ₁ = μ + τθ̃₁ from a draw of q (θ₁ is not a coordinate of q).</summary>
    public static double Theta1(double[] q) => q[0] + Math.Exp(q[1]) * q[2];
}
