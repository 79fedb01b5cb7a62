using System.Linq.Expressions;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Loops;

/// <summary>
/// A scan's recurrence carried in locals (issue 13): the forward loop passes each state on in a variable and the
/// backward loop carries the state's adjoint in one, where before each iteration read back the array element the
/// previous one had just written. The pass claims bit-identical gradients. Each shape — states read by index and
/// through the recurrence, a step that ignores its state, returns it unchanged or returns an outer value, no
/// steps — against hand-derived numbers through every gradient entry point, and bit for bit against the pass off.
/// f = Σₜ cₜ·xs[t], c = (0.5, −1, 2, 0.25), w = (0.8, −0.6), z = (0.3, −1.1, 0.7).
/// </summary>
public class CarriedScanTests
{
    private static readonly double[] C = [0.5, -1, 2, 0.25];
    private static readonly double[] Z = [0.3, -1.1, 0.7];
    private static readonly double[] W = [0.8, -0.6];
    private static readonly GradientOptions ThroughTheArray = new() { CarryStatesInLocals = false };

    [Fact]
    public void ALinearRecurrenceReadAtEveryState()
    {
        // s₀ = w₀, s_{t+1} = w₁·s_t + z_t; by hand, forward along the recurrence:
        // ∂s_{t+1}/∂w₀ = w₁·∂s_t/∂w₀, ∂s_{t+1}/∂w₁ = s_t + w₁·∂s_t/∂w₁.
        Expression<Func<double[], double>> f = w => Let(Scan(3, w[0], (s, t) => w[1] * s + Z[t]), xs => C[0] * xs[0] + C[1] * xs[1] + C[2] * xs[2] + C[3] * xs[3]);
        double s = W[0], d0 = 1, d1 = 0, value = C[0] * s, g0 = C[0] * d0, g1 = C[0] * d1;
        for (int t = 0; t < 3; t++)
        {
            (s, d0, d1) = (W[1] * s + Z[t], W[1] * d0, s + W[1] * d1);
            (value, g0, g1) = (value + C[t + 1] * s, g0 + C[t + 1] * d0, g1 + C[t + 1] * d1);
        }
        Check(f, value, [g0, g1]);
    }

    [Fact]
    public void AStepThatIgnoresItsState()
    {
        // xs = (w₀, w₁z₀, w₁z₁, w₁z₂): ∂f/∂w₀ = c₀, ∂f/∂w₁ = Σ_{t≥1} cₜ·z_{t−1} = −0.3 − 2.2 + 0.175 = −2.325.
        Expression<Func<double[], double>> f = w => Let(Scan(3, w[0], (s, t) => w[1] * Z[t]), xs => C[0] * xs[0] + C[1] * xs[1] + C[2] * xs[2] + C[3] * xs[3]);
        Check(f, 0.4 + 0.18 + 1.32 - 0.105, [0.5, -2.325]);
    }

    [Fact]
    public void AStepThatReturnsItsState()
    {
        // Every state is w₀: f = w₀·Σc = 0.8·1.75 = 1.4, ∇f = (1.75, 0).
        Expression<Func<double[], double>> f = w => Let(Scan(3, w[0], (s, t) => s), xs => C[0] * xs[0] + C[1] * xs[1] + C[2] * xs[2] + C[3] * xs[3]);
        Check(f, 1.4, [1.75, 0]);
    }

    [Fact]
    public void AStepThatReturnsAnOuterValue()
    {
        // xs = (w₀, w₁, w₁, w₁): f = 0.4 + 1.25·(−0.6) = −0.35, ∇f = (c₀, c₁ + c₂ + c₃) = (0.5, 1.25).
        Expression<Func<double[], double>> f = w => Let(w[1], b => Let(Scan(3, w[0], (s, t) => b), xs => C[0] * xs[0] + C[1] * xs[1] + C[2] * xs[2] + C[3] * xs[3]));
        Check(f, -0.35, [0.5, 1.25]);
    }

    [Fact]
    public void NoSteps()
    {
        // One state, w₀: f = c₀·w₀ = 0.4, ∇f = (0.5, 0).
        int none = 0;
        Expression<Func<double[], double>> f = w => Let(Scan(none, w[0], (s, t) => w[1] * s), xs => C[0] * xs[0]);
        Check(f, 0.4, [0.5, 0]);
    }

    private static void Check(Expression<Func<double[], double>> f, double value, double[] expected)
    {
        LoopGradientAssert.Everywhere(f, W, value, expected, ThroughTheArray);
        var (carried, throughArray) = (Grad.ValueAndGradient(f)(W), Grad.ValueAndGradient(f, ThroughTheArray)(W));
        Assert.Equal(BitConverter.DoubleToInt64Bits(throughArray.Value), BitConverter.DoubleToInt64Bits(carried.Value));
        Assert.Equal(throughArray.Gradient.Select(BitConverter.DoubleToInt64Bits), carried.Gradient.Select(BitConverter.DoubleToInt64Bits));
    }
}
