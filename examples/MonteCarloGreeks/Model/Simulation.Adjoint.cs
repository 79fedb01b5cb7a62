namespace MonteCarloGreeks;

/// <summary>
/// The pathwise Greeks written by hand as an adjoint: per path a forward pass, then the reverse accumulation.
/// </summary>
/// <remarks>
/// Derivation. With a = (r − σ²/2)·dt, b = σ·√dt, D = e^{−rT}: x_{t+1} = x_t + a + b·z_t, S_t = e^{x_t},
/// V = (D/P)·Σ_p max(Y_p − K, 0) with Y = S_N (European) or Y = (1/N)·Σ_{t=1..N} S_t (Asian).
/// Seed V̄ = 1. A path in the money has Ȳ = D/P (out of the money it sends nothing back; at Y = K exactly,
/// a set of measure zero, ExprGrad splits max's gradient in half and this code sends none).
/// Asian: S̄_t = Ȳ/N, and x_t feeds S_t and x_{t+1}, so x̄_t = S̄_t·S_t + x̄_{t+1} for t = N … 1 (x̄_{N+1} = 0),
/// and x̄_0 = x̄_1 (S_0 is not averaged). Each step t → t+1 adds x̄_{t+1} to ā and x̄_{t+1}·z_t to b̄.
/// European: only S_N is read, so every x̄_t equals S̄_N·S_N = Ȳ·S_N: ā gets N·x̄_N, b̄ gets x̄_N·Σ_t z_t, the sum
/// taken in the reverse sweep only for paths in the money (summing it in the forward loop, for every path, cost
/// 1.6× the price loop alone on this machine; this way the adjoint costs about 1.2×).
/// a, b, D and x_0 are shared by all paths, so their adjoints are summed over paths and mapped to the
/// inputs once: ∂/∂S0 = x̄_0/S0, ∂/∂σ = ā·(−σ·dt) + b̄·√dt, ∂/∂r = ā·dt + D̄·(−T·D) with D̄·D = V.
/// </remarks>
public sealed partial class Simulation
{
    public Greeks Adjoint(Payoff payoff) => Adjoint(payoff, Market.Spot, Market.Volatility, Market.Rate);

    public Greeks Adjoint(Payoff payoff, double s0, double sigma, double r) => payoff switch
    {
        Payoff.European => EuropeanAdjoint(s0, sigma, r),
        Payoff.Asian => AsianAdjoint(s0, sigma, r),
        _ => throw new ArgumentOutOfRangeException(nameof(payoff), payoff, null),
    };

    public Greeks EuropeanAdjoint(double s0, double sigma, double r)
    {
        double dt = TimeStep, drift = (r - sigma * sigma / 2) * dt, vol = sigma * Math.Sqrt(dt), x0 = Math.Log(s0);
        double discount = Math.Exp(-r * Market.Maturity), strike = Market.Strike, yBar = discount / Paths;
        double total = 0, aBar = 0, bBar = 0, x0Bar = 0;
        for (int p = 0; p < Paths; p++)
        {
            double x = x0;
            for (int t = 0; t < Steps; t++) x = x + drift + vol * z[p, t];
            double s = Math.Exp(x);
            if (!(s > strike)) continue;
            total += s - strike;
            // The reverse sweep: x̄_t is the same for every t, so it factors out of Σ_t x̄_{t+1}·z_t.
            double xBar = yBar * s, w = 0;
            for (int t = Steps - 1; t >= 0; t--) w += z[p, t];
            aBar += Steps * xBar;
            bBar += xBar * w;
            x0Bar += xBar;
        }
        return Assemble(discount * total / Paths, s0, sigma, aBar, bBar, x0Bar);
    }

    public Greeks AsianAdjoint(double s0, double sigma, double r)
    {
        double dt = TimeStep, drift = (r - sigma * sigma / 2) * dt, vol = sigma * Math.Sqrt(dt), x0 = Math.Log(s0);
        double discount = Math.Exp(-r * Market.Maturity), strike = Market.Strike, sBar = discount / Paths / Steps;
        // S_1 … S_N of the current path: one buffer per call, reused by every path.
        var states = new double[Steps];
        double total = 0, aBar = 0, bBar = 0, x0Bar = 0;
        for (int p = 0; p < Paths; p++)
        {
            double x = x0, sum = 0;
            for (int t = 0; t < Steps; t++)
            {
                x = x + drift + vol * z[p, t];
                states[t] = Math.Exp(x);
                sum += states[t];
            }
            double excess = sum / Steps - strike;
            if (!(excess > 0)) continue;
            total += excess;
            double xBar = 0;
            for (int t = Steps - 1; t >= 0; t--)
            {
                xBar += sBar * states[t];   // states[t] is S_{t+1}; xBar is now x̄_{t+1}
                aBar += xBar;
                bBar += xBar * z[p, t];
            }
            x0Bar += xBar;
        }
        return Assemble(discount * total / Paths, s0, sigma, aBar, bBar, x0Bar);
    }

    private Greeks Assemble(double price, double s0, double sigma, double aBar, double bBar, double x0Bar)
    {
        double dt = TimeStep;
        return new Greeks(
            price,
            Delta: x0Bar / s0,
            Vega: aBar * -sigma * dt + bBar * Math.Sqrt(dt),
            Rho: aBar * dt - Market.Maturity * price);
    }
}
