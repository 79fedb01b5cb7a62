using System.Linq.Expressions;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Imperative;

/// <summary>
/// Functions f(x) that write elements of local arrays, x of length ≥ 2, each with its gradient derived by hand in
/// the comment and in <see cref="Shape.Expected"/>. Some fill their array before reading it (written in place
/// under <see cref="GradientOptions.WriteArraysInPlace"/>), some read it between writes (still copied).
/// </summary>
public static class ArrayWriteShapes
{
    /// <summary>A shape: the tree, its gradient by hand, and whether its arrays are written in place.</summary>
    public sealed record Shape(Expression<Func<double[], double>> F, Func<double[], double[]> Expected, bool InPlace);

    private static readonly ParameterExpression X = Parameter(typeof(double[]), "x");
    private static readonly Expression N = ArrayLength(X);
    private static readonly System.Reflection.MethodInfo Sin = typeof(Math).GetMethod(nameof(Math.Sin))!;

    public static IReadOnlyDictionary<string, Shape> All { get; } = new Dictionary<string, Shape>
    {
        ["fill, then read"] = Fill(),
        ["every element written twice, by two loops"] = TwoFills(),
        ["one element overwritten outside loops"] = Overwrite(),
        ["read after an overwrite: copied"] = ReadAfterOverwrite(),
        ["write inside an if"] = WriteInAnIf(),
        ["write in both branches of an if"] = WriteInBothBranches(),
        ["state vector rewritten per step: copied"] = StateRewrittenPerStep(),
        ["double-buffered state, a fresh array per step"] = DoubleBufferedState(),
        ["matrix filled by nested loops"] = Matrix(),
        ["a fresh array per step, declared outside the loop"] = FreshArrayDeclaredOutside(),
        ["a temporary written from the state, copied back"] = TemporaryCopiedBack(),
        ["the state copied into a temporary, updated from it"] = StateUpdatedFromACopy(),
    };

    private static Expression<Func<double[], double>> F(Expression body) => Lambda<Func<double[], double>>(body, X);

    /// <summary>for (i = 0; i &lt; count; i++) body…, in the loop-with-break form.</summary>
    public static Expression For(ParameterExpression i, Expression count, params Expression[] body)
    {
        var exit = Label("exit");
        return Block(
            Assign(i, Constant(0)),
            Loop(Block([IfThen(GreaterThanOrEqual(i, count), Break(exit)), .. body, PreIncrementAssign(i)]), exit));
    }

    private static (ParameterExpression R, ParameterExpression I, ParameterExpression Acc) Locals() =>
        (Variable(typeof(double[]), "r"), Variable(typeof(int), "i"), Variable(typeof(double), "acc"));

    /// <summary>Σ r[i] over r's elements: acc = 0; for (i…) acc += r[i].</summary>
    private static Expression SumOf(ParameterExpression r, ParameterExpression i, ParameterExpression acc) =>
        Block(Assign(acc, Constant(0.0)), For(i, N, AddAssign(acc, ArrayAccess(r, i))));

    /// <summary>r[i] = sin x_i; f = Σ r[i]·x_i; ∂f/∂x_i = sin x_i + x_i·cos x_i.</summary>
    private static Shape Fill()
    {
        var (r, i, acc) = Locals();
        return new(F(Block([r, i, acc],
            Assign(r, NewArrayBounds(typeof(double), N)),
            For(i, N, Assign(ArrayAccess(r, i), Call(Sin, ArrayIndex(X, i)))),
            Assign(acc, Constant(0.0)),
            For(i, N, AddAssign(acc, Multiply(ArrayAccess(r, i), ArrayIndex(X, i)))),
            acc)), x => [.. x.Select(v => Math.Sin(v) + v * Math.Cos(v))], InPlace: true);
    }

    /// <summary>r[i] = x_i², then r[i] = 2·x_i; f = Σ r[i] = 2·Σ x_i: the first writes get no gradient, ∂f/∂x_i = 2.</summary>
    private static Shape TwoFills()
    {
        var (r, i, acc) = Locals();
        return new(F(Block([r, i, acc],
            Assign(r, NewArrayBounds(typeof(double), N)),
            For(i, N, Assign(ArrayAccess(r, i), Multiply(ArrayIndex(X, i), ArrayIndex(X, i)))),
            For(i, N, Assign(ArrayAccess(r, i), Multiply(Constant(2.0), ArrayIndex(X, i)))),
            SumOf(r, i, acc),
            acc)), x => [.. x.Select(_ => 2.0)], InPlace: true);
    }

