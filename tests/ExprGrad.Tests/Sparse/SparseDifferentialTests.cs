using ExprGrad.Tests.Differential;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ExprGrad.Tests.Sparse;

/// <summary>The sparse drivers against the dense ones on random sparse programs, with every optional pass on and off.</summary>
public class SparseDifferentialTests
{
    private static readonly IReadOnlyList<PassConfiguration> Configurations = PassConfiguration.All(GradientOptions.Default);

    [Property(Replay = "1717,2929", MaxTest = 40)]
    public Property SparseJacobianEqualsTheDenseJacobian() => Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), seed =>
    {
        var (f, n) = SparsePrograms.Residual(seed);
        var x = SparsePrograms.Point(seed, n);
        foreach (var c in Configurations)
            AssertSame(Grad.Jacobian(f, c.Options)(x), Grad.SparseJacobian(f, c.Options)(x).ToDense(), $"{c}: {f}");
    });

    [Property(Replay = "3131,4747", MaxTest = 40)]
    public Property SparseHessianEqualsTheDenseHessian() => Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), seed =>
    {
        var (f, n) = SparsePrograms.Energy(seed);
        var x = SparsePrograms.Point(seed, n);
        foreach (var c in Configurations)
            AssertSame(Grad.Hessian(f, c.Options)(x), Grad.SparseHessian(f, c.Options)(x).ToDense(), $"{c}: {f}");
    });

    [Fact]
    public void TheGeneratedProgramsAreSparse()
    {
        // Were every pattern dense (the fallback), the comparisons above would prove nothing about the analysis.
        int sparse = 0;
        for (int seed = 0; seed < 40; seed++)
        {
            var (f, n) = SparsePrograms.Residual(seed);
            if (Grad.SparseJacobian(f)(SparsePrograms.Point(seed, n)).Values.Length < n * n) sparse++;
        }
        Assert.True(sparse >= 30, $"only {sparse} of 40 residuals have a sparse pattern");
    }

    /// <summary>Each entry agrees to rounding: the colored products add structurally zero terms in another order.</summary>
    private static void AssertSame(double[,] dense, double[,] sparse, string what)
    {
        Assert.Equal(dense.GetLength(0), sparse.GetLength(0));
        Assert.Equal(dense.GetLength(1), sparse.GetLength(1));
        for (int r = 0; r < dense.GetLength(0); r++)
            for (int c = 0; c < dense.GetLength(1); c++)
                Assert.True(Math.Abs(dense[r, c] - sparse[r, c]) <= 1e-12 * (1 + Math.Abs(dense[r, c])),
                    $"({r},{c}): dense {dense[r, c]:R}, sparse {sparse[r, c]:R}\n{what}");
    }
}
