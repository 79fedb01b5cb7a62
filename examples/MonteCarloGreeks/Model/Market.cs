namespace MonteCarloGreeks;

/// <summary>The contract and the market of issue 13: an at-the-money call, one year, 30% volatility.</summary>
/// <remarks>The files under <c>Model/</c> are compiled into the example, the unit tests and the benchmarks
/// (linked, not copied), so all three price the very same model.</remarks>
public sealed record Market(
    double Spot = 100, double Strike = 100, double Volatility = 0.3, double Rate = 0.05, double Maturity = 1.0);

/// <summary>Which payoff: on the last state, or on the arithmetic mean over the monitoring dates.</summary>
public enum Payoff
{
    /// <summary>max(S_T − K, 0).</summary>
    European,

    /// <summary>max(mean(S_1 … S_N) − K, 0), N = the number of steps (the monitoring dates).</summary>
    Asian,
}

/// <summary>A price and its first derivatives with respect to (S0, σ, r).</summary>
public readonly record struct Greeks(double Price, double Delta, double Vega, double Rho);
