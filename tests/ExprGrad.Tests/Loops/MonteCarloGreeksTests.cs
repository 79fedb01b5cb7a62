using FsCheck.Xunit;
using MonteCarloGreeks;

namespace ExprGrad.Tests.Loops;

/// <summary>
/// Issue 13's Monte-Carlo case (examples/MonteCarloGreeks, whose Model/ files are linked into this project so
/// the tests check the very code the example runs): ExprGrad's pathwise Greeks against a hand-written adjoint,
/// bump-and-revalue and, for the European call, Black–Scholes.
/// </summary>
public class MonteCarloGreeksTests
{
    private static readonly Simulation Case = Simulation.IssueCase();

    private static readonly Dictionary<Payoff, Func<double, double, double, (double Value, (double, double, double) Gradient)>> Compiled = new()
    {
        [Payoff.European] = Grad.ValueAndGradient(Case.PriceExpression(Payoff.European)),
        [Payoff.Asian] = Grad.ValueAndGradient(Case.PriceExpression(Payoff.Asian)),
    };

    /// <summary>Both compute the same sums in the same order up to reassociation (the adjoint sums over
    /// paths once, ExprGrad per path), so they agree to far below 1e-10 relative.</summary>
    [Theory]
    [InlineData(Payoff.European)]
    [InlineData(Payoff.Asian)]
    public void ExprGradGreeksEqualTheHandWrittenAdjointAtTheIssuesPoint(Payoff payoff)
    {
        var m = Case.Market;
        AssertGreeksEqualTheAdjoint(payoff, m.Spot, m.Volatility, m.Rate);
        Assert.Equal(Compiled[payoff](m.Spot, m.Volatility, m.Rate).Gradient, Grad.Of(Case.PriceExpression(payoff))(m.Spot, m.Volatility, m.Rate));
    }

    /// <summary>The same law at other markets: spot 60–140 against the strike of 100, σ from 5% to 60%, r from
    /// 0 to 10%, either payoff.</summary>
    [Property(Replay = "(141421,173205)", MaxTest = 40)]
    public void ExprGradGreeksEqualTheHandWrittenAdjoint(int seed)
    {
        var random = new Random(seed);
        var payoff = random.Next(2) == 0 ? Payoff.European : Payoff.Asian;
        AssertGreeksEqualTheAdjoint(payoff, 60 + 80 * random.NextDouble(), 0.05 + 0.55 * random.NextDouble(), 0.1 * random.NextDouble());
    }

    private static readonly Dictionary<Payoff, Func<double[,], (double[] Values, double[,] Gradients)>> Batches = new()
    {
        [Payoff.European] = Grad.ValueAndGradientBatch(Case.PathPayoffExpression(Payoff.European)),
        [Payoff.Asian] = Grad.ValueAndGradientBatch(Case.PathPayoffExpression(Payoff.Asian)),
    };

    /// <summary>
    /// Batch mode across paths (issue 16): a row per path, (S0, σ, r) and its normals, the Greeks the means of the
    /// gradient columns. The same pathwise derivative as the adjoint's, each path's in SIMD lanes whose Exp may differ
    /// from Math.Exp by an ulp or two, so the means agree to far below 1e-10 relative.
    /// </summary>
    [Property(Replay = "(271828,314159)", MaxTest = 12)]
    public void BatchGreeksAcrossPathsEqualTheHandWrittenAdjoint(int seed)
    {
        var random = new Random(seed);
        var payoff = random.Next(2) == 0 ? Payoff.European : Payoff.Asian;
        double s0 = 60 + 80 * random.NextDouble(), sigma = 0.05 + 0.55 * random.NextDouble(), r = 0.1 * random.NextDouble();
        var byHand = Case.Adjoint(payoff, s0, sigma, r);
        var batch = Simulation.BatchGreeks(Batches[payoff], Case.BatchRows(), s0, sigma, r);
        string at = $"{payoff} at S0 = {s0}, σ = {sigma}, r = {r}";
        AssertRelative(byHand.Price, batch.Price, 1e-10, $"{at}: price");
        AssertRelative(byHand.Delta, batch.Delta, 1e-10, $"{at}: delta");
        AssertRelative(byHand.Vega, batch.Vega, 1e-10, $"{at}: vega");
        AssertRelative(byHand.Rho, batch.Rho, 1e-10, $"{at}: rho");
    }

