using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The backward kernels that reverse rules emit are primitives too: forward mode meets them when it
/// differentiates a gradient program (Hessians of networks), and reverse mode when it differentiates a
/// tangent program (a gradient of Ops.Derivative), so each declares both rules here. Most are linear in the
/// adjoint they carry; the rest follow the product rule.
/// </summary>
internal static class KernelRules
{
    public static void RegisterAll()
    {
        // Reverse rules too, for reverse over forward (a gradient of Ops.Derivative of a network): ȳ is the
        // adjoint of the kernel's result, h the adjoint the kernel carries.
        Rule<double[,], double[,], double[,]>((a, h) => Kernels.MatMulTransposeA(a, h), Tangents.Bilinear,
            (g, y, a, h) => Kernels.MatMulTransposeB(h, g), (g, y, a, h) => Ops.MatMul(a, g));
        Rule<double[,], double[], double[]>((a, h) => Kernels.MatMulTransposeA(a, h), Tangents.Bilinear,
            (g, y, a, h) => Kernels.Outer(h, g), (g, y, a, h) => Ops.MatMul(a, g));
        Rule<double[,], double[,], double[,]>((h, b) => Kernels.MatMulTransposeB(h, b), Tangents.Bilinear,
            (g, y, h, b) => Ops.MatMul(g, b), (g, y, h, b) => Kernels.MatMulTransposeA(g, h));
        Rule<double[], double[], double[,]>((h, x) => Kernels.Outer(h, x), Tangents.Bilinear,
            (g, y, h, x) => Ops.MatMul(g, x), (g, y, h, x) => Kernels.MatMulTransposeA(g, h));
        Rule<double[,], double[,]>(a => Kernels.Negate(a), Tangents.Linear(0), (g, y, a) => Kernels.Negate(g));
        Rule<double[], double[]>(a => Kernels.Negate(a), Tangents.Linear(0), (g, y, a) => Kernels.Negate(g));
        Rule<double[,], double[,]>(a => Kernels.Clone(a), Tangents.Linear(0), (g, y, a) => g);
        Rule<double[], double[]>(a => Kernels.Clone(a), Tangents.Linear(0), (g, y, a) => g);
        // Fill(like, v): like gives only the shape.
        Rule<double[,], double, double[,]>((like, v) => Kernels.Fill(like, v), Tangents.Linear(1), null, (g, y, like, v) => Ops.Sum(g));
        Rule<double[], double, double[]>((like, v) => Kernels.Fill(like, v), Tangents.Linear(1), null, (g, y, like, v) => Ops.Sum(g));
        // Fill(n, v) and Fill(r, c, v): the vector of ones a row-wise tangent builds (LogSumExp of a matrix), which the
        // next order of a nested derivative meets with its length in a variable.
        RuleTable.Add((Expression<Func<int, double, double[]>>)((n, v) => Kernels.Fill(n, v)), Tangents.Linear(1),
            null, (Expression<Func<double[], double[], int, double, double>>)((g, y, n, v) => Ops.Sum(g)));
        RuleTable.Add((Expression<Func<int, int, double, double[,]>>)((r, c, v) => Kernels.Fill(r, c, v)), Tangents.Linear(2),
            null, null, (Expression<Func<double[,], double[,], int, int, double, double>>)((g, y, r, c, v) => Ops.Sum(g)));
        // ReluBackward(h, x) = h where x > 0: linear in h, piecewise constant in x.
        Rule<double[,], double[,], double[,]>((h, x) => Kernels.ReluBackward(h, x), Tangents.Linear(0), (g, y, h, x) => Kernels.ReluBackward(g, x), null);
        Rule<double[], double[], double[]>((h, x) => Kernels.ReluBackward(h, x), Tangents.Linear(0), (g, y, h, x) => Kernels.ReluBackward(g, x), null);
        // h∘y∘(1−y): h̄ = ȳ∘y∘(1−y), ȳ′ = ȳ∘h∘(1−2y).
        Rule<double[,], double[,], double[,]>((h, s) => Kernels.SigmoidBackward(h, s), SigmoidBackward,
            (g, y, h, s) => Kernels.SigmoidBackward(g, s), (g, y, h, s) => Ops.Multiply(Ops.Multiply(g, h), Ops.Subtract(Kernels.Fill(s, 1.0), Ops.Scale(2.0, s))));
        Rule<double[], double[], double[]>((h, s) => Kernels.SigmoidBackward(h, s), SigmoidBackward,
            (g, y, h, s) => Kernels.SigmoidBackward(g, s), (g, y, h, s) => Ops.Multiply(Ops.Multiply(g, h), Ops.Subtract(Kernels.Fill(s, 1.0), Ops.Scale(2.0, s))));
        // h∘(1−t²): h̄ = ȳ∘(1−t²), t̄ = −2·ȳ∘h∘t.
        Rule<double[,], double[,], double[,]>((h, t) => Kernels.TanhBackward(h, t), TanhBackward,
            (g, y, h, t) => Kernels.TanhBackward(g, t), (g, y, h, t) => Ops.Scale(-2.0, Ops.Multiply(Ops.Multiply(g, h), t)));
        Rule<double[], double[], double[]>((h, t) => Kernels.TanhBackward(h, t), TanhBackward,
            (g, y, h, t) => Kernels.TanhBackward(g, t), (g, y, h, t) => Ops.Scale(-2.0, Ops.Multiply(Ops.Multiply(g, h), t)));
        // a/b: ā = ȳ/b, b̄ = −ȳ∘(a/b)/b.
        Rule<double[,], double[,], double[,]>((a, b) => Kernels.Divide(a, b), Divide,
            (g, y, a, b) => Kernels.Divide(g, b), (g, y, a, b) => Kernels.Negate(Kernels.Divide(Ops.Multiply(g, y), b)));
        Rule<double[], double[], double[]>((a, b) => Kernels.Divide(a, b), Divide,
            (g, y, a, b) => Kernels.Divide(g, b), (g, y, a, b) => Kernels.Negate(Kernels.Divide(Ops.Multiply(g, y), b)));
        // The adjoints of the shape ops: linear in the adjoint they move; the other arguments give only shapes.
        RuleTable.Add((Expression<Func<double[], double[], int, double[]>>)((like, h, start) => Kernels.SliceBackward(like, h, start)), Tangents.Linear(1),
            null, (Expression<Func<double[], double[], double[], double[], int, double[]>>)((g, y, like, h, start) => Ops.Slice(g, start, h.Length)), null);
        Rule<double[], double[], double[]>((h, like) => Kernels.Head(h, like), Tangents.Linear(0),
            (g, y, h, like) => Kernels.SliceBackward(h, g, 0), null);
        Rule<double[], double[], double[]>((h, like) => Kernels.Tail(h, like), Tangents.Linear(0),
            (g, y, h, like) => Kernels.SliceBackward(h, g, h.Length - like.Length), null);
        Rule<double[], double[,], double[,]>((h, like) => Kernels.ReshapeLike(h, like), Tangents.Linear(0), (g, y, h, like) => Ops.Flatten(g), null);
        RuleTable.Add((Expression<Func<double[,], double[], int, double[,]>>)((like, h, i) => Kernels.RowBackward(like, h, i)), Tangents.Linear(1),
            null, (Expression<Func<double[,], double[,], double[,], double[], int, double[]>>)((g, y, like, h, i) => Ops.Row(g, i)), null);
        RuleTable.Add((Expression<Func<double[,], double[], int, double[,]>>)((like, h, j) => Kernels.ColumnBackward(like, h, j)), Tangents.Linear(1),
            null, (Expression<Func<double[,], double[,], double[,], double[], int, double[]>>)((g, y, like, h, j) => Ops.Column(g, j)), null);
        // The reductions' adjoints: linear in the adjoint; Max/Min's are piecewise constant in the argument, so
        // their reverse rule is the same selection read back (ḡ = ⟨ȳ, MaxBackward(1, a)⟩).
        Rule<double[], double[,], double[,]>((h, like) => Kernels.RepeatColumn(h, like), Tangents.Linear(0), (g, y, h, like) => Ops.SumRows(g), null);
        Rule<double[], double[,], double[,]>((h, like) => Kernels.RepeatRow(h, like), Tangents.Linear(0), (g, y, h, like) => Ops.SumColumns(g), null);
        Rule<double, double[], double[]>((h, a) => Kernels.MaxBackward(h, a), Tangents.Linear(0), (g, y, h, a) => Ops.Dot(g, Kernels.MaxBackward(1.0, a)), null);
        Rule<double, double[,], double[,]>((h, a) => Kernels.MaxBackward(h, a), Tangents.Linear(0), (g, y, h, a) => Ops.Dot(g, Kernels.MaxBackward(1.0, a)), null);
        Rule<double, double[], double[]>((h, a) => Kernels.MinBackward(h, a), Tangents.Linear(0), (g, y, h, a) => Ops.Dot(g, Kernels.MinBackward(1.0, a)), null);
        Rule<double, double[,], double[,]>((h, a) => Kernels.MinBackward(h, a), Tangents.Linear(0), (g, y, h, a) => Ops.Dot(g, Kernels.MinBackward(1.0, a)), null);
        Rule<double[], double[,], double[,]>((h, m) => Kernels.MaxRowsBackward(h, m), Tangents.Linear(0),
            (g, y, h, m) => Ops.SumRows(Ops.Multiply(g, Kernels.MaxRowsBackward(Kernels.Fill(h, 1.0), m))), null);
    }

