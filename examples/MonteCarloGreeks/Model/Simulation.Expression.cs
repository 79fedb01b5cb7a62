using System.Linq.Expressions;
using ExprGrad;

namespace MonteCarloGreeks;

/// <summary>The same price as a lambda over (S0, σ, r), written as a user would for ExprGrad: a sum over paths,
/// each path a <see cref="Ops.Scan"/> of the log-price, its payoff on the scanned states.</summary>
public sealed partial class Simulation
{
    public Expression<Func<double, double, double, double>> PriceExpression(Payoff payoff)
    {
        // Locals, so the lambda reads them from its closure at every call, as a user's lambda would.
        var z = this.z;
        int paths = Paths, steps = Steps;
        double dt = TimeStep, strike = Market.Strike, maturity = Market.Maturity;
        return payoff switch
        {
            Payoff.European => (s0, sigma, r) => Ops.Sum(paths, p => Ops.Let(
                    Ops.Scan(steps, Math.Log(s0), (x, t) => x + (r - sigma * sigma / 2) * dt + sigma * Math.Sqrt(dt) * z[p, t]),
                    xs => Math.Exp(-r * maturity) * Math.Max(Math.Exp(xs[steps]) - strike, 0))) / paths,
            Payoff.Asian => (s0, sigma, r) => Ops.Sum(paths, p => Ops.Let(
                    Ops.Scan(steps, Math.Log(s0), (x, t) => x + (r - sigma * sigma / 2) * dt + sigma * Math.Sqrt(dt) * z[p, t]),
                    xs => Math.Exp(-r * maturity) * Math.Max(Ops.Sum(steps, t => Math.Exp(xs[t + 1])) / steps - strike, 0))) / paths,
            _ => throw new ArgumentOutOfRangeException(nameof(payoff), payoff, null),
        };
    }

    /// <summary>Price and Greeks from one compiled ExprGrad delegate.</summary>
    public static Greeks ToGreeks((double Value, (double, double, double) Gradient) result) =>
        new(result.Value, result.Gradient.Item1, result.Gradient.Item2, result.Gradient.Item3);
}
