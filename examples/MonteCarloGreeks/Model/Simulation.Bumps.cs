namespace MonteCarloGreeks;

/// <summary>Bump-and-revalue: each Greek from two more prices on the same normals, by central differences.</summary>
public sealed partial class Simulation
{
    /// <summary>Each input is bumped by this fraction of its value. Small enough that, on this sample, no path
    /// crosses the strike between the bumped prices (a crossing puts a kink inside the difference, see the
    /// tests), large enough that rounding in the prices stays far below the Greeks' Monte-Carlo error.</summary>
    public const double RelativeBump = 1e-5;

    public Greeks BumpAndRevalue(Payoff payoff) =>
        BumpAndRevalue(payoff, Market.Spot, Market.Volatility, Market.Rate, RelativeBump);

    public Greeks BumpAndRevalue(Payoff payoff, double s0, double sigma, double r, double relativeBump)
    {
        double hS = relativeBump * s0, hSigma = relativeBump * sigma, hR = relativeBump * r;
        return new Greeks(
            Price(payoff, s0, sigma, r),
            Delta: (Price(payoff, s0 + hS, sigma, r) - Price(payoff, s0 - hS, sigma, r)) / (2 * hS),
            Vega: (Price(payoff, s0, sigma + hSigma, r) - Price(payoff, s0, sigma - hSigma, r)) / (2 * hSigma),
            Rho: (Price(payoff, s0, sigma, r + hR) - Price(payoff, s0, sigma, r - hR)) / (2 * hR));
    }
}
