using System.Linq.Expressions;
using ExprGrad.Testing;
using ExprGrad.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace ExprGrad.Tests.Checking;

public class GradPropertiesTests
{
    [Fact]
    public void A_correct_gradient_satisfies_the_property_over_generated_vectors()
    {
        Expression<Func<double[], double>> f = w => w[0] * Math.Sin(w[1]) + Math.Exp(w[2] / 3) * w[0];
        Check.One(Checks.Seeded(1, 50), GradProperties.MatchesFiniteDifferences(f, GradGen.Vector(3)));
    }

    [Fact]
    public void Scalars_and_matrices_mix_in_one_property()
    {
        Expression<Func<double, double[,], double>> f = (s, m) => s * m[0, 0] * m[1, 1] - Math.Tanh(s * m[0, 1]);
        var points = GradGen.Scalar().Zip(GradGen.Matrix(2, 2));
        Check.One(Checks.Seeded(2, 50), GradProperties.MatchesFiniteDifferences(f, points));
    }

    [Fact]
    public void A_wrong_derivative_is_caught_and_the_failure_carries_the_report()
    {
        // Floor has no gradient by convention, but x + Floor(3x) has jumps that central differences see
        // whenever a step straddles one; at points right beside a jump the property must fail.
        Expression<Func<double, double>> f = x => x + Math.Floor(3 * x);
        var nearJumps = Gen.Choose(-5, 5).Select(k => k / 3.0 + 1e-5);
        var e = Assert.ThrowsAny<Exception>(() => Check.One(Checks.Seeded(3, 20), GradProperties.MatchesFiniteDifferences(f, nearJumps)));
        Assert.Contains("Gradient check of", e.Message);
    }

    [Fact]
    public void Generated_points_stay_in_their_bounds()
    {
        var samples = GradGen.Vector(4, -1, 2).Sample(30, 10);
        Assert.All(samples.SelectMany(v => v), x => Assert.InRange(x, -1, 2));
    }
}
