using System.Linq.Expressions;

namespace ExprGrad.Tests.Checking;

/// <summary>Issue 17: above <see cref="GradientCheckOptions.MaxCoordinates"/> coordinates GradientCheck checks a
/// sample of them and random directions (each coordinate costs four evaluations), and says so.</summary>
public class GradientCheckSamplingTests
{
    /// <summary>A cube whose registered derivative is off by one: 3x² + 1.</summary>
    private static class SkewedMath
    {
        public static double Cube(double x) => x * x * x;

        /// <summary>Registers the skewed rule, once (a static constructor runs before the first member use).</summary>
        public static void EnsureRegistered() { }

        static SkewedMath() => Derivatives.Register((double x) => Cube(x), (g, y, x) => g * (3 * x * x + 1));
    }

    private static double[] Point(int n) => [.. Enumerable.Range(0, n).Select(i => Math.Sin(i + 1))];

    [Fact]
    public void A_large_function_has_a_sample_of_its_coordinates_checked_and_the_report_says_so()
    {
        Expression<Func<double[], double>> f = x => Ops.Sum(x.Length, i => (i % 7 + 1) * Math.Sin(x[i]) * x[i]);

        var report = GradientCheck.Run(f, Point(900));

        Assert.True(report.Passed, report.ToString());
        Assert.Equal(900, report.CoordinateCount);
        Assert.True(report.Sampled);
        Assert.Equal(100, report.Coordinates.Count);
        Assert.Equal(100, report.Coordinates.Select(c => c.Name).Distinct().Count());
        Assert.Equal(3, report.Directions.Count);
        Assert.Contains("100 of 900 coordinates checked one by one", report.ToString());
    }

    [Fact]
    public void Up_to_the_limit_every_coordinate_is_checked()
    {
        Expression<Func<double[], double>> f = x => Ops.SumOfSquares(x);

        var report = GradientCheck.Run(f, [Point(100)], GradientCheckOptions.Default);

        Assert.False(report.Sampled);
        Assert.Equal([.. Enumerable.Range(0, 100).Select(i => $"x[{i}]")], report.Coordinates.Select(c => c.Name));
        Assert.DoesNotContain("checked one by one", report.ToString());
    }

    [Fact]
    public void A_wrong_derivative_outside_the_sample_is_caught_by_the_directions()
    {
        // Only x[899] goes through the skewed cube; MaxCoordinates 10 leaves it out of the sample (asserted), and
        // each direction's error is u₈₉₉ (|u₈₉₉| ≈ 1/30) against a directional derivative of order one.
        Expression<Func<double[], double>> f = x => Ops.Sum(x.Length - 1, i => x[i] * x[i]) + SkewedMath.Cube(x[x.Length - 1]);
        SkewedMath.EnsureRegistered();
        var options = new GradientCheckOptions { MaxCoordinates = 10 };

        var report = GradientCheck.Run(f, [Point(900)], options);

        Assert.DoesNotContain(report.Coordinates, c => c.Name == "x[899]");
        Assert.All(report.Coordinates, c => Assert.True(c.Passed, c.ToString()));
        Assert.False(report.Passed);
        Assert.Contains(report.Directions, d => !d.Passed);
    }

    [Fact]
    public void A_negative_limit_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new GradientCheckOptions { MaxCoordinates = -1 });
        Assert.Equal(nameof(GradientCheckOptions.MaxCoordinates), e.ParamName);
    }
}
