using BenchmarkDotNet.Attributes;
using MonteCarloGreeks;

namespace ExprGrad.Benchmarks;

/// <summary>
/// B22: B7's Greeks in batch mode across paths (issue 16): one <c>Grad.ValueAndGradientBatch</c> call over the
/// 2,000 rows (S0, σ, r, z₀ … z₄₉), one per path, the Greeks the means of the gradient columns
/// (<c>Simulation.BatchGreeks</c>, filling the three parameter columns at each call), against the hand-written
/// pathwise adjoint (baseline) and the scalar <c>Grad.ValueAndGradient</c> delegate of the sum over paths.
/// <c>ValueAndGradientBatchInto</c> is the same call into buffers allocated once (the allocating form's 2,000 × 53
/// gradients are 848 KB of fresh large-object memory per call).
/// </summary>
[MemoryDiagnoser]
public class B22MonteCarloBatch
{
    private readonly Simulation simulation = Simulation.IssueCase();
    private double s0, sigma, r;
    private double[,] rows = new double[0, 0];
    private Func<double, double, double, (double Value, (double, double, double) Gradient)> valueAndGradient = null!;
    private Func<double[,], (double[] Values, double[,] Gradients)> batch = null!;
    private Action<double[,], double[], double[,]> batchInto = null!;
    private double[] values = [];
    private double[,] gradients = new double[0, 0];

    [Params(Payoff.Asian, Payoff.European)]
    public Payoff Payoff { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (s0, sigma, r) = (simulation.Market.Spot, simulation.Market.Volatility, simulation.Market.Rate);
        valueAndGradient = Grad.ValueAndGradient(simulation.PriceExpression(Payoff));
        batch = Grad.ValueAndGradientBatch(simulation.PathPayoffExpression(Payoff));
        batchInto = Grad.ValueAndGradientBatchInto(simulation.PathPayoffExpression(Payoff));
        rows = simulation.BatchRows();
        (values, gradients) = (new double[rows.GetLength(0)], new double[rows.GetLength(0), rows.GetLength(1)]);
        var expected = HandWritten();
        var greeks = ValueAndGradientBatch();
        Agreement.Require([expected.Price, expected.Delta, expected.Vega, expected.Rho], [greeks.Price, greeks.Delta, greeks.Vega, greeks.Rho], "batch");
        var into = ValueAndGradientBatchInto();
        Agreement.Require([greeks.Price, greeks.Delta, greeks.Vega, greeks.Rho], [into.Price, into.Delta, into.Vega, into.Rho], "batch into buffers");
        TierUp.Run(() => Plain(), () => HandWritten(), () => ValueAndGradient(), () => ValueAndGradientBatch(), () => ValueAndGradientBatchInto());
    }

    [Benchmark]
    public double Plain() => simulation.Price(Payoff, s0, sigma, r);

    [Benchmark(Baseline = true)]
    public Greeks HandWritten() => simulation.Adjoint(Payoff, s0, sigma, r);

    [Benchmark]
    public (double, (double, double, double)) ValueAndGradient() => valueAndGradient(s0, sigma, r);

    [Benchmark]
    public Greeks ValueAndGradientBatch() => Simulation.BatchGreeks(batch, rows, s0, sigma, r);

    [Benchmark]
    public Greeks ValueAndGradientBatchInto() => Simulation.BatchGreeks(batchInto, rows, values, gradients, s0, sigma, r);
}
