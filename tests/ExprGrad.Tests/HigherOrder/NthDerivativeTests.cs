using System.Linq.Expressions;
using ExprGrad.Tests.Oracles;
using FsCheck.Xunit;

namespace ExprGrad.Tests.HigherOrder;

/// <summary>
/// Grad.NthDerivative against closed forms derived by hand (each in its comment), against differences of
/// the order below, and through the constructs forward mode must cross (lets, scans, sums, maps, loops).
/// </summary>
public class NthDerivativeTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Derivatives_of_exp_times_sin_follow_the_rotation_formula()
    {
        // eˣ·sin x = Im e^{(1+i)x}, and (1+i)ⁿ = 2^{n/2}·e^{inπ/4}: the n-th derivative is 2^{n/2}·eˣ·sin(x + nπ/4).
        for (int n = 0; n <= 6; n++)
        {
            var derivative = Grad.NthDerivative(x => Math.Exp(x) * Math.Sin(x), n);
            foreach (var x in new[] { -1.3, 0.0, 0.4, 2.1 })
            {
                double expected = Math.Pow(2, n / 2.0) * Math.Exp(x) * Math.Sin(x + n * Math.PI / 4);
                AssertClose(expected, derivative(x), $"order {n} at {x}");
            }
        }
    }

    [Fact]
    public void Derivatives_of_a_reciprocal_alternate_with_factorials()
    {
        // (1 + x)⁻¹ has n-th derivative (−1)ⁿ·n!·(1 + x)^{−(n+1)}.
        double factorial = 1;
        for (int n = 0; n <= 6; n++)
        {
            if (n > 0) factorial *= n;
            double expected = (n % 2 == 0 ? 1 : -1) * factorial * Math.Pow(1 + 0.5, -(n + 1));
            AssertClose(expected, Grad.NthDerivative(x => 1 / (1 + x), n)(0.5), $"order {n}");
        }
    }

    [Fact]
    public void A_polynomial_runs_out_of_derivatives()
    {
        // x⁵: 5x⁴, 20x³, 60x², 120x, 120, then 0.
        double x = 1.7;
        double[] expected = [Math.Pow(x, 5), 5 * Math.Pow(x, 4), 20 * Math.Pow(x, 3), 60 * x * x, 120 * x, 120, 0];
        for (int n = 0; n < expected.Length; n++)
            AssertClose(expected[n], Grad.NthDerivative(y => y * y * y * y * y, n)(x), $"order {n}");
    }

    public static TheoryData<string, Expression<Func<double, double>>, Func<double, int, double>> Constructs => new()
    {
        // s₀ = x, s_{t+1} = s_t²: s₃ = x⁸, whose 4th derivative is 8·7·6·5·x⁴.
        { "Scan(…)[k]", x => Ops.Scan(3, x, (s, t) => s * s)[3], (x, n) => Falling(8, n) * Math.Pow(x, 8 - n) },
        // Σ_{i<4} (i+1)·x² = 10x².
        { "Ops.Sum", x => Ops.Sum(4, i => (i + 1) * x * x), (x, n) => 10 * Falling(2, n) * Math.Pow(x, 2 - n) },
        // Let(x³, u => u·u) = x⁶.
        { "Ops.Let", x => Ops.Let(x * x * x, u => u * u), (x, n) => Falling(6, n) * Math.Pow(x, 6 - n) },
        // Σ of Map(v ↦ v²) over [x, 2x, 3x]: (1 + 4 + 9)·x² = 14x².
        { "Ops.Map", x => Ops.Sum(Ops.Map(new[] { x, 2 * x, 3 * x }, v => v * v)), (x, n) => 14 * Falling(2, n) * Math.Pow(x, 2 - n) },
        // Math.Pow(x, 3) (rewritten internally) and an invoked helper lambda: x³ + x³.
        { "Math.Pow and Invoke", x => Math.Pow(x, 3) + ((Func<double, double>)(y => y * y * y))(x), (x, n) => 2 * Falling(3, n) * Math.Pow(x, 3 - n) },
        // A block binding a variable: { b = x·x; return b·x } = x³.
        { "Block", BlockCubed(), (x, n) => Falling(3, n) * Math.Pow(x, 3 - n) },
        // Array literal indexed: [x², x³][1] = x³.
        { "array literal", x => new[] { x * x, x * x * x }[1], (x, n) => Falling(3, n) * Math.Pow(x, 3 - n) },
    };

    [Theory]
    [MemberData(nameof(Constructs))]
    public void Every_construct_differentiates_to_the_fourth_order(string construct, Expression<Func<double, double>> f, Func<double, int, double> closedForm)
    {
        for (int n = 0; n <= 4; n++)
            AssertClose(closedForm(1.3, n), Grad.NthDerivative(f, n)(1.3), $"{construct}, order {n}");
    }

    [Fact]
    public void An_op_declared_by_its_partial_differentiates_to_the_third_order()
    {
        // Σ softplus([x, 2x]): f‴ = σ″(x) + 8σ″(2x), σ″ = σ(1 − σ)(1 − 2σ) — through the backward kernel's tangent
        // of a tangent (the kernel over ∂p/∂x of ∂p/∂x).
        static double S2(double z) { double s = 1 / (1 + Math.Exp(-z)); return s * (1 - s) * (1 - 2 * s); }
        foreach (var x in new[] { -0.8, 0.3, 1.4 })
            AssertClose(S2(x) + 8 * S2(2 * x), Grad.NthDerivative(y => Ops.Sum(Ops.Softplus(new[] { y, 2 * y })), 3)(x), $"at {x}");
    }

    [Fact]
    public void An_imperative_loop_differentiates_to_the_fourth_order()
    {
        // p = 1; repeat 5 times: p ← p·x. That is x⁵; the 4th derivative is 120x.
        var x = Expression.Parameter(typeof(double), "x");
        var p = Expression.Variable(typeof(double), "p");
        var i = Expression.Variable(typeof(int), "i");
        var done = Expression.Label("done");
        var body = Expression.Block([p, i],
            Expression.Assign(p, Expression.Constant(1.0)),
            Expression.Assign(i, Expression.Constant(0)),
            Expression.Loop(Expression.IfThenElse(Expression.LessThan(i, Expression.Constant(5)),
                Expression.Block(Expression.MultiplyAssign(p, x), Expression.PostIncrementAssign(i)),
                Expression.Break(done)), done),
            p);
        var f = Expression.Lambda<Func<double, double>>(body, x);
        AssertClose(120 * 0.9, Grad.NthDerivative(f, 4)(0.9), "4th derivative of the loop");
    }

    [Property(Replay = "(314159,265359)", MaxTest = 40)]
    public void Each_order_is_the_derivative_of_the_one_below(int seed)
    {
        // Richardson differences of order n − 1 converge to order n away from kinks; tanh(sin(x)·x) is smooth.
        var random = new Random(seed);
        double at = random.NextDouble() * 4 - 2;
        int n = 1 + random.Next(5);
        Expression<Func<double, double>> f = x => Math.Tanh(Math.Sin(x) * x) + Math.Log(2 + Math.Cos(x));
        var below = Grad.NthDerivative(f, n - 1);
        double expected = FiniteDifferences.Gradient(v => below(v[0]), [at])[0];
        double actual = Grad.NthDerivative(f, n)(at);
        Assert.True(FiniteDifferences.Close(expected, actual, 1e-6, 1e-6 * (1 + Math.Abs(expected))),
            $"order {n} at {at:R}: differences {expected:R}, NthDerivative {actual:R}");
    }

    [Fact]
    public void The_first_and_second_orders_agree_with_the_gradient_and_the_Hessian()
    {
        Expression<Func<double, double>> f = x => Math.Atan(x * x) * Math.Exp(-x);
        Expression<Func<double[], double>> overArray = v => Math.Atan(v[0] * v[0]) * Math.Exp(-v[0]);
        foreach (var at in new[] { -0.7, 0.2, 1.9 })
        {
            Assert.Equal(Grad.Of(f)(at), Grad.NthDerivative(f, 1)(at), 1e-14);
            Assert.Equal(Grad.Hessian(overArray)([at])[0, 0], Grad.NthDerivative(f, 2)(at), 1e-13);
        }
    }

    [Fact]
    public void An_order_out_of_range_is_refused_by_name()
    {
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => Grad.NthDerivative(x => x, -1));
        Assert.Equal("order", negative.ParamName);
        var tooHigh = Assert.Throws<ArgumentOutOfRangeException>(() => Grad.NthDerivative(x => x, Grad.MaxDerivativeOrder + 1));
        Assert.Equal("order", tooHigh.ParamName);
        Assert.Throws<ArgumentNullException>(() => Grad.NthDerivative(null!, 2));
    }

    private static Expression<Func<double, double>> BlockCubed()
    {
        var (x, b) = (Expression.Parameter(typeof(double), "x"), Expression.Variable(typeof(double), "b"));
        return Expression.Lambda<Func<double, double>>(
            Expression.Block([b], Expression.Assign(b, Expression.Multiply(x, x)), Expression.Multiply(b, x)), x);
    }

    /// <summary>k·(k−1)·…·(k−n+1): the n-th derivative of xᵏ is Falling(k, n)·x^{k−n}, zero once n exceeds k.</summary>
    private static double Falling(int k, int n)
    {
        double product = 1;
        for (int j = 0; j < n; j++) product *= k - j;
        return product;
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(FiniteDifferences.Close(expected, actual, Tolerance, Tolerance * (1 + Math.Abs(expected))),
            $"{what}: expected {expected:R}, got {actual:R}");
}
