using ExprGrad.Training;

namespace ExprGrad.Tests.Training;

/// <summary>
/// Steps of each optimizer against values derived by hand from the published update rules. The
/// hyperparameters are powers of two where that makes the hand arithmetic exact in binary, so those steps
/// are compared bit for bit; the rest are compared to a few units in the last place.
/// </summary>
public class OptimizerStepTests
{
    [Fact]
    public void SgdTakesTheGradientStep()
    {
        // x ← x − α·g with α = 0.25: [1, −2] − 0.25·[2, −0.5] = [0.5, −1.875].
        double[] x = [1, -2];
        new Sgd(0.25).Step(x, [2, -0.5]);
        Assert.Equal([0.5, -1.875], x);
    }

    [Fact]
    public void SgdWithMomentumAccumulatesTheVelocity()
    {
        // μ = 0.5, α = 0.25. Step 1: v = g₁ = [2, 4], x = [1, 1] − 0.25·[2, 4] = [0.5, 0].
        // Step 2: v = 0.5·[2, 4] + [−1, 1] = [0, 3], x = [0.5, 0] − 0.25·[0, 3] = [0.5, −0.75].
        var sgd = new Sgd(0.25, momentum: 0.5);
        double[] x = [1, 1];
        sgd.Step(x, [2, 4]);
        Assert.Equal([0.5, 0], x);
        sgd.Step(x, [-1, 1]);
        Assert.Equal([0.5, -0.75], x);
    }

    [Fact]
    public void AdamsFirstStepMovesEachCoordinateByTheLearningRate()
    {
        // Kingma & Ba, Algorithm 1 with β₁ = 0.5, β₂ = 0.75, ε = 0, α = 0.25, g = [2, −0.5]:
        // m = (1 − β₁)·g = [1, −0.25], v = (1 − β₂)·g² = [1, 0.0625], m̂ = m / (1 − 0.5) = [2, −0.5],
        // v̂ = v / (1 − 0.75) = [4, 0.25], m̂ / √v̂ = [1, −1]: x = [1, 1] − 0.25·[1, −1] = [0.75, 1.25].
        var adam = new Adam(0.25, beta1: 0.5, beta2: 0.75, epsilon: 0);
        double[] x = [1, 1];
        adam.Step(x, [2, -0.5]);
        Assert.Equal([0.75, 1.25], x);

        // Step 2 with g = [1, 1]: m = 0.5·[1, −0.25] + 0.5·[1, 1] = [1, 0.375],
        // v = 0.75·[1, 0.0625] + 0.25·[1, 1] = [1, 0.296875], 1 − β₁² = 0.75, 1 − β₂² = 0.4375:
        // x = [0.75, 1.25] − 0.25·[(1/0.75)/√(1/0.4375), (0.375/0.75)/√(0.296875/0.4375)].
        adam.Step(x, [1, 1]);
        double[] expected = [0.75 - 0.25 * (4.0 / 3) / Math.Sqrt(1 / 0.4375), 1.25 - 0.25 * 0.5 / Math.Sqrt(0.296875 / 0.4375)];
        AssertClose(expected, x);
        Assert.Equal(2, adam.StepCount);
    }

    [Fact]
    public void AdamsFirstStepWithTheDefaultsIsAlphaGOverAbsGPlusEpsilon()
    {
        // With the paper's defaults m̂₁ = g and v̂₁ = g², so Δx = −α·g / (|g| + ε).
        double[] x = [0.5, -3, 7];
        double[] g = [1e-3, -40, 2];
        var expected = x.Select((xi, i) => xi - 0.001 * g[i] / (Math.Abs(g[i]) + 1e-8)).ToArray();
        new Adam().Step(x, g);
        AssertClose(expected, x);
    }

    [Fact]
    public void AdamWDecaysTheParametersApartFromTheMoments()
    {
        // Loshchilov & Hutter, Algorithm 2 (η = 1), decay scaled by α as in PyTorch: x ← x − α·(m̂/(√v̂ + ε) + λ·x).
        // ε = 0, α = 0.25, λ = 0.5, g = [2, −0.5]: m̂/√v̂ = [1, −1] as for Adam, so
        // x = [1, 1] − 0.25·([1, −1] + 0.5·[1, 1]) = [0.625, 1.125].
        var adamW = new AdamW(0.25, beta1: 0.5, beta2: 0.75, epsilon: 0, weightDecay: 0.5);
        double[] x = [1, 1];
        adamW.Step(x, [2, -0.5]);
        Assert.Equal([0.625, 1.125], x);
    }

    [Fact]
    public void AdamWWithAZeroGradientOnlyDecays()
    {
        // m = v = 0 give m̂/(√v̂ + ε) = 0 for ε > 0: the step is x·(1 − αλ) = 8·(1 − 0.125·0.5) = 7.5, whatever the
        // moments; Adam with an L2 term would have moved by α·sign(λx) = 0.125 instead.
        double[] x = [8];
        new AdamW(0.125, weightDecay: 0.5).Step(x, [0.0]);
        Assert.Equal([7.5], x);
    }

    [Fact]
    public void MatricesAndDoubleMembersOfARecordAreUpdated()
    {
        // A positional record's double has an init accessor: the step writes it, as it writes the arrays in place.
        var model = new Linear(new double[,] { { 1, 2 } }, 3);
        var w = model.W;
        new Sgd(0.5).Step(model, new Linear(new double[,] { { 2, -2 } }, 4));
        Assert.Same(w, model.W);
        Assert.Equal(new double[,] { { 0, 3 } }, model.W);
        Assert.Equal(1.0, model.B);
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 4 * (Math.BitIncrement(Math.Abs(expected[i])) - Math.Abs(expected[i])),
                $"[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
    }
}

/// <summary>A record with a matrix and a double, as models are written.</summary>
public sealed record Linear(double[,] W, double B);