    /// <summary>The Into delegate over buffers kept across calls gives the allocating batch's Greeks bit for bit, at two
    /// markets in a row (the second call overwrites every row the first wrote).</summary>
    [Theory]
    [InlineData(Payoff.European)]
    [InlineData(Payoff.Asian)]
    public void BatchGreeksIntoKeptBuffersAreTheAllocatingBatchsGreeks(Payoff payoff)
    {
        var into = Grad.ValueAndGradientBatchInto(Case.PathPayoffExpression(payoff));
        var rows = Case.BatchRows();
        var (values, gradients) = (new double[rows.GetLength(0)], new double[rows.GetLength(0), rows.GetLength(1)]);
        foreach (var (s0, sigma, r) in new[] { (100.0, 0.2, 0.05), (90.0, 0.35, 0.01) })
            Assert.Equal(Simulation.BatchGreeks(Batches[payoff], Case.BatchRows(), s0, sigma, r),
                Simulation.BatchGreeks(into, rows, values, gradients, s0, sigma, r));
    }

    private static void AssertGreeksEqualTheAdjoint(Payoff payoff, double s0, double sigma, double r)
    {
        var byHand = Case.Adjoint(payoff, s0, sigma, r);
        var exprGrad = Simulation.ToGreeks(Compiled[payoff](s0, sigma, r));
        var at = $"{payoff} at S0 = {s0}, σ = {sigma}, r = {r}";
        AssertRelative(byHand.Price, exprGrad.Price, 1e-10, $"{at}: price");
        AssertRelative(Case.Price(payoff, s0, sigma, r), exprGrad.Price, 1e-10, $"{at}: price (plain loops)");
        AssertRelative(byHand.Delta, exprGrad.Delta, 1e-10, $"{at}: delta");
        AssertRelative(byHand.Vega, exprGrad.Vega, 1e-10, $"{at}: vega");
        AssertRelative(byHand.Rho, exprGrad.Rho, 1e-10, $"{at}: rho");
    }

    /// <summary>
    /// Central differences with bump h = 10⁻⁵·θ against the exact pathwise derivative. Their error is
    /// truncation plus rounding, each bounded on this sample: (1) no path crosses the strike between θ − h and
    /// θ + h (checked: Y_p is monotone in S0 and in r, and for σ the check at three points leaves only a double
    /// crossing inside 2h = 6·10⁻⁶), so the price is smooth there and the truncation error is at most
    /// h²/6·sup|V'''| — zero for S0, where each payoff is linear, and the closed-form bound for σ and r (doubled,
    /// for the sup over an interval across which it changes by a relative ~10⁻⁵); (2) each price carries at most
    /// δV of rounding (<see cref="ClosedFormPaths.PriceRoundingBound"/>), so the difference quotient at most
    /// 2δV/(2h), plus the rounding of θ ± h itself (2u·θ/h relative).
    /// </summary>
    [Theory]
    [InlineData(Payoff.European)]
    [InlineData(Payoff.Asian)]
    public void BumpAndRevalueAgreesWithinItsTruncationAndRoundingBound(Payoff payoff)
    {
        var m = Case.Market;
        var paths = new ClosedFormPaths(Case, payoff);
        const double relative = Simulation.RelativeBump, unit = 1.0 / (1L << 53);
        double hS = relative * m.Spot, hSigma = relative * m.Volatility, hR = relative * m.Rate;

        var at = paths.Underlyings(m.Spot, m.Volatility, m.Rate);
        AssertNoStrikeCrossing(at, paths.Underlyings(m.Spot - hS, m.Volatility, m.Rate), paths.Underlyings(m.Spot + hS, m.Volatility, m.Rate), "S0");
        AssertNoStrikeCrossing(at, paths.Underlyings(m.Spot, m.Volatility - hSigma, m.Rate), paths.Underlyings(m.Spot, m.Volatility + hSigma, m.Rate), "σ");
        AssertNoStrikeCrossing(at, paths.Underlyings(m.Spot, m.Volatility, m.Rate - hR), paths.Underlyings(m.Spot, m.Volatility, m.Rate + hR), "r");

        var exact = Case.Adjoint(payoff);
        var bumped = Case.BumpAndRevalue(payoff);
        double rounding = paths.PriceRoundingBound(exact.Price);
        var (thirdSigma, thirdRate) = paths.ThirdDerivativeBounds();
        double Bound(double h, double third, double greek) =>
            h * h / 6 * 2 * third + rounding / h + 2 * unit * Math.Abs(greek) / relative;

        Assert.Equal(exact.Price, bumped.Price);
        Assert.InRange(Math.Abs(bumped.Delta - exact.Delta), 0, Bound(hS, 0, exact.Delta));
        Assert.InRange(Math.Abs(bumped.Vega - exact.Vega), 0, Bound(hSigma, thirdSigma, exact.Vega));
        Assert.InRange(Math.Abs(bumped.Rho - exact.Rho), 0, Bound(hR, thirdRate, exact.Rho));
    }

