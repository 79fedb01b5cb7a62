using System.Linq.Expressions;

namespace ExprGrad.Tests.Special;

/// <summary>
/// The special functions' derivatives beyond the generated rule tests: the chain log Γ → ψ → ψ′ → ψ⁽ⁿ⁾ at any
/// order, and probit at an intercept of ±40, where a naive log Φ is −∞ with a NaN gradient.
/// </summary>
public class SpecialFunctionDerivativeTests
{
    /// <summary>dᵏ/dxᵏ log Γ(x) = ψ⁽ᵏ⁻¹⁾(x): each rule calls the next polygamma, so every order is exact.</summary>
    [Theory]
    [InlineData(0.3)]
    [InlineData(2.75)]
    [InlineData(31.5)]
    public void DerivativesOfLogGammaArePolygammas(double x)
    {
        for (int order = 1; order <= 5; order++)
        {
            var derivative = Grad.NthDerivative(t => Ops.LogGamma(t), order)(x);
            var expected = Ops.Polygamma(order - 1, x);
            Assert.True(Math.Abs(derivative - expected) <= 1e-14 * Math.Abs(expected), $"order {order}: {derivative:R} vs ψ⁽{order - 1}⁾ = {expected:R}");
        }
    }

    [Fact]
    public void PolygammaDerivativeIsTheNextOrder()
    {
        var third = Grad.NthDerivative(t => Ops.Polygamma(2, t), 2)(1.7);
        Assert.Equal(Ops.Polygamma(4, 1.7), third, 1e-12);
    }

    /// <summary>
    /// Probit log-likelihood y log Φ(η) + (1 − y) log Φ(−η) at η = ±40 for both outcomes. Closed form from Φ's
    /// asymptotic series for x → −∞: Φ(x) = φ(x)/|x| · S(x) with S = 1 − 1/x² + 3/x⁴ − 15/x⁶ + …, so
    /// log Φ(x) = −x²/2 − log|x| − ½ log 2π + log S and d/dx log Φ(x) = φ/Φ = |x|/S; at |x| = 40 eleven terms
    /// of S leave an error below 1e-28 (evaluated in decimal). d²/dx² log Φ = −r(x + r) with r = φ/Φ.
    /// </summary>
    [Theory]
    [InlineData(40.0, 0.0)]
    [InlineData(-40.0, 1.0)]
    [InlineData(40.0, 1.0)]
    [InlineData(-40.0, 0.0)]
    public void ProbitInTheTailsHasFiniteLogDensityGradientAndCurvature(double intercept, double outcome)
    {
        Expression<Func<double[], double>> logLikelihood = b => outcome * Ops.LogNormalCdf(b[0]) + (1 - outcome) * Ops.LogNormalCdf(-b[0]);
        var (value, gradient) = Grad.ValueAndGradient(logLikelihood)([intercept]);
        var hessian = Grad.Hessian(logLikelihood)([intercept]);

        // The likelihood is in the lower tail when the outcome disagrees with the sign of the intercept.
        double tail = outcome == 1 ? intercept : -intercept; // log Φ(tail) for the observed side
        double sign = outcome == 1 ? 1 : -1;                 // d tail / dη
        if (tail > 0)
        {
            // log Φ(40) = log(1 − Φ(−40)) ≈ −Φ(−40) ≈ −3.7e-350: 0 in double, gradient φ(40)/Φ(40) ≈ 1.5e-348 → 0.
            Assert.Equal(0.0, value);
            Assert.Equal(0.0, gradient[0]);
            Assert.Equal(0.0, hessian[0, 0]);
            return;
        }
        decimal x = (decimal)tail, s = 0, term = 1;
        for (int k = 0; k <= 10; k++)
        {
            s += term;
            term *= -(2 * k + 1) / (x * x);
        }
        decimal r = -x / s;
        double expectedValue = -(double)(x * x) / 2 - Math.Log(-(double)x) - 0.5 * Math.Log(2 * Math.PI) + Math.Log((double)s);
        double expectedCurvature = -(double)(r * (x + r));
        Assert.True(Math.Abs(value - expectedValue) <= 1e-14 * Math.Abs(expectedValue), $"log-likelihood {value:R}, expected {expectedValue:R}");
        Assert.True(Math.Abs(gradient[0] - sign * (double)r) <= 1e-14 * (double)r, $"gradient {gradient[0]:R}, expected {sign * (double)r:R}");
        Assert.True(Math.Abs(hessian[0, 0] - expectedCurvature) <= 1e-11 * Math.Abs(expectedCurvature), $"curvature {hessian[0, 0]:R}, expected {expectedCurvature:R}");
    }

    /// <summary>The elementwise forms give what the scalar function gives, element by element, with gradient
    /// and Hessian diagonal from the scalar rules.</summary>
    [Fact]
    public void ElementwiseFormsAgreeWithTheScalarForms()
    {
        double[] x = [0.3, 1.7, 4.2];
        var vector = Grad.ValueAndGradient((double[] a) => Ops.Sum(Ops.LogGamma(a)) + Ops.Sum(Ops.LogNormalCdf(Ops.Scale(-10, a))))(x);
        double expected = x.Sum(v => Ops.LogGamma(v) + Ops.LogNormalCdf(-10 * v));
        Assert.Equal(expected, vector.Value, 1e-12);
        for (int i = 0; i < x.Length; i++)
        {
            var scalar = Grad.Of((double t) => Ops.LogGamma(t) + Ops.LogNormalCdf(-10 * t))(x[i]);
            Assert.Equal(scalar, vector.Gradient[i], 1e-12);
        }
    }
}
