using MonteCarloGreeks;

namespace ExprGrad.Tests.Loops;

/// <summary>
/// The simulation's paths recomputed per path in closed form, independently of the model's recursive loops:
/// S_t = S0·exp((r − σ²/2)·t·dt + σ·W_t), W_t = √dt·Σ_{k&lt;t} z_k. The tests need what the model's
/// aggregates hide: each path's payoff underlying (to find strike crossings), per-path pathwise Greeks (for
/// standard errors) and bounds on third derivatives and rounding (for the bump tolerance).
/// </summary>
internal sealed class ClosedFormPaths(Simulation simulation, Payoff payoff)
{
    private const double Unit = 1.0 / (1L << 53);   // unit round-off u of a double
    private readonly Market market = simulation.Market;
    private readonly double dt = simulation.TimeStep;
    private int N => simulation.Steps;
    private int P => simulation.Paths;

    /// <summary>Y_p: S_N (European) or the mean of S_1 … S_N (Asian) of every path at (S0, σ, r).</summary>
    public double[] Underlyings(double s0, double sigma, double r)
    {
        var y = new double[P];
        for (int p = 0; p < P; p++)
        {
            double w = 0, mean = 0;
            for (int t = 1; t <= N; t++)
            {
                w += Math.Sqrt(dt) * simulation.Normals[p, t - 1];
                mean += State(s0, sigma, r, t, w) / N;
            }
            y[p] = payoff == Payoff.European ? State(s0, sigma, r, N, w) : mean;
        }
        return y;
    }

    /// <summary>The European call's per-path pathwise samples, in closed form with W = W_N:
    /// price D·(S_N − K)⁺, Δ = D·1{S_N &gt; K}·S_N/S0, vega = D·1{S_N &gt; K}·S_N·(W − σT),
    /// rho = −T·price + D·1{S_N &gt; K}·S_N·T.</summary>
    public (double[] Price, double[] Delta, double[] Vega, double[] Rho) EuropeanSamples()
    {
        double s0 = market.Spot, sigma = market.Volatility, r = market.Rate, T = market.Maturity, discount = Math.Exp(-r * T);
        var (price, delta, vega, rho) = (new double[P], new double[P], new double[P], new double[P]);
        for (int p = 0; p < P; p++)
        {
            double w = 0;
            for (int t = 0; t < N; t++) w += Math.Sqrt(dt) * simulation.Normals[p, t];
            double s = State(s0, sigma, r, N, w);
            if (!(s > market.Strike)) continue;
            price[p] = discount * (s - market.Strike);
            delta[p] = discount * s / s0;
            vega[p] = discount * s * (w - sigma * T);
            rho[p] = -T * price[p] + discount * s * T;
        }
        return (price, delta, vega, rho);
    }

    /// <summary>
    /// Upper bounds on |∂³V/∂σ³| and |∂³V/∂r³| at the market point, counting only paths in the money (on an
    /// interval no path crosses the strike in, the others contribute a constant 0). With u_t = W_t − σ·t_t:
    /// ∂³S_t/∂σ³ = (u_t³ − 3·t_t·u_t)·S_t; D·S_t = S0·exp(−r(T − t_t) − σ²t_t/2 + σW_t), so
    /// |∂³(D·S_t)/∂r³| = (T − t_t)³·D·S_t ≤ T³·D·S_t, and ∂³(−D·K)/∂r³ = T³·D·K.
    /// </summary>
    public (double Sigma, double Rate) ThirdDerivativeBounds()
    {
        double s0 = market.Spot, sigma = market.Volatility, r = market.Rate, T = market.Maturity, discount = Math.Exp(-r * T);
        var y = Underlyings(s0, sigma, r);
        double boundSigma = 0, boundRate = 0;
        for (int p = 0; p < P; p++)
        {
            if (!(y[p] > market.Strike)) continue;
            double w = 0, pathSigma = 0;
            for (int t = 1; t <= N; t++)
            {
                w += Math.Sqrt(dt) * simulation.Normals[p, t - 1];
                if (payoff == Payoff.European && t < N) continue;
                double time = t * dt, u = Math.Abs(w - sigma * time);
                pathSigma += (u * u * u + 3 * time * u) * State(s0, sigma, r, t, w);
            }
            boundSigma += discount * (payoff == Payoff.European ? pathSigma : pathSigma / N);
            boundRate += T * T * T * discount * (y[p] + market.Strike);
        }
        return (boundSigma / P, boundRate / P);
    }

    /// <summary>
    /// A first-order bound on the rounding error of one computed price. x_t = x_{t−1} + drift + vol·z takes
    /// three roundings per step, each at most u·X (X bounds |x| + |drift| + |vol·z| on the path); rounded drift,
    /// vol and log S0 (a few u each, relative) add to each step's terms, so |δx_t| ≤ 5·N·u·X. e^x turns that into
    /// a relative error of S_t, plus its own ulp; the Asian mean adds N·u, the strike subtraction, the discount
    /// and the division a few u; the sum over P non-negative payoffs adds at most P·u times the total.
    /// </summary>
    public double PriceRoundingBound(double price)
    {
        double s0 = market.Spot, sigma = market.Volatility, r = market.Rate, discount = Math.Exp(-r * market.Maturity);
        double drift = (r - sigma * sigma / 2) * dt, vol = sigma * Math.Sqrt(dt);
        var y = Underlyings(s0, sigma, r);
        double bound = 0;
        for (int p = 0; p < P; p++)
        {
            if (!(y[p] > market.Strike)) continue;
            double x = Math.Log(s0), largest = 0;
            for (int t = 0; t < N; t++)
            {
                double step = vol * simulation.Normals[p, t];
                largest = Math.Max(largest, Math.Abs(x) + Math.Abs(drift) + Math.Abs(step));
                x += drift + step;
            }
            bound += y[p] * (5 * N * Unit * largest + (N + 4) * Unit) + market.Strike * Unit;
        }
        return discount * bound / P + (P + 3) * Unit * price;
    }

    private double State(double s0, double sigma, double r, int t, double w) =>
        s0 * Math.Exp((r - sigma * sigma / 2) * t * dt + sigma * w);
}
