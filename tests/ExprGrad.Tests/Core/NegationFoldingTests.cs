using System.Linq.Expressions;
using ExprGrad.Tests.Oracles;
using ExprGrad.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ExprGrad.Tests.Core;

/// <summary>
/// Negations folded into the sums and products that consume them, within and across statements
/// (<see cref="NegationInlining"/>): the folds are exact, so the gradient is the same bits with folding off.
/// </summary>
public class NegationFoldingTests
{
    private static readonly GradientOptions Unfolded = new() { FoldAlgebra = false };

    private static readonly Expression<Func<double[], double>> RosenbrockLoop = x =>
        Enumerable.Range(0, x.Length - 1).Sum(i =>
            100 * (x[i + 1] - x[i] * x[i]) * (x[i + 1] - x[i] * x[i]) + (1 - x[i]) * (1 - x[i]));

    [Property(Arbitrary = [typeof(GradientCases)], MaxTest = 300, Replay = "16016016,2026112901")]
    public Property Folded_and_unfolded_gradients_are_the_same_bits(GradientCase c)
    {
        var (a, b) = (Grad.Of(c.Tree)(c.Point), Grad.Of(c.Tree, Unfolded)(c.Point));
        return SameBits(a, b).Label($"{c}: [{string.Join(", ", a)}] vs [{string.Join(", ", b)}]");
    }

    [Property(MaxTest = 200, Replay = "2026112902,1601601601")]
    public Property Rosenbrock_loop_gradient_is_the_same_bits_folded_and_unfolded(NormalFloat[] xs)
    {
        var x = xs.Select(v => v.Get).Append(0.5).ToArray();
        var (a, b) = (Grad.Of(RosenbrockLoop)(x), Grad.Of(RosenbrockLoop, Unfolded)(x));
        return SameBits(a, b).Label($"[{string.Join(", ", x)}]");
    }

    [Fact]
    public void Rosenbrock_loop_keeps_one_negation_where_it_had_two()
    {
        // By hand: ∂/∂xᵢ (1 − xᵢ)² = −2(1 − xᵢ) needs one negation (it starts xᵢ's adjoint); the other,
        // t̄ = −ū for t = xᵢ·xᵢ under u = xᵢ₊₁ − t, folds into xᵢ's two product terms: x̄ᵢ −= ū·xᵢ.
        Assert.Equal(2, Negations(Grad.GradientExpression(RosenbrockLoop, Unfolded)));
        Assert.Equal(1, Negations(Grad.GradientExpression(RosenbrockLoop)));
        var code = GradientCode.Of(RosenbrockLoop);
        Assert.Contains("dx6 -= dt8 * x6;", code);
        Assert.DoesNotContain("dt7", code);
    }

    [Fact]
    public void A_negated_temporary_read_where_it_cannot_fold_stays_a_temporary()
    {
        // −(x − y) feeds Exp, which no fold reaches: inlining it would negate once per read instead of once.
        Expression<Func<double, double, double>> f = (x, y) => Math.Exp(y - x) * Math.Exp(y - x);
        var folded = Grad.GradientExpression(f);
        int before = Negations(Grad.GradientExpression(f, Unfolded));
        Assert.True(before >= 1, "the unfolded program negates y − x's adjoint");
        Assert.Equal(before, Negations(folded));
        var g = ((Func<double, double, (double, double)>)folded.Compile())(0.25, 1.5);
        // f = e^{2(y − x)}: ∂f/∂x = −2e^{2.5}, ∂f/∂y = 2e^{2.5}.
        Assert.Equal(-2 * Math.Exp(2.5), g.Item1, 12);
        Assert.Equal(2 * Math.Exp(2.5), g.Item2, 12);
    }

    [Fact]
    public void A_negated_temporary_read_past_a_label_stays_a_temporary()
    {
        // { t = −v; L: s = s + t·x; v = v + 1; if (s > −10) goto L; }: a jump back to L reads the old t, not −v.
        var (t, v, s, x) = (Expression.Variable(typeof(double), "t"), Expression.Variable(typeof(double), "v"),
            Expression.Variable(typeof(double), "s"), Expression.Variable(typeof(double), "x"));
        var label = Expression.Label("L");
        var body = Expression.Block([t, v, s, x],
            Expression.Assign(v, Expression.Constant(1.0)), Expression.Assign(x, Expression.Constant(2.0)),
            Expression.Assign(t, Expression.Negate(v)),
            Expression.Label(label),
            Expression.AddAssign(s, Expression.Multiply(t, x)),
            Expression.AddAssign(v, Expression.Constant(1.0)),
            Expression.IfThen(Expression.GreaterThan(s, Expression.Constant(-10.0)), Expression.Goto(label)),
            s);
        var folded = NegationInlining.Run(body);
        // t = −1 throughout: s = −2, −4, −6, −8, −10, and −10 > −10 fails. Substituting −v (v = 1, 2, 3) would give
        // −2, −6, −12.
        Assert.Equal(-10.0, Expression.Lambda<Func<double>>(folded).Compile()());
    }

    private static bool SameBits(double[] a, double[] b) =>
        a.Length == b.Length && a.Zip(b).All(p => double.IsNaN(p.First) ? double.IsNaN(p.Second)
            : BitConverter.DoubleToInt64Bits(p.First) == BitConverter.DoubleToInt64Bits(p.Second));

    private static int Negations(Expression e) => NodeCount.Of(e, ExpressionType.Negate);
}
