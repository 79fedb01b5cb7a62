namespace MonteCarloGreeks;

/// <summary>
/// Geometric Brownian motion on a fixed set of normals, simulated exactly in log space:
/// x₀ = log S0, x_{t+1} = x_t + (r − σ²/2)·dt + σ·√dt·z_t, S_t = e^{x_t}, dt = T/N; the price is the discounted
/// payoff averaged over the paths. This file holds the price alone, written as plain loops; the other parts
/// hold the Greeks by hand (<c>Simulation.Adjoint.cs</c>), by bumping (<c>Simulation.Bumps.cs</c>) and the
/// same model as an ExprGrad lambda (<c>Simulation.Expression.cs</c>).
/// </summary>
public sealed partial class Simulation
{
    private readonly double[,] z;

    public Simulation(Market market, double[,] normals)
    {
        Market = market;
        z = normals;
        Paths = normals.GetLength(0);
        Steps = normals.GetLength(1);
    }

    /// <summary>The case of issue 13, shared by the example, the tests and the benchmarks: 2,000 paths × 50 steps,
    /// normals from seed 2024.</summary>
    public static Simulation IssueCase() => new(new Market(), MonteCarloGreeks.Normals.Generate(paths: 2_000, steps: 50, seed: 2024));

    public Market Market { get; }

    public int Paths { get; }

    /// <summary>The number of time steps, which are also the Asian option's monitoring dates.</summary>
    public int Steps { get; }

    public double[,] Normals => z;

    public double TimeStep => Market.Maturity / Steps;

    /// <summary>The price at the market's own (S0, σ, r).</summary>
    public double Price(Payoff payoff) => Price(payoff, Market.Spot, Market.Volatility, Market.Rate);

    public double Price(Payoff payoff, double s0, double sigma, double r) => payoff switch
    {
        Payoff.European => EuropeanPrice(s0, sigma, r),
        Payoff.Asian => AsianPrice(s0, sigma, r),
        _ => throw new ArgumentOutOfRangeException(nameof(payoff), payoff, null),
    };

    public double EuropeanPrice(double s0, double sigma, double r)
    {
        double dt = TimeStep, drift = (r - sigma * sigma / 2) * dt, vol = sigma * Math.Sqrt(dt), x0 = Math.Log(s0);
        double strike = Market.Strike, total = 0;
        for (int p = 0; p < Paths; p++)
        {
            double x = x0;
            for (int t = 0; t < Steps; t++) x = x + drift + vol * z[p, t];
            total += Math.Max(Math.Exp(x) - strike, 0);
        }
        return Math.Exp(-r * Market.Maturity) * total / Paths;
    }

    public double AsianPrice(double s0, double sigma, double r)
    {
        double dt = TimeStep, drift = (r - sigma * sigma / 2) * dt, vol = sigma * Math.Sqrt(dt), x0 = Math.Log(s0);
        double strike = Market.Strike, total = 0;
        for (int p = 0; p < Paths; p++)
        {
            double x = x0, sum = 0;
            for (int t = 0; t < Steps; t++)
            {
                x = x + drift + vol * z[p, t];
                sum += Math.Exp(x);
            }
            total += Math.Max(sum / Steps - strike, 0);
        }
        return Math.Exp(-r * Market.Maturity) * total / Paths;
    }
}
