using BenchmarkDotNet.Attributes;
using MonteCarloGreeks;
public class EuroHand
{
    private Simulation sim = Simulation.IssueCase();
    [Benchmark] public double Price() => sim.EuropeanPrice(100, 0.3, 0.05);
    [Benchmark(Baseline = true)] public Greeks Hand() => sim.EuropeanAdjoint(100, 0.3, 0.05);
    [Benchmark] public Greeks HandLocal() => EuroAdjoint(sim, 100, 0.3, 0.05);
    [Benchmark] public Greeks HandTwoLoops() => EuroAdjoint2(sim, 100, 0.3, 0.05);
    [Benchmark] public double PriceWithW() => PriceW(sim, 100, 0.3, 0.05);
    public static double PriceW(Simulation sim, double s0, double sigma, double r)
    {
        var z = sim.Normals; int paths = sim.Paths, steps = sim.Steps;
        double dt = sim.TimeStep, drift = (r - sigma * sigma / 2) * dt, vol = sigma * Math.Sqrt(dt), x0 = Math.Log(s0);
        double total = 0, ww = 0;
        for (int p = 0; p < paths; p++)
        {
            double x = x0, w = 0;
            for (int t = 0; t < steps; t++) { x = x + drift + vol * z[p, t]; w += z[p, t]; }
            total += Math.Max(Math.Exp(x) - 100, 0); ww += w;
        }
        return total + ww;
    }
    public static Greeks EuroAdjoint2(Simulation sim, double s0, double sigma, double r)
    {
        var z = sim.Normals; int paths = sim.Paths, steps = sim.Steps;
        double dt = sim.TimeStep, drift = (r - sigma * sigma / 2) * dt, vol = sigma * Math.Sqrt(dt), x0 = Math.Log(s0);
        double discount = Math.Exp(-r * sim.Market.Maturity), strike = sim.Market.Strike, yBar = discount / paths;
        double total = 0, aBar = 0, bBar = 0, x0Bar = 0;
        for (int p = 0; p < paths; p++)
        {
            double x = x0;
            for (int t = 0; t < steps; t++) x = x + drift + vol * z[p, t];
            double s = Math.Exp(x);
            if (!(s > strike)) continue;
            double w = 0;
            for (int t = 0; t < steps; t++) w += z[p, t];
            total += s - strike;
            double xBar = yBar * s;
            aBar += steps * xBar;
            bBar += xBar * w;
            x0Bar += xBar;
        }
        double price = discount * total / paths;
        return new Greeks(price, x0Bar / s0, aBar * -sigma * dt + bBar * Math.Sqrt(dt), aBar * dt - sim.Market.Maturity * price);
    }
    public static Greeks EuroAdjoint(Simulation sim, double s0, double sigma, double r)
    {
        var z = sim.Normals; int paths = sim.Paths, steps = sim.Steps;
        double dt = sim.TimeStep, drift = (r - sigma * sigma / 2) * dt, vol = sigma * Math.Sqrt(dt), x0 = Math.Log(s0);
        double discount = Math.Exp(-r * sim.Market.Maturity), strike = sim.Market.Strike, yBar = discount / paths;
        double total = 0, aBar = 0, bBar = 0, x0Bar = 0;
        for (int p = 0; p < paths; p++)
        {
            double x = x0, w = 0;
            for (int t = 0; t < steps; t++)
            {
                double zt = z[p, t];
                x = x + drift + vol * zt;
                w += zt;
            }
            double s = Math.Exp(x);
            if (!(s > strike)) continue;
            total += s - strike;
            double xBar = yBar * s;
            aBar += steps * xBar;
            bBar += xBar * w;
            x0Bar += xBar;
        }
        double price = discount * total / paths;
        return new Greeks(price, x0Bar / s0, aBar * -sigma * dt + bBar * Math.Sqrt(dt), aBar * dt - sim.Market.Maturity * price);
    }
}