    /// <summary>The estimates of the European price and Greeks are means of per-path samples, so each is
    /// within a few of its standard errors s/√P of the closed form; 4 standard errors leave a fixed-seed sample
    /// a 6·10⁻⁵ chance per quantity of failing by bad luck rather than by a wrong gradient. The paths are
    /// simulated exactly (GBM in log space), so there is no discretization bias to allow for.</summary>
    [Fact]
    public void EuropeanGreeksMatchBlackScholesWithinFourStandardErrors()
    {
        var m = Case.Market;
        var (value, (delta, vega, rho)) = Grad.ValueAndGradient(Case.PriceExpression(Payoff.European))(m.Spot, m.Volatility, m.Rate);
        var samples = new ClosedFormPaths(Case, Payoff.European).EuropeanSamples();
        var closed = BlackScholes.Call(m.Spot, m.Strike, m.Volatility, m.Rate, m.Maturity);

        foreach (var (name, estimate, perPath, expected) in new[]
        {
            ("price", value, samples.Price, closed.Price),
            ("delta", delta, samples.Delta, closed.Delta),
            ("vega", vega, samples.Vega, closed.Vega),
            ("rho", rho, samples.Rho, closed.Rho),
        })
        {
            // The standard error belongs to the estimate: the samples must average to what ExprGrad returned.
            AssertRelative(perPath.Average(), estimate, 1e-10, $"{name}: ExprGrad vs the mean of closed-form path samples");
            double mean = perPath.Average(), variance = perPath.Sum(v => (v - mean) * (v - mean)) / (perPath.Length - 1);
            double standardError = Math.Sqrt(variance / perPath.Length);
            Assert.True(Math.Abs(estimate - expected) <= 4 * standardError,
                $"{name}: Monte Carlo {estimate} vs Black–Scholes {expected}, {Math.Abs(estimate - expected) / standardError:F2} standard errors of {standardError}");
        }
    }

    /// <summary>Reference values of Φ from the standard normal table (to 16 digits).</summary>
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.8413447460685429)]
    [InlineData(-1.0, 0.15865525393145707)]
    [InlineData(1.959963984540054, 0.975)]
    public void NormalCdfMatchesTables(double x, double expected) =>
        Assert.Equal(expected, BlackScholes.Cdf(x), 1e-15);

    private static void AssertNoStrikeCrossing(double[] at, double[] below, double[] above, string input)
    {
        double strike = Case.Market.Strike;
        for (int p = 0; p < at.Length; p++)
            Assert.True((at[p] > strike) == (below[p] > strike) && (at[p] > strike) == (above[p] > strike),
                $"path {p} crosses the strike within the {input} bump: the central difference straddles a kink");
    }

    private static void AssertRelative(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected),
            $"{what}: {actual:R}, expected {expected:R} (relative error {Math.Abs(actual - expected) / Math.Abs(expected):E2})");
}