    /// <summary>r[0] = x₀²; r[0] = 3·x₁; r[1] = x₀; f = r[0]·r[1] = 3·x₀·x₁: ∂f/∂x₀ = 3·x₁, ∂f/∂x₁ = 3·x₀.</summary>
    private static Shape Overwrite()
    {
        var r = Variable(typeof(double[]), "r");
        Expression x0 = ArrayIndex(X, Constant(0)), x1 = ArrayIndex(X, Constant(1));
        return new(F(Block([r],
            Assign(r, NewArrayBounds(typeof(double), Constant(2))),
            Assign(ArrayAccess(r, Constant(0)), Multiply(x0, x0)),
            Assign(ArrayAccess(r, Constant(0)), Multiply(Constant(3.0), x1)),
            Assign(ArrayAccess(r, Constant(1)), x0),
            Multiply(ArrayAccess(r, Constant(0)), ArrayAccess(r, Constant(1))))),
            x => [3 * x[1], 3 * x[0], .. x.Skip(2).Select(_ => 0.0)], InPlace: true);
    }

    /// <summary>r[0] = x₀; a = r[0]; r[0] = x₁; f = a·r[0] = x₀·x₁: the read sees the first value. ∇f = (x₁, x₀, 0…).</summary>
    private static Shape ReadAfterOverwrite()
    {
        var (r, a) = (Variable(typeof(double[]), "r"), Variable(typeof(double), "a"));
        return new(F(Block([r, a],
            Assign(r, NewArrayBounds(typeof(double), Constant(1))),
            Assign(ArrayAccess(r, Constant(0)), ArrayIndex(X, Constant(0))),
            Assign(a, ArrayAccess(r, Constant(0))),
            Assign(ArrayAccess(r, Constant(0)), ArrayIndex(X, Constant(1))),
            Multiply(a, ArrayAccess(r, Constant(0))))),
            x => [x[1], x[0], .. x.Skip(2).Select(_ => 0.0)], InPlace: false);
    }

    /// <summary>if (x_i &gt; 0) r[i] = x_i²; f = Σ r[i]: ∂f/∂x_i = 2·x_i where x_i &gt; 0, else 0.</summary>
    private static Shape WriteInAnIf()
    {
        var (r, i, acc) = Locals();
        return new(F(Block([r, i, acc],
            Assign(r, NewArrayBounds(typeof(double), N)),
            For(i, N, IfThen(GreaterThan(ArrayIndex(X, i), Constant(0.0)),
                Assign(ArrayAccess(r, i), Multiply(ArrayIndex(X, i), ArrayIndex(X, i))))),
            SumOf(r, i, acc),
            acc)), x => [.. x.Select(v => v > 0 ? 2 * v : 0)], InPlace: true);
    }

    /// <summary>r[i] = x_i &gt; 0 ? x_i² : −x_i, as an if-statement; f = Σ r[i]: ∂f/∂x_i = 2·x_i or −1.</summary>
    private static Shape WriteInBothBranches()
    {
        var (r, i, acc) = Locals();
        return new(F(Block([r, i, acc],
            Assign(r, NewArrayBounds(typeof(double), N)),
            For(i, N, IfThenElse(GreaterThan(ArrayIndex(X, i), Constant(0.0)),
                Assign(ArrayAccess(r, i), Multiply(ArrayIndex(X, i), ArrayIndex(X, i))),
                Assign(ArrayAccess(r, i), Negate(ArrayIndex(X, i))))),
            SumOf(r, i, acc),
            acc)), x => [.. x.Select(v => v > 0 ? 2 * v : -1)], InPlace: true);
    }

    /// <summary>
    /// h = 0; four times: h[j] = x_j·h[j] + 1 (read and rewritten in place). h_j = 1 + x_j + x_j² + x_j³, f = Σ h_j:
    /// ∂f/∂x_j = 1 + 2·x_j + 3·x_j².
    /// </summary>
    private static Shape StateRewrittenPerStep()
    {
        var (h, j, acc) = Locals();
        var t = Variable(typeof(int), "t");
        return new(F(Block([h, t, j, acc],
            Assign(h, NewArrayBounds(typeof(double), N)),
            For(t, Constant(4), For(j, N, Assign(ArrayAccess(h, j), Add(Multiply(ArrayIndex(X, j), ArrayAccess(h, j)), Constant(1.0))))),
            SumOf(h, j, acc),
            acc)), x => [.. x.Select(v => 1 + 2 * v + 3 * v * v)], InPlace: false);
    }

    /// <summary>
    /// The same recurrence with a fresh array per step, the RNN's double buffer: for t: { n = new double[len];
    /// n[j] = x_j·h[j] + 1; h = n; }, h starting as x itself, three steps. h_j = x_j⁴ + x_j² + x_j + 1 (x_j·x_j + 1,
    /// then x_j³ + x_j + 1, then x_j⁴ + x_j² + x_j + 1), f = Σ h_j: ∂f/∂x_j = 4·x_j³ + 2·x_j + 1.
    /// </summary>
    private static Shape DoubleBufferedState()
    {
        var (h, j, acc) = Locals();
        var (t, next) = (Variable(typeof(int), "t"), Variable(typeof(double[]), "n"));
        return new(F(Block([h, t, j, acc],
            Assign(h, X),
            For(t, Constant(3), Block([next],
                Assign(next, NewArrayBounds(typeof(double), N)),
                For(j, N, Assign(ArrayAccess(next, j), Add(Multiply(ArrayIndex(X, j), ArrayAccess(h, j)), Constant(1.0)))),
                Assign(h, next))),
            SumOf(h, j, acc),
            acc)), x => [.. x.Select(v => 4 * v * v * v + 2 * v + 1)], InPlace: true);
    }

