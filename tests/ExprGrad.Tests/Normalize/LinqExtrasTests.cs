using System.Linq.Expressions;
using ExprGrad.Tests.Oracles;
using FsCheck.Xunit;

namespace ExprGrad.Tests.Normalize;

/// <summary>
/// LINQ over double[] and the <c>double.*</c> generic math (issue 11 §2): each form normalizes to a loop or a rule, with
/// gradients derived by hand in the comments, the value equal to LINQ's, and random points against Richardson differences.
/// </summary>
public class LinqExtrasTests
{
    private static readonly double[] X = [0.5, -1.25, 2.0, 0.75];

    private static void AssertGradient(Expression<Func<double[], double>> f, double[] expected, int digits = 14)
    {
        var (value, gradient) = Grad.ValueAndGradient(f)(X);
        Assert.Equal(f.Compile()(X), value, 14);
        Assert.Equal(expected.Length, gradient.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], gradient[i], digits);
    }

    [Fact]
    public void AverageIsTheSumOverTheCount()
    {
        AssertGradient(x => x.Average(), [0.25, 0.25, 0.25, 0.25]);                                  // ∂/∂xᵢ (Σx)/4 = 1/4
        AssertGradient(x => x.Average(v => v * v), [.. X.Select(v => v / 2)]);                        // 2xᵢ/4
        AssertGradient(x => Enumerable.Range(1, 3).Average(i => x[i] * x[i - 1]),                    // (x₁x₀ + x₂x₁ + x₃x₂)/3
            [X[1] / 3, (X[0] + X[2]) / 3, (X[1] + X[3]) / 3, X[2] / 3]);
    }

    [Fact]
    public void MaxAndMinSendTheGradientToTheSelectedElement()
    {
        AssertGradient(x => x.Max(), [0, 0, 1, 0]);                                                   // x₂ = 2 is largest
        AssertGradient(x => x.Min(), [0, 1, 0, 0]);                                                   // x₁ = −1.25 is smallest
        AssertGradient(x => x.Max(v => -v * v), [-1, 0, 0, 0]);                                       // −x₀² = −0.25 is largest: −2x₀
        AssertGradient(x => x.Min(v => Math.Sin(v)), [0, Math.Cos(X[1]), 0, 0]);                      // sin(−1.25) is smallest
    }

    [Fact]
    public void AMaxOfNothingThrowsATypedException()
    {
        var g = Grad.Of((double[] x) => x.Max());
        Assert.Throws<ArgumentException>(() => g([]));
    }

    [Fact]
    public void AggregateIsAFold()
    {
        // Π xᵢ: ∂/∂xᵢ = Π_{j≠i} xⱼ. With the seed 2: twice that. Without a seed the first element starts the fold.
        double product = X.Aggregate((a, b) => a * b);
        var others = Enumerable.Range(0, 4).Select(i => X.Where((_, j) => j != i).Aggregate((a, b) => a * b)).ToArray();
        AssertGradient(x => x.Aggregate((acc, v) => acc * v), others);
        AssertGradient(x => x.Aggregate(2.0, (acc, v) => acc * v), [.. others.Select(o => 2 * o)]);
        Assert.Equal(product, Grad.ValueAndGradient((double[] x) => x.Aggregate((acc, v) => acc * v))(X).Value);
        // acc ← sin(acc) + v from 0: a recurrence through every element.
        Expression<Func<double[], double>> f = x => x.Aggregate(0.0, (acc, v) => Math.Sin(acc) + v);
        FiniteDifferences.AssertClose(FiniteDifferences.Gradient(f.Compile(), X), Grad.Of(f)(X), 1e-8, 1e-10, "sin fold");
    }

    [Fact]
    public void ZipSumIsADotProductOverTheShorterLength()
    {
        // Σᵢ xᵢ·yᵢ over min(4, 3) = 3 elements: ∂/∂x = (y₀, y₁, y₂, 0), ∂/∂y = (x₀, x₁, x₂).
        double[] y = [3.0, -1.0, 0.5];
        var (dx, dy) = Grad.Of((double[] a, double[] b) => a.Zip(b, (u, v) => u * v).Sum())(X, y);
        Assert.Equal([3.0, -1.0, 0.5, 0.0], dx);
        Assert.Equal(X[..3], dy);
        // Σᵢ (xᵢ − yᵢ)² as Zip(…).ToArray(): ∂/∂yᵢ = −2(xᵢ − yᵢ).
        var (_, dy2) = Grad.Of((double[] a, double[] b) => Ops.SumOfSquares(a.Zip(b, (u, v) => u - v).ToArray()))(X, y);
        Assert.Equal([.. Enumerable.Range(0, 3).Select(i => -2 * (X[i] - y[i]))], dy2);
    }

    [Fact]
    public void SelectWithTheIndexBuildsAVector()
    {
        // Σᵢ (i·xᵢ)²: ∂/∂xᵢ = 2i²xᵢ.
        AssertGradient(x => Ops.SumOfSquares(x.Select((v, i) => i * v).ToArray()), [.. X.Select((v, i) => 2.0 * i * i * v)]);
    }

    [Fact]
    public void GenericMathFunctionsHaveTheirDerivatives()
    {
        // d/dx of each at x = 0.3, by hand.
        const double x = 0.3;
        (Expression<Func<double, double>> F, double Derivative)[] cases =
        [
            (v => double.LogP1(v), 1 / (1 + x)),
            (v => double.Log2P1(v), 1 / ((1 + x) * Math.Log(2))),
            (v => double.Log10P1(v), 1 / ((1 + x) * Math.Log(10))),
            (v => double.ExpM1(v), Math.Exp(x)),
            (v => double.Exp2(v), Math.Pow(2, x) * Math.Log(2)),
            (v => double.Exp10(v), Math.Pow(10, x) * Math.Log(10)),
            (v => double.Exp2M1(v), Math.Pow(2, x) * Math.Log(2)),
            (v => double.Exp10M1(v), Math.Pow(10, x) * Math.Log(10)),
            (v => double.DegreesToRadians(v), Math.PI / 180),
            (v => double.RadiansToDegrees(v), 180 / Math.PI),
            (v => double.SinPi(v), Math.PI * Math.Cos(Math.PI * x)),
            (v => double.CosPi(v), -Math.PI * Math.Sin(Math.PI * x)),
            (v => double.Hypot(v, 0.4), x / 0.5),                                   // hypot(0.3, 0.4) = 0.5
            (v => double.Lerp(1.0, 3.0, v), 2.0),
            (v => double.Lerp(v, 3.0, 0.25), 0.75),
        ];
        foreach (var (f, derivative) in cases) Assert.Equal(derivative, Grad.Of(f)(x), 13);
        Assert.Equal(0.0, Grad.Of((double v) => double.Hypot(v, 0.0))(0.0));          // at the origin, as Abs'(0)
    }

    // Σᵢ xᵢ·max-of-window, the average of squares and a fold, at random points: the gradient equals Richardson differences.
    [Property(Replay = "(161803,398875)", MaxTest = 30)]
    public void TheGradientEqualsDifferencesAtRandomPoints(int seed)
    {
        var random = new Random(seed);
        var x = Enumerable.Range(0, 1 + random.Next(6)).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        Expression<Func<double[], double>> f = v => v.Average(e => Math.Exp(e) * e) + v.Aggregate(0.5, (acc, e) => acc * Math.Cos(e) + double.ExpM1(e))
            + v.Zip(v.Select(e => e * e).ToArray(), (a, b) => double.Hypot(a, b + 1)).Sum();
        FiniteDifferences.AssertClose(FiniteDifferences.Gradient(f.Compile(), x), Grad.Of(f)(x), 1e-7, 1e-9, FiniteDifferences.Show(x));
    }
}
