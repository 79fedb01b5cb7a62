using System.Linq.Expressions;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Checking;

public class GradientCheckTests
{
    [Fact]
    public void Passes_on_a_smooth_function_of_scalars_and_names_each_coordinate()
    {
        var report = GradientCheck.Run((Expression<Func<double, double, double>>)((x, y) => (x + Sigmoid(y)) / (Sigmoid(x) + (x + y) * (x + y))), 3.0, -4.0);

        Assert.True(report.Passed, report.ToString());
        Assert.Equal(["x", "y"], report.Coordinates.Select(c => c.Name));
        Assert.Equal(3, report.Directions.Count);
        Assert.Contains("PASSED", report.ToString());
    }

    [Fact]
    public void Covers_vector_and_matrix_parameters_element_by_element()
    {
        Expression<Func<double[], double[,], double>> f = (v, m) => v[0] * m[0, 1] + Math.Exp(v[1]) * m[1, 0];
        var report = GradientCheck.Run(f, new double[] { 0.5, -0.25 }, new double[,] { { 1, 2 }, { 3, 4 } });

        Assert.True(report.Passed, report.ToString());
        Assert.Equal(["v[0]", "v[1]", "m[0,0]", "m[0,1]", "m[1,0]", "m[1,1]"], report.Coordinates.Select(c => c.Name));
    }

    [Fact]
    public void Fails_where_the_function_is_not_differentiable_and_reports_the_worst_coordinate()
    {
        // At the kink of |x| ExprGrad returns 0 by convention while the central difference of |x - 1e-4| is -1.
        var report = GradientCheck.Run((Expression<Func<double, double, double>>)((x, y) => Math.Abs(x - 1e-4) + y * y), 1e-4 + 1e-6, 2.0);

        Assert.False(report.Passed);
        Assert.Equal("x", report.Worst!.Name);
        Assert.Contains("FAIL", report.ToString());
    }

    [Theory]
    [InlineData(0.0, 0.0, 0.0)]
    [InlineData(1.0, 1.0, 0.0)]
    [InlineData(2.0, 1.0, 0.5)]
    [InlineData(-1.0, 1.0, 2.0)]
    [InlineData(double.NaN, double.NaN, 0.0)]
    [InlineData(double.NaN, 1.0, double.PositiveInfinity)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity, 0.0)]
    public void Relative_error_is_symmetric_and_defines_the_degenerate_cases(double a, double n, double expected)
    {
        Assert.Equal(expected, GradientComparison.Relative(a, n));
        Assert.Equal(expected, GradientComparison.Relative(n, a));
    }

    [Fact]
    public void The_same_seed_gives_the_same_directions()
    {
        Expression<Func<double[], double>> f = w => w[0] * w[1] * w[2];
        var a = GradientCheck.Run(f, [new double[] { 1, 2, 3 }], new GradientCheckOptions(Seed: 7));
        var b = GradientCheck.Run(f, [new double[] { 1, 2, 3 }], new GradientCheckOptions(Seed: 7));
        Assert.Equal(a.Directions.Select(d => d.Analytic), b.Directions.Select(d => d.Analytic));
    }

    [Fact]
    public void A_point_that_does_not_match_the_parameters_is_rejected()
    {
        Expression<Func<double, double>> f = x => x * x;
        Assert.Throws<ArgumentException>(() => GradientCheck.Run(f, 1.0, 2.0));
    }
}

/// <summary>Issue 10: GradientCheck passed on functions whose <c>Grad.Of</c> returned zeros, because it only
/// ran another entry point. It now runs every entry point a user may call and compares them.</summary>
public class GradientCheckEntryPointTests
{
    private static readonly double[] Xs = [1, 2, 3, 4];

    [Fact]
    public void Fails_when_Grad_Of_disagrees_with_ValueAndGradient()
    {
        Expression<Func<double, double, double>> f = (a, b) => Sum(Xs.Length, i => (a * Xs[i] + b) * (a * Xs[i] + b));
        var broken = new GradientOptions { LegacyAccumulationPurity = true };

        var report = GradientCheck.Run(f, [1.0, 0.5], GradientCheckOptions.Default, broken);

        Assert.False(report.Passed);
        Assert.Contains(report.Disagreements, d => d.StartsWith("Grad.Of gives 0 for a", StringComparison.Ordinal));
        Assert.Contains("entry points disagree", report.ToString());
    }

    [Fact]
    public void Passes_the_same_function_when_every_entry_point_agrees()
    {
        Expression<Func<double, double, double>> f = (a, b) => Sum(Xs.Length, i => (a * Xs[i] + b) * (a * Xs[i] + b));
        var report = GradientCheck.Run(f, 1.0, 0.5);
        Assert.True(report.Passed, report.ToString());
        Assert.Empty(report.Disagreements);
    }
}
