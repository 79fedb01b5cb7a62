namespace ExprGrad.Tests.Regressions;

/// <summary>Issue 10, observation 2: a forward op whose value is unused still checks its inputs' shapes.</summary>
public class ShapeCheckRegressions
{
    [Fact]
    public void GradOfDotWithMismatchedLengthsThrowsInsteadOfReturningAWrongLengthGradient()
    {
        double[] y = [1, 2, 3];
        var grad = Grad.Of((double[] w) => Ops.Dot(w, y));
        var error = Assert.Throws<ArgumentException>(() => grad([1.0, 2.0]));
        Assert.Contains("2", error.Message);
        Assert.Contains("3", error.Message);
    }

    [Fact]
    public void GradOfMatrixAddWithMismatchedShapesThrows()
    {
        var other = new double[2, 3];
        var grad = Grad.Of((double[,] w) => Ops.Sum(Ops.Add(w, other)));
        Assert.Throws<ArgumentException>(() => grad(new double[3, 2]));
    }

    [Fact]
    public void GradOfDotWithMatchingLengthsIsTheOtherVector()
    {
        double[] y = [1, 2, 3];
        Assert.Equal(y, Grad.Of((double[] w) => Ops.Dot(w, y))([5.0, 6, 7]));
    }
}
