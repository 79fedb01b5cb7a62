using System.Linq.Expressions;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Regressions;

/// <summary>
/// A loop whose state is copied into another state (a ← b, b ← a + wᵢ: the swap of F#'s
/// <c>Array.fold (fun (a, b) v -> (b, a + v))</c>) sent the wrong adjoints back in every configuration: the
/// reverse sweep assigned the carried adjoints one after the other, and a's new carry is b's old one itself, so
/// b's update read the already overwritten value (found by fsharp-coll3 checking fold with tuple states:
/// (0.5, −1.5, 2) gave (−1.5, −1.5, −1.5) for (−1.5, 2.5, −1.5)).
/// </summary>
public class LoopCarrySwapRegressions
{
    /// <summary>a = b = 0; for each wᵢ: nb = a + wᵢ, a = b, b = nb; return a·b (or a + b·c for three states rotating).</summary>
    private static Expression<Func<double[], double>> Swap(bool rotateThree)
    {
        var w = Parameter(typeof(double[]), "w");
        var (a, b, c, i, next) = (Variable(typeof(double), "a"), Variable(typeof(double), "b"), Variable(typeof(double), "c"), Variable(typeof(int), "i"), Variable(typeof(double), "next"));
        var done = Label("done");
        Expression body = rotateThree
            // a ← b, b ← c, c ← a·wᵢ: every carry is another's.
            ? Block([next], Assign(next, Multiply(a, ArrayIndex(w, i))), Assign(a, b), Assign(b, c), Assign(c, next), PostIncrementAssign(i))
            : Block([next], Assign(next, Add(a, ArrayIndex(w, i))), Assign(a, b), Assign(b, next), PostIncrementAssign(i));
        return Lambda<Func<double[], double>>(Block([a, b, c, i],
            Assign(a, Constant(rotateThree ? 1.0 : 0.0)), Assign(b, Constant(rotateThree ? 2.0 : 0.0)), Assign(c, Constant(3.0)), Assign(i, Constant(0)),
            Loop(IfThenElse(LessThan(i, ArrayLength(w)), body, Break(done)), done),
            rotateThree ? Add(a, Multiply(b, c)) : Multiply(a, b)), w);
    }

    [Fact]
    public void ASwapOfTwoLoopStatesSendsEachAdjointToTheStateItCameFrom()
    {
        // Three steps: (0, 0) → (0, w₀) → (w₀, w₁) → (w₁, w₀ + w₂); a·b = w₁(w₀ + w₂): (w₁, w₀ + w₂, w₁).
        Assert.Equal([-1.5, 2.5, -1.5], Grad.Of(Swap(false))([0.5, -1.5, 2.0]));
        // Two steps: (0, w₀) → (w₀, w₁): w₀w₁ → (w₁, w₀).
        Assert.Equal([-1.5, 0.5], Grad.Of(Swap(false))([0.5, -1.5]));
    }

    [Fact]
    public void ARotationOfThreeLoopStatesSendsEachAdjointToTheStateItCameFrom()
    {
        // (a, b, c) = (1, 2, 3) → (2, 3, w₀) → (3, w₀, 2w₁) → (w₀, 2w₁, 3w₂); a + b·c = w₀ + 6w₁w₂: (1, 6w₂, 6w₁).
        Assert.Equal([1.0, 12.0, -9.0], Grad.Of(Swap(true))([0.5, -1.5, 2.0]));
    }
}
