using System.Linq.Expressions;

namespace Bayesian.Models;

/// <summary>A log density over an unconstrained vector (Jacobians of the transforms included), the point chains start
/// near, and the quantities the example checks against known values.</summary>
/// <param name="Name">What the model is.</param>
/// <param name="LogDensity">log p(q | data) up to a constant, written with ExprGrad's Ops.</param>
/// <param name="Dimension">Length of q.</param>
/// <param name="Checks">The posterior means checked, with their known values and tolerances.</param>
public sealed record Model(string Name, Expression<Func<double[], double>> LogDensity, int Dimension,
                           IReadOnlyList<Check> Checks);

/// <summary>
/// One posterior mean checked against a known value: it must lie within
/// <see cref="SdMultiple"/>·(posterior sd) + <see cref="McseMultiple"/>·(Monte-Carlo standard error sd/√ESS) of it.
/// </summary>
/// <param name="Name">The quantity, constrained (τ, not log τ).</param>
/// <param name="Of">The quantity from a draw of q (e.g. τ = exp q₁).</param>
/// <param name="Known">The known value: exact posterior mean, or the truth that generated the data.</param>
/// <param name="Source">Where <paramref name="Known"/> comes from.</param>
/// <param name="SdMultiple">Posterior standard deviations allowed (for a data-generating truth: the posterior is not
/// centred on it, only near it).</param>
/// <param name="McseMultiple">Monte-Carlo standard errors allowed (for an exact posterior mean).</param>
public sealed record Check(string Name, Func<double[], double> Of, double Known, string Source,
                           double SdMultiple, double McseMultiple);
