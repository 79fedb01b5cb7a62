using BenchmarkDotNet.Attributes;
using MonteCarloGreeks;

namespace ExprGrad.Benchmarks;

/// <summary>
/// B7: issue 13's Monte-Carlo Greeks — price and ∂/∂(S0, σ, r) of an Asian (mean over the 50 monitoring dates)
/// and a European call, 2,000 paths × 50 steps of GBM on fixed normals; the model is the example's
/// (examples/MonteCarloGreeks/Model, linked). Greeks ÷ price is ValueAndGradient ÷ Plain.
/// </summary>
[MemoryDiagnoser]
public class B7AsianGreeks
{
    private readonly Simulation simulation = Simulation.IssueCase();
    private double s0, sigma, r;
    private Func<double, double, double, (double, double, double)> gradient = null!;
    private Func<double, double, double, (double Value, (double, double, double) Gradient)> valueAndGradient = null!;

    [Params(Payoff.Asian, Payoff.European)]
    public Payoff Payoff { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (s0, sigma, r) = (simulation.Market.Spot, simulation.Market.Volatility, simulation.Market.Rate);
        var price = simulation.PriceExpression(Payoff);
        gradient = Grad.Of(price);
        valueAndGradient = Grad.ValueAndGradient(price);

        var expected = HandWritten();
        double[] greeks = [expected.Delta, expected.Vega, expected.Rho];
        var (gs, gv, gr) = gradient(s0, sigma, r);
        Agreement.Require(greeks, [gs, gv, gr], "Grad.Of");
        var (value, (vs, vv, vr)) = valueAndGradient(s0, sigma, r);
        Agreement.Require(Plain(), value, "value");
        Agreement.Require(expected.Price, value, "hand-written value");
        Agreement.Require(greeks, [vs, vv, vr], "ValueAndGradient");
        Agreement.Require(Plain(), price.Compile()(s0, sigma, r), "compiled function");
    }

    [Benchmark]
    public double Plain() => simulation.Price(Payoff, s0, sigma, r);

    /// <summary>Per path a forward pass (the Asian one keeps S_1 … S_N in one buffer per call), then the
    /// reverse accumulation; derivation in Simulation.Adjoint.cs.</summary>
    [Benchmark(Baseline = true)]
    public Greeks HandWritten() => simulation.Adjoint(Payoff, s0, sigma, r);

    [Benchmark]
    public (double, double, double) GradOf() => gradient(s0, sigma, r);

    [Benchmark]
    public (double, (double, double, double)) ValueAndGradient() => valueAndGradient(s0, sigma, r);
}
