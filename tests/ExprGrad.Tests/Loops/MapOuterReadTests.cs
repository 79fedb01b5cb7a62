using System.Linq.Expressions;
using ExprGrad.Tests.Oracles;
using FsCheck.Xunit;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Loops;

/// <summary>
/// <c>Ops.Map</c> whose lambda reads values from outside its own parameter (issue 11 §2): a parameter, a value
/// computed before it, an enclosing Sum's index or Scan's state. Each such value gets the sum of every element's
/// contribution. Expected values are derived by hand in the comments.
/// </summary>
public class MapOuterReadTests
{
    [Fact]
    public void AScalarParameterReadByEveryElementGathersEveryElementsGradient()
    {
        // f = Σᵢ (wᵢ·a)² = a²·Σ wᵢ²: ∂f/∂wᵢ = 2a²wᵢ, ∂f/∂a = 2a·Σ wᵢ². At w = (1, 2), a = 3: (18, 36) and 30; f = 45.
        var (value, (dw, da)) = Grad.ValueAndGradient((double[] w, double a) => Sum(Map(w, x => (x * a) * (x * a))))([1.0, 2.0], 3);
        Assert.Equal(45, value, 12);
        Assert.Equal([18.0, 36.0], dw);
        Assert.Equal(30, da, 12);
    }

    [Fact]
    public void AValueComputedBeforeTheMapIsDifferentiatedThroughIt()
    {
        // c = a² is read by each element: f = Σᵢ sin(wᵢ + c), ∂f/∂a = Σᵢ cos(wᵢ + a²)·2a, ∂f/∂wᵢ = cos(wᵢ + a²).
        double[] w = [0.3, -1.2, 2.0];
        double a = 0.7;
        var (dw, da) = Grad.Of((double[] v, double s) => Let(s * s, c => Sum(Map(v, x => Math.Sin(x + c)))))(w, a);
        for (int i = 0; i < w.Length; i++) Assert.Equal(Math.Cos(w[i] + a * a), dw[i], 14);
        Assert.Equal(w.Sum(x => Math.Cos(x + a * a) * 2 * a), da, 14);
    }

    [Fact]
    public void AnEnclosingSumsIndexIsReadAsANumber()
    {
        // f = Σ_{t=0}^{2} Σᵢ sin(t·wᵢ): ∂f/∂wᵢ = Σₜ t·cos(t·wᵢ). The index used to be an unbound parameter.
        double[] w = [0.4, -0.9];
        var gradient = Grad.Of((double[] v) => Sum(3, t => Sum(Map(v, x => Math.Sin(t * x)))))(w);
        for (int i = 0; i < w.Length; i++)
            Assert.Equal(Enumerable.Range(0, 3).Sum(t => t * Math.Cos(t * w[i])), gradient[i], 14);
    }

    [Fact]
    public void AScanStateReadByTheMapCarriesTheRecurrence()
    {
        // s₀ = 1, sₜ₊₁ = Σᵢ wᵢ·sₜ = S·sₜ with S = Σ wᵢ, so s₃ = S³ and ∂s₃/∂wᵢ = 3S². At w = (1, 2): 27 each.
        var gradient = Grad.Of((double[] w) => Scan(3, 1.0, (s, t) => Sum(Map(w, x => x * s)))[3])([1.0, 2.0]);
        Assert.Equal([27.0, 27.0], gradient);
    }

    [Fact]
    public void AMatrixMapReadsAnOuterBias()
    {
        // f = Σᵢⱼ tanh(Wᵢⱼ + b): ∂f/∂Wᵢⱼ = 1 − tanh²(Wᵢⱼ + b), ∂f/∂b = Σᵢⱼ of the same.
        double[,] W = { { 0.1, -0.5, 0.8 }, { 1.2, -0.3, 0.0 } };
        double b = 0.25;
        var (dW, db) = Grad.Of((double[,] m, double bias) => Sum(Map(m, x => Math.Tanh(x + bias))))(W, b);
        double total = 0;
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
            {
                double slope = 1 - Math.Tanh(W[i, j] + b) * Math.Tanh(W[i, j] + b);
                Assert.Equal(slope, dW[i, j], 14);
                total += slope;
            }
        Assert.Equal(total, db, 13);
    }

