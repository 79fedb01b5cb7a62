using System.Linq.Expressions;

namespace ExprGrad.Tests.Performance;

/// <summary>SplitParts, the compiler of a split method's parts: every part in its place, errors as thrown.</summary>
public class SplitPartsTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EveryPartIsCompiledIntoItsOwnSlot(bool concurrently)
    {
        // Part i returns i·i: a part compiled into another's slot, or not at all, shows.
        var parts = Enumerable.Range(0, 9).Select(i => (LambdaExpression)Expression.Lambda<Func<int>>(Expression.Constant(i * i))).ToArray();
        var compiled = SplitParts.Compile(parts, concurrently);
        Assert.Equal(Enumerable.Range(0, 9).Select(i => i * i), compiled.Select(d => ((Func<int>)d)()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void APartThatCannotBeCompiledThrowsWhatCompilingItAloneThrows(bool concurrently)
    {
        // A variable used outside any scope declaring it: Compile throws InvalidOperationException, not wrapped in an
        // AggregateException however many threads compiled the parts.
        var unbound = Expression.Lambda<Func<double>>(Expression.Parameter(typeof(double), "x"));
        var expected = Assert.Throws<InvalidOperationException>(() => unbound.Compile());
        var parts = Enumerable.Range(0, 6).Select(i => i == 4 ? unbound : (LambdaExpression)Expression.Lambda<Func<double>>(Expression.Constant(1.0))).ToArray();
        var e = Assert.Throws<InvalidOperationException>(() => SplitParts.Compile(parts, concurrently));
        Assert.Equal(expected.Message, e.Message);
    }
}