    /// <summary>
    /// The double buffer with its array declared outside the loop, as C# hoists it: n is assigned a fresh array at
    /// the top of each step. The same recurrence and gradient: ∂f/∂x_j = 4·x_j³ + 2·x_j + 1.
    /// </summary>
    private static Shape FreshArrayDeclaredOutside()
    {
        var (h, j, acc) = Locals();
        var (t, next) = (Variable(typeof(int), "t"), Variable(typeof(double[]), "n"));
        return new(F(Block([h, next, t, j, acc],
            Assign(h, X),
            For(t, Constant(3),
                Assign(next, NewArrayBounds(typeof(double), N)),
                For(j, N, Assign(ArrayAccess(next, j), Add(Multiply(ArrayIndex(X, j), ArrayAccess(h, j)), Constant(1.0)))),
                Assign(h, next)),
            SumOf(h, j, acc),
            acc)), x => [.. x.Select(v => 4 * v * v * v + 2 * v + 1)], InPlace: true);
    }

    /// <summary>
    /// h = 0, tmp = 0; three steps of { tmp[j] = x_j·h[j] + 1; h[j] = tmp[j]; } (the Jacobi update with a temporary):
    /// h = 1, x + 1, x² + x + 1, f = Σ h_j: ∂f/∂x_j = 2·x_j + 1.
    /// </summary>
    private static Shape TemporaryCopiedBack() => WithTemporary((h, tmp, j) =>
    [
        For(j, N, Assign(ArrayAccess(tmp, j), Add(Multiply(ArrayIndex(X, j), ArrayAccess(h, j)), Constant(1.0)))),
        For(j, N, Assign(ArrayAccess(h, j), ArrayAccess(tmp, j))),
    ]);

    /// <summary>
    /// The same recurrence the other way round: three steps of { tmp[j] = h[j]; h[j] = x_j·tmp[j] + 1; }:
    /// ∂f/∂x_j = 2·x_j + 1.
    /// </summary>
    private static Shape StateUpdatedFromACopy() => WithTemporary((h, tmp, j) =>
    [
        For(j, N, Assign(ArrayAccess(tmp, j), ArrayAccess(h, j))),
        For(j, N, Assign(ArrayAccess(h, j), Add(Multiply(ArrayIndex(X, j), ArrayAccess(tmp, j)), Constant(1.0)))),
    ]);

    /// <summary>h = 0, tmp = 0, three times the step (over h, tmp and the index j), f = Σ h_j; the step's recurrence
    /// h ← x∘h + 1 gives ∂f/∂x_j = 2·x_j + 1.</summary>
    private static Shape WithTemporary(Func<ParameterExpression, ParameterExpression, ParameterExpression, Expression[]> step)
    {
        var (h, j, acc) = Locals();
        var (t, tmp) = (Variable(typeof(int), "t"), Variable(typeof(double[]), "tmp"));
        return new(F(Block([h, tmp, t, j, acc],
            Assign(h, NewArrayBounds(typeof(double), N)),
            Assign(tmp, NewArrayBounds(typeof(double), N)),
            For(t, Constant(3), step(h, tmp, j)),
            SumOf(h, j, acc),
            acc)), x => [.. x.Select(v => 2 * v + 1)], InPlace: true);
    }

    /// <summary>m[i, j] = x_i·(j + 1) for three columns; f = Σ m[i, j]² = 14·Σ x_i²: ∂f/∂x_i = 28·x_i.</summary>
    private static Shape Matrix()
    {
        var (m, i, j, acc) = (Variable(typeof(double[,]), "m"), Variable(typeof(int), "i"), Variable(typeof(int), "j"), Variable(typeof(double), "acc"));
        var element = ArrayAccess(m, i, j);
        return new(F(Block([m, i, j, acc],
            Assign(m, NewArrayBounds(typeof(double), N, Constant(3))),
            For(i, N, For(j, Constant(3), Assign(element, Multiply(ArrayIndex(X, i), Convert(Add(j, Constant(1)), typeof(double)))))),
            Assign(acc, Constant(0.0)),
            For(i, N, For(j, Constant(3), AddAssign(acc, Multiply(element, element)))),
            acc)), x => [.. x.Select(v => 28 * v)], InPlace: true);
    }
}