    /// <summary>(g∘y∘(1−y))˙ = ġ∘y∘(1−y) + g∘ẏ∘(1−2y).</summary>
    private static readonly TangentRule SigmoidBackward = (y, x, dx, rule) => Tangents.Plus(
        dx[0] is null ? null : Call(typeof(Kernels), nameof(Kernels.SigmoidBackward), dx[0]!, x[1]),
        dx[1] is null ? null : Call(typeof(Ops), nameof(Ops.Multiply), Call(typeof(Ops), nameof(Ops.Multiply), x[0], dx[1]!),
            Call(typeof(Ops), nameof(Ops.Subtract), Call(typeof(Kernels), nameof(Kernels.Fill), x[1], Expression.Constant(1.0)),
                Call(typeof(Ops), nameof(Ops.Scale), Expression.Constant(2.0), x[1]))));

    /// <summary>(g∘(1−y²))˙ = ġ∘(1−y²) − 2·g∘y∘ẏ.</summary>
    private static readonly TangentRule TanhBackward = (y, x, dx, rule) => Tangents.Plus(
        dx[0] is null ? null : Call(typeof(Kernels), nameof(Kernels.TanhBackward), dx[0]!, x[1]),
        dx[1] is null ? null : Call(typeof(Ops), nameof(Ops.Scale), Expression.Constant(-2.0),
            Call(typeof(Ops), nameof(Ops.Multiply), Call(typeof(Ops), nameof(Ops.Multiply), x[0], x[1]), dx[1]!)));