    [Fact]
    public void TheHessianGoesThroughAMapReadingAParameter()
    {
        // f = Σᵢ (wᵢ·a)²: ∂²/∂wᵢ² = 2a², ∂²/∂wᵢ∂a = 4a·wᵢ, ∂²/∂a² = 2·Σ wᵢ²; at w = (1, 2), a = 3:
        // [[18, 0, 12], [0, 18, 24], [12, 24, 10]].
        var h = Grad.Hessian((double[] w, double a) => Sum(Map(w, x => (x * a) * (x * a))))([1.0, 2.0], 3);
        double[,] expected = { { 18, 0, 12 }, { 0, 18, 24 }, { 12, 24, 10 } };
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) Assert.Equal(expected[i, j], h[i, j], 12);
    }

    [Fact]
    public void AnElementOfTheMappedArrayReadAtAFixedIndexGetsEveryElementsContribution()
    {
        // f = Σᵢ wᵢ·w₀ = w₀·Σ w: ∂f/∂w₀ = Σ w + w₀, ∂f/∂wᵢ = w₀ (i ≠ 0). At w = (1, 2): f = 3, ∇f = (4, 1).
        var (value, gradient) = Grad.ValueAndGradient((double[] w) => Sum(Map(w, x => x * w[0])))([1.0, 2.0]);
        Assert.Equal(3.0, value);
        Assert.Equal([4.0, 1.0], gradient);
    }

    [Fact]
    public void AnElementReadAtAnEnclosingSumsIndexIsReadOncePerIteration()
    {
        // f = Σ_{j<2} Σᵢ wᵢ·v[j]·m[j, 1] = (Σ w)·(v₀m₀₁ + v₁m₁₁): ∂f/∂wᵢ = v₀m₀₁ + v₁m₁₁, ∂f/∂vⱼ = (Σ w)·mⱼ₁,
        // ∂f/∂mⱼ₁ = (Σ w)·vⱼ, ∂f/∂mⱼ₀ = 0. At w = (1, 2), v = (3, −1), m = [[0, 2], [5, 4]]: Σ w = 3, ∂f/∂wᵢ = 6 − 4 = 2,
        // ∂f/∂v = (6, 12), ∂f/∂m = [[0, 9], [0, −3]].
        var (dw, dv, dm) = Grad.Of((double[] w, double[] v, double[,] m) => Sum(2, j => Sum(Map(w, x => x * v[j] * m[j, 1]))))(
            [1.0, 2.0], [3.0, -1.0], new double[,] { { 0, 2 }, { 5, 4 } });
        Assert.Equal([2.0, 2.0], dw);
        Assert.Equal([6.0, 12.0], dv);
        Assert.Equal(new double[,] { { 0, 9 }, { 0, -3 } }, dm);
    }

    [Fact]
    public void AnOutOfRangeElementReadThrowsOnlyWhenAnElementReadsIt()
    {
        // Over no elements v[5] is never read, as in the function; over one, it throws as the function does.
        var gradient = Grad.Of((double[] a, double[] v) => Sum(Map(a, x => x * v[5])));
        var (da, dv) = gradient([], [1.0, 2.0]);
        Assert.Empty(da);
        Assert.Equal([0.0, 0.0], dv);
        Assert.Throws<IndexOutOfRangeException>(() => gradient([1.0], [1.0, 2.0]));
    }

    [Fact]
    public void AWholeOuterArrayReadIsRefusedWithTheFix()
    {
        var error = Assert.Throws<UnsupportedExpressionException>(() => Grad.Of((double[] w, double[] v) => Sum(Map(w, x => x * Sum(v)))));
        Assert.Contains("'v'", error.Message);
        Assert.Contains("Ops.Let", error.Message);
    }

    // f(w, a) = Σᵢ exp(a·sin wᵢ) at random points and lengths: the gradient equals Richardson differences.
    [Property(Replay = "(141421,173205)", MaxTest = 30)]
    public void TheGradientEqualsDifferencesAtRandomPoints(int seed)
    {
        var random = new Random(seed);
        var w = Enumerable.Range(0, 1 + random.Next(6)).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        double a = random.NextDouble() * 2 - 1;
        Expression<Func<double[], double, double>> f = (v, s) => Sum(Map(v, x => Math.Exp(s * Math.Sin(x))));
        var (dw, da) = Grad.Of(f)(w, a);
        var plain = f.Compile();
        var expected = FiniteDifferences.Gradient(p => plain(p[..^1], p[^1]), [.. w, a]);
        for (int i = 0; i < w.Length; i++) Assert.True(FiniteDifferences.Close(expected[i], dw[i], 1e-7, 1e-9), $"w[{i}]: {expected[i]:R} vs {dw[i]:R}");
        Assert.True(FiniteDifferences.Close(expected[^1], da, 1e-7, 1e-9), $"a: {expected[^1]:R} vs {da:R}");
    }
}
