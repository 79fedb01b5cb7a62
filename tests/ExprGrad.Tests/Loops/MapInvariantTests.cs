using System.Linq.Expressions;
using System.Text.RegularExpressions;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Loops;

/// <summary>
/// Loop-invariant code motion in <c>Ops.Map</c> (issue 13): the statements of Map's element program and of its
/// derivative that do not depend on the element (closure reads, functions of them, the partials they give) run once
/// before the elementwise loop. Against hand-derived numbers, hoisted and not.
/// </summary>
public class MapInvariantTests
{
    private static readonly GradientOptions InPlace = new() { HoistLoopInvariants = false };

    [Fact]
    public void ClosureReadsAndTheirFunctionsLeaveTheElementLoops()
    {
        // f = Σ (aᵢ·s + √c·e^(aᵢ)), s = 1.5, c = 2: ∂f/∂aᵢ = s + √c·e^(aᵢ).
        double s = 1.5, c = 2;
        Expression<Func<double[], double>> f = a => Sum(Map(a, v => v * s + Math.Sqrt(c) * Math.Exp(v)));
        double[] a = [0.5, -1, 2];
        LoopGradientAssert.Everywhere(f, a, a.Sum(v => v * s + Math.Sqrt(c) * Math.Exp(v)), [.. a.Select(v => s + Math.Sqrt(c) * Math.Exp(v))], InPlace);
        // The element programs (printed as lambdas invoked per element) no longer take the square root; without the
        // pass the forward one does (the derivative's partial √c is then computed per element too).
        Assert.DoesNotContain("Math.Sqrt(", ElementPrograms(f, GradientOptions.Default));
        Assert.Contains("Math.Sqrt(", ElementPrograms(f, InPlace));
    }

    [Fact]
    public void AReadThatCouldThrowStaysInTheElementProgram()
    {
        // data[5] of a two-element array throws — but only for an element. Over no elements nothing throws; over
        // one, the map throws as the function does.
        double[] data = [1, 2];
        Expression<Func<double[], double>> f = a => Sum(Map(a, v => v * data[5]));
        LoopGradientAssert.Everywhere(f, [], 0, [], InPlace);
        Assert.Throws<IndexOutOfRangeException>(() => Grad.Of(f)([1.0]));
    }

    [Fact]
    public void AMatrixMap()
    {
        // f = Σ tanh(k·m_ij), k = 0.7: ∂f/∂m_ij = k·(1 − tanh²(k·m_ij)).
        double k = 0.7;
        Expression<Func<double[,], double>> f = m => Sum(Map(m, v => Math.Tanh(v * k)));
        double[,] m = { { 0.5, -1 }, { 2, 0.25 } };
        foreach (var options in new[] { GradientOptions.Default, InPlace })
        {
            var (value, gradient) = Grad.ValueAndGradient(f, options)(m);
            Assert.Equal(m.Cast<double>().Sum(v => Math.Tanh(k * v)), value, 1e-12);
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 2; j++)
                    Assert.Equal(k * (1 - Math.Pow(Math.Tanh(k * m[i, j]), 2)), gradient[i, j], 1e-12);
            Assert.Equal(gradient, Grad.Of(f, options)(m));
        }
    }

    /// <summary>The text of the statement lambdas the printed program invokes per element.</summary>
    private static string ElementPrograms(LambdaExpression f, GradientOptions options) =>
        string.Join("\n", Regex.Matches(GradientCode.ToCSharp(Grad.ValueAndGradientExpression(f, options)), @"\(v =>.*?\}\)\)\(", RegexOptions.Singleline)
            .Select(m => m.Value));
}