    /// <summary>(a/b)˙ = ȧ/b − (a/b)∘ḃ/b.</summary>
    private static readonly TangentRule Divide = (y, x, dx, rule) => Tangents.Plus(
        dx[0] is null ? null : Call(typeof(Kernels), nameof(Kernels.Divide), dx[0]!, x[1]),
        dx[1] is null ? null : Call(typeof(Kernels), nameof(Kernels.Negate),
            Call(typeof(Ops), nameof(Ops.Multiply), y, Call(typeof(Kernels), nameof(Kernels.Divide), dx[1]!, x[1]))));

    private static Expression Call(Type type, string name, params Expression[] args) => Tangents.Call(type, name, args);

    private static void Rule<T1, TResult>(Expression<Func<T1, TResult>> primitive, TangentRule tangent,
        Expression<Func<TResult, TResult, T1, T1>> adjoint) =>
        RuleTable.Add(primitive, tangent, adjoint);

    private static void Rule<T1, T2, TResult>(Expression<Func<T1, T2, TResult>> primitive, TangentRule tangent,
        Expression<Func<TResult, TResult, T1, T2, T1>>? adjoint1, Expression<Func<TResult, TResult, T1, T2, T2>>? adjoint2) =>
        RuleTable.Add(primitive, tangent, adjoint1, adjoint2);
}
