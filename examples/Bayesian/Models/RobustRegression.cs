using System.Linq.Expressions;
using Bayesian.Sampling;
using ExprGrad;

namespace Bayesian.Models;

/// <summary>
/// Robust linear regression on synthetic data: yᵢ = α + xᵢ·β + σεᵢ with εᵢ ~ Student-t(ν), the xᵢ standard normal,
/// all drawn from a fixed seed. The model: yᵢ ~ t_ν(α + xᵢ·β, σ), α, βₖ ~ N(0, 10), σ ~ half-N(0, 5),
/// ν ~ Gamma(2, 0.1) (Juárez and Steel 2010, the prior Stan's wiki recommends for ν). q = (α, β₁ … β₃, log σ, log ν),
/// the two logs' Jacobians included.
/// </summary>
public static class RobustRegression
{
    /// <summary>The values that generated the data.</summary>
    public const double Alpha = 1.0, Sigma = 0.5, Nu = 4;

    /// <summary>The coefficients that generated the data.</summary>
    public static readonly double[] Beta = [2.0, -1.0, 0.5];

    /// <summary>The model over <paramref name="n"/> seeded rows; the checks are the generating values.</summary>
    public static Model Create(int n, int seed)
    {
        var (x, y) = Generate(n, seed);
        // Per row: log t_ν(y | m, σ) = log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ) − log σ − (ν+1)/2 · log(1 + z²/ν),
        // z = (y − m)/σ; the terms that do not depend on the row are taken out of the sum.
        Expression<Func<double[], double>> logDensity = q => Ops.Let(Math.Exp(q[4]), sigma => Ops.Let(Math.Exp(q[5]), nu =>
            -q[0] * q[0] / 200 - (q[1] * q[1] + q[2] * q[2] + q[3] * q[3]) / 200
            - sigma * sigma / 50 + q[4]
            + Math.Log(nu) - 0.1 * nu + q[5]
            + n * (Ops.LogGamma((nu + 1) / 2) - Ops.LogGamma(nu / 2) - 0.5 * Math.Log(nu * Math.PI) - Math.Log(sigma))
            - (nu + 1) / 2 * Ops.Sum(n, i => Ops.Let((y[i] - q[0] - x[i, 0] * q[1] - x[i, 1] * q[2] - x[i, 2] * q[3]) / sigma,
                z => Math.Log(1 + z * z / nu)))));

        string source = $"generating value ({n} rows, seed {seed})";
        return new Model($"Robust (Student-t) regression, N = {n}", logDensity, 6,
        [
            new Check("α", q => q[0], Alpha, source, 3, 0),
            new Check("β₁", q => q[1], Beta[0], source, 3, 0),
            new Check("β₂", q => q[2], Beta[1], source, 3, 0),
            new Check("β₃", q => q[3], Beta[2], source, 3, 0),
            new Check("σ", q => Math.Exp(q[4]), Sigma, source, 3, 0),
            new Check("ν", q => Math.Exp(q[5]), Nu, source, 3, 0),
        ]);
    }

    /// <summary>The rows: x standard normal, noise σ·Z/√(χ²_ν/ν) with ν = 4 (χ²₄ as a sum of four squared normals).</summary>
    public static (double[,] X, double[] Y) Generate(int n, int seed)
    {
        var random = new Random(seed);
        var x = new double[n, 3];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double mean = Alpha;
            for (int k = 0; k < 3; k++) { x[i, k] = Hmc.StandardNormal(random); mean += x[i, k] * Beta[k]; }
            double chiSquare = 0;
            for (int k = 0; k < (int)Nu; k++) chiSquare += Math.Pow(Hmc.StandardNormal(random), 2);
            y[i] = mean + Sigma * Hmc.StandardNormal(random) / Math.Sqrt(chiSquare / Nu);
        }
        return (x, y);
    }
}
