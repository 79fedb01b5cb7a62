using System.Linq.Expressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ExprGrad.Tests.Core;

/// <summary>
/// <see cref="AlgebraicFolding"/> drops a zero term only where IEEE addition leaves the other term's bits alone:
/// x + (−0) and x − (+0) are x for every x, while x + (+0) and x − (−0) turn x = −0 into +0.
/// </summary>
public class SignedZeroFoldingTests
{
    [Fact]
    public void Adding_positive_zero_to_negative_zero_is_not_folded_away()
    {
        // Regression: the fold took −0 + (+0) to −0, where IEEE gives +0 (round to nearest: a sum of zeros of
        // opposite signs is +0).
        var x = Expression.Parameter(typeof(double), "x");
        var folded = Compile(AlgebraicFolding.Run(Expression.Add(x, Expression.Constant(0.0))), x);
        Assert.False(double.IsNegative(folded(-0.0)), "−0 + (+0) must be +0");
        var foldedLeft = Compile(AlgebraicFolding.Run(Expression.Add(Expression.Constant(0.0), x)), x);
        Assert.False(double.IsNegative(foldedLeft(-0.0)), "(+0) + −0 must be +0");
    }

    [Fact]
    public void Adding_negative_zero_and_subtracting_positive_zero_are_folded()
    {
        var x = Expression.Parameter(typeof(double), "x");
        Assert.Same(x, AlgebraicFolding.Run(Expression.Add(x, Expression.Constant(-0.0))));
        Assert.Same(x, AlgebraicFolding.Run(Expression.Add(Expression.Constant(-0.0), x)));
        Assert.Same(x, AlgebraicFolding.Run(Expression.Subtract(x, Expression.Constant(0.0))));
    }

    [Property(MaxTest = 400, Replay = "2026112903,8080809")]
    public Property Folding_a_zero_term_keeps_the_bits(bool negativeZero, bool zeroOnLeft, bool subtract, int which)
    {
        double[] xs = [0.0, -0.0, 1.5, -2.25, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon];
        double value = xs[Math.Abs(which % xs.Length)];
        var x = Expression.Parameter(typeof(double), "x");
        Expression zero = Expression.Constant(negativeZero ? -0.0 : 0.0);
        var op = subtract ? ExpressionType.Subtract : ExpressionType.Add;
        var tree = zeroOnLeft ? Expression.MakeBinary(op, zero, x) : Expression.MakeBinary(op, x, zero);
        double expected = Compile(tree, x)(value), actual = Compile(AlgebraicFolding.Run(tree), x)(value);
        return (BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual)
                || double.IsNaN(expected) && double.IsNaN(actual))
            .Label($"{tree} at {value}: {expected} unfolded, {actual} folded");
    }

    private static Func<double, double> Compile(Expression body, ParameterExpression x) =>
        Expression.Lambda<Func<double, double>>(body, x).Compile();
}
