namespace ExprGrad.Tests.Regressions;

/// <summary>Issue 10, observation 9: the vector-Jacobian product did not check its seed ȳ.</summary>
public class VectorJacobianSeedRegressions
{
    [Fact]
    public void SeedOfTheWrongLengthIsRejectedWithBothLengths()
    {
        // f: R² → R³, so ȳ must have 3 elements.
        var vjp = Grad.VectorJacobianProduct(x => new[] { x[0] * x[1], Math.Sin(x[0]), x[1] });
        double[] x = [1, 2];
        var shorter = Assert.Throws<ArgumentException>("seed", () => vjp(x, [1, 1]));
        Assert.Contains("2", shorter.Message);
        Assert.Contains("3", shorter.Message);
        var longer = Assert.Throws<ArgumentException>("seed", () => vjp(x, [1, 1, 1, 1]));
        Assert.Contains("4", longer.Message);
        Assert.Contains("3", longer.Message);
    }

    [Fact]
    public void SeedIsCheckedEvenWhenTheFunctionIsConstant()
    {
        var vjp = Grad.VectorJacobianProduct(x => new[] { 1.0, 2.0 });
        Assert.Throws<ArgumentException>("seed", () => vjp([1, 2, 3], [1, 1, 1]));
        Assert.Equal([0.0, 0, 0], vjp([1, 2, 3], [1, 1]));
    }

    [Fact]
    public void NullPointOrSeedIsRejected()
    {
        var vjp = Grad.VectorJacobianProduct(x => new[] { x[0] * x[1] });
        Assert.Throws<ArgumentNullException>("x", () => vjp(null!, [1]));
        Assert.Throws<ArgumentNullException>("seed", () => vjp([1, 2], null!));
        Assert.Throws<ArgumentNullException>("f", () => Grad.VectorJacobianProduct(null!));
    }

    [Fact]
    public void RightSeedStillGivesTheProduct()
    {
        // J = [[x1, x0], [cos x0, 0], [0, 1]] at (1, 2) = [[2, 1], [cos 1, 0], [0, 1]]; ȳ = (1, 2, 3):
        // ȳᵀJ = (2 + 2 cos 1, 1 + 3) = (2 + 2 cos 1, 4).
        var vjp = Grad.VectorJacobianProduct(x => new[] { x[0] * x[1], Math.Sin(x[0]), x[1] });
        var product = vjp([1, 2], [1, 2, 3]);
        Assert.Equal(2 + 2 * Math.Cos(1), product[0], 1e-15);
        Assert.Equal(4, product[1], 1e-15);
    }
}
