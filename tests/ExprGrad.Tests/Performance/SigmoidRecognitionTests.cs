using System.Linq.Expressions;
using ExprGrad.Tests.Support;
using FsCheck.Xunit;

namespace ExprGrad.Tests.Performance;

/// <summary>
/// Issue 16 (<see cref="GradientOptions.RecognizeSigmoid"/>): <c>1 / (1 + Math.Exp(−z))</c>, as B2's neuron writes σ, is
/// differentiated as <c>Ops.Sigmoid(z)</c>, which computes the same value bit for bit, with the hand-written rule
/// g·σ·(1 − σ): no Exp call of its own, no overflow guard, no division in the backward pass.
/// </summary>
public class SigmoidRecognitionTests
{
    private static readonly GradientOptions Off = new() { RecognizeSigmoid = false };

    private static readonly Expression<Func<double, double, double, double, double, double>> Neuron =
        (w0, x0, w1, x1, w2) => 1 / (1 + Math.Exp(-(w0 * x0 + w1 * x1 + w2)));

    [Property(Replay = "(314159,265359)", MaxTest = 200)]
    public void TheValueIsTheSameBitForBitAndTheDerivativeIsTheSigmoids(double z)
    {
        if (!double.IsFinite(z) || Math.Abs(z) > 700) return;
        Expression<Func<double, double>> f = u => 1 / (1 + Math.Exp(-u));
        var (value, dz) = Grad.ValueAndGradient(f)(z);
        Assert.Equal(BitConverter.DoubleToInt64Bits(f.Compile()(z)), BitConverter.DoubleToInt64Bits(value));
        // d/dz 1/(1 + e^−z) = e^−z/(1 + e^−z)². σ(1 − σ) is within a few ulps of 1 absolutely, not relatively: where σ
        // is near 1, 1 − σ keeps few digits (as in the hand-written σ(1 − σ)); the absolute error stays below 2⁻⁵².
        double e = Math.Exp(-z);
        Assert.True(CentralDifferences.Close(e / ((1 + e) * (1 + e)), dz, relTol: 1e-14, absTol: 2.3e-16), $"dz {dz} at {z}");
        Assert.True(CentralDifferences.Close(Grad.Of(f, Off)(z), dz, relTol: 1e-14, absTol: 2.3e-16), $"dz {dz} against the pass off at {z}");
    }

    [Fact]
    public void TheNeuronsGradientIsTheHandWrittenOne()
    {
        var program = Grad.GradientExpression(Neuron);
        var calls = Calls(program);
        Assert.Equal(["Sigmoid"], calls);
        Assert.DoesNotContain(nameof(Math.Exp), Calls(program));
        // Off: the Exp and its overflow guard (double.IsInfinity) are back.
        Assert.Contains(nameof(Math.Exp), Calls(Grad.GradientExpression(Neuron, Off)));
        Assert.Contains(nameof(double.IsInfinity), Calls(Grad.GradientExpression(Neuron, Off)));
        var (w0, x0, w1, x1, w2) = (2.0, -1.0, -3.0, -2.0, -3.0);
        var gradient = Grad.Of(Neuron)(w0, x0, w1, x1, w2);
        // The notes' hand-written backward pass: σ' = (1 − f)·f, then the multiply gates swap (the same operations).
        double f = 1 / (1 + Math.Exp(-(w0 * x0 + w1 * x1 + w2)));
        double dot = (1 - f) * f;
        Assert.Equal((x0 * dot, w0 * dot, x1 * dot, w1 * dot, dot), gradient);
    }

    [Fact]
    public void OnlyTheSigmoidsOwnFormIsRecognized()
    {
        Expression<Func<double, double>> swapped = z => 1 / (Math.Exp(-z) + 1);
        Expression<Func<double, double>> positive = z => 1 / (1 + Math.Exp(z));
        Expression<Func<double, double>> two = z => 2 / (1 + Math.Exp(-z));
        Assert.Equal(["Sigmoid"], Calls(Grad.GradientExpression(swapped)));
        Assert.Contains(nameof(Math.Exp), Calls(Grad.GradientExpression(positive)));
        Assert.Contains(nameof(Math.Exp), Calls(Grad.GradientExpression(two)));
    }

    [Fact]
    public void AnOverflowedExponentialGivesAZeroGradientAsBefore()
    {
        // e^800 = ∞: σ(−800) = 1/∞ = 0, and its derivative is 0 (the pass off guards 0·∞ to 0).
        Expression<Func<double, double>> f = z => 1 / (1 + Math.Exp(-z));
        Assert.Equal(0.0, Grad.Of(f)(-800));
        Assert.Equal(0.0, Grad.Of(f, Off)(-800));
        Assert.Equal(0.0, Grad.Of(f)(800));
    }

    private static List<string> Calls(Expression e)
    {
        var names = new List<string>();
        new CallNames(names).Visit(e);
        return names;
    }

    private sealed class CallNames(List<string> names) : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            names.Add(node.Method.Name);
            return base.VisitMethodCall(node);
        }
    }
}
