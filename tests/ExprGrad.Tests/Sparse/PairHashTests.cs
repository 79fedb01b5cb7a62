namespace ExprGrad.Tests.Sparse;

public class PairHashTests
{
    [Fact]
    public void DiagonalAndBandPairsHashApart()
    {
        // Regression: the Hessian trace's pair set used long's own hash (high word ^ low word), which is 0 for
        // every (i, i) and i ^ (i + 1) ∈ {1, 3, 7, …} for the first off-diagonal: a banded Hessian at n = 10⁴ took
        // 2 s to trace, quadratic in n. The pairs of a tridiagonal pattern must spread over many hash values.
        static long Pack(int i, int j) => ((long)i << 32) | (uint)j;
        var diagonal = Enumerable.Range(0, 1000).Select(i => PairHash.Instance.GetHashCode(Pack(i, i))).Distinct().Count();
        var band = Enumerable.Range(0, 1000).Select(i => PairHash.Instance.GetHashCode(Pack(i, i + 1))).Distinct().Count();
        Assert.True(diagonal > 990, $"{diagonal} distinct hashes of 1000 diagonal pairs");
        Assert.True(band > 990, $"{band} distinct hashes of 1000 band pairs");
    }
}
