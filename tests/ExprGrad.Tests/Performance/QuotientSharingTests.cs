using System.Linq.Expressions;
using ExprGrad.Tests.Support;
using FsCheck.Xunit;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Performance;

/// <summary>
/// Issue 16 (<see cref="GradientOptions.ShareQuotientDivisions"/>): the gradient of q = a/b divides once, b̄ = −ā·q
/// with ā = g/b, and b̄ = −g·q·q for a reciprocal 1/b, where the rule divides twice (ā = g/b, b̄ = −g·q/b). The
/// derivatives stay the quotient's, ∂q/∂a = 1/b and ∂q/∂b = −a/b², to rounding; a zero adjoint still gives zero where
/// the partial is infinite.
/// </summary>
public class QuotientSharingTests
{
    private static readonly GradientOptions Off = new() { ShareQuotientDivisions = false };

    [Property(Replay = "(271828,182845)", MaxTest = 200)]
    public void TheQuotientsPartialsAreOneOverBAndMinusAOverBSquared(double a, double b)
    {
        if (!double.IsFinite(a) || !double.IsFinite(b) || Math.Abs(b) < 1e-3 || Math.Abs(a) > 1e6 || Math.Abs(b) > 1e6) return;
        // Subnormal partials carry fewer digits than a relative tolerance assumes.
        if (a != 0 && Math.Abs(a) < 1e-100) return;
        var (da, db) = Grad.Of((Expression<Func<double, double, double>>)((u, v) => u / v))(a, b);
        // ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b²: each side a few roundings from the exact value.
        Assert.True(CentralDifferences.Close(1 / b, da, relTol: 1e-15, absTol: 0), $"da {da} at ({a}, {b})");
        Assert.True(CentralDifferences.Close(-a / (b * b), db, relTol: 1e-15, absTol: 0), $"db {db} at ({a}, {b})");
    }

    [Property(Replay = "(141421,356237)", MaxTest = 200)]
    public void TheNeuronsReciprocalGivesTheSigmoidsDerivative(double z)
    {
        if (!double.IsFinite(z) || Math.Abs(z) > 30) return;
        // RecognizeSigmoid would take this form to Ops.Sigmoid's rule; here the quotient's is under test.
        var dz = Grad.Of((Expression<Func<double, double>>)(u => 1 / (1 + Math.Exp(-u))), new GradientOptions { RecognizeSigmoid = false })(z);
        // d/dz 1/(1 + e^−z) = e^−z/(1 + e^−z)² (σ(z)·(1 − σ(z)) cancels for large z).
        double e = Math.Exp(-z);
        Assert.True(CentralDifferences.Close(e / ((1 + e) * (1 + e)), dz, relTol: 1e-14, absTol: 0), $"dz {dz} at {z}");
    }

    [Property(Replay = "(173205,223607)", MaxTest = 100)]
    public void TheStagedFunctionAgreesWithCentralDifferencesAndWithThePassOff(double x, double y)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y) || Math.Abs(x) > 5 || Math.Abs(y) > 5) return;
        Expression<Func<double, double, double>> f = (u, v) => (u + Sigmoid(v)) / (Sigmoid(u) + (u + v) * (u + v));
        var (gx, gy) = Grad.Of(f)(x, y);
        var (ox, oy) = Grad.Of(f, Off)(x, y);
        var plain = f.Compile();
        var expected = CentralDifferences.Gradient(p => plain(p[0], p[1]), [x, y]);
        CentralDifferences.AssertClose(expected, [gx, gy], $"({x}, {y})");
        Assert.True(CentralDifferences.Close(ox, gx, relTol: 1e-13, absTol: 1e-300), $"dx {gx} against {ox} with the pass off");
        Assert.True(CentralDifferences.Close(oy, gy, relTol: 1e-13, absTol: 1e-300), $"dy {gy} against {oy} with the pass off");
    }

    [Fact]
    public void TheStagedFunctionAndTheNeuronDivideOnceInTheBackwardPass()
    {
        // Forward: B3's own quotient, B2's reciprocal (Ops.Sigmoid divides inside its call, not as a node).
        Expression<Func<double, double, double>> staged = (x, y) => (x + Sigmoid(y)) / (Sigmoid(x) + (x + y) * (x + y));
        Expression<Func<double, double, double, double, double, double>> neuron =
            (w0, x0, w1, x1, w2) => 1 / (1 + Math.Exp(-(w0 * x0 + w1 * x1 + w2)));
        Assert.Equal(2, Divisions(Grad.GradientExpression(staged)));
        Assert.Equal(3, Divisions(Grad.GradientExpression(staged, Off)));
        var quotient = new GradientOptions { RecognizeSigmoid = false };
        Assert.Equal(1, Divisions(Grad.GradientExpression(neuron, quotient)));
        Assert.Equal(2, Divisions(Grad.GradientExpression(neuron, quotient with { ShareQuotientDivisions = false })));
    }

    [Fact]
    public void AZeroAdjointThroughAnInfiniteQuotientStaysZero()
    {
        // 1/0 = ∞ loses to 5 in Min, which sends the quotient an adjoint of exactly 0: 0·∂ must be 0, not 0·∞ = NaN.
        Expression<Func<double, double, double>> f = (a, b) => Math.Min(a / b, 5);
        Expression<Func<double, double>> reciprocal = b => Math.Min(1 / b, 5);
        Assert.Equal((0.0, 0.0), Grad.Of(f)(1, 0));
        Assert.Equal(0.0, Grad.Of(reciprocal)(0));
        Assert.Equal((0.0, 0.0), Grad.Of(f, Off)(1, 0));
    }

    private static int Divisions(Expression e) => NodeCount.Of(e, ExpressionType.Divide);
}
