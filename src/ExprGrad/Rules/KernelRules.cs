using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The backward kernels that reverse rules emit are primitives too: forward mode meets them when it
/// differentiates a gradient program (Hessians of networks), so each declares its tangent here. Most are
/// linear in the adjoint they carry; the rest follow the product rule.
/// </summary>
internal static class KernelRules
{
    public static void RegisterAll()
    {
        Forward<double[,], double[,], double[,]>((a, g) => Kernels.MatMulTransposeA(a, g), Tangents.Bilinear);
        Forward<double[,], double[], double[]>((a, g) => Kernels.MatMulTransposeA(a, g), Tangents.Bilinear);
        Forward<double[,], double[,], double[,]>((g, b) => Kernels.MatMulTransposeB(g, b), Tangents.Bilinear);
        Forward<double[], double[], double[,]>((g, x) => Kernels.Outer(g, x), Tangents.Bilinear);
        Forward<double[,], double[,]>(a => Kernels.Negate(a), Tangents.Linear(0));
        Forward<double[], double[]>(a => Kernels.Negate(a), Tangents.Linear(0));
        Forward<double[,], double[,]>(a => Kernels.Clone(a), Tangents.Linear(0));
        Forward<double[], double[]>(a => Kernels.Clone(a), Tangents.Linear(0));
        // Fill(like, v): like gives only the shape.
        Forward<double[,], double, double[,]>((like, v) => Kernels.Fill(like, v), Tangents.Linear(1));
        Forward<double[], double, double[]>((like, v) => Kernels.Fill(like, v), Tangents.Linear(1));
        // ReluBackward(g, x) = g where x > 0: linear in g, piecewise constant in x.
        Forward<double[,], double[,], double[,]>((g, x) => Kernels.ReluBackward(g, x), Tangents.Linear(0));
        Forward<double[], double[], double[]>((g, x) => Kernels.ReluBackward(g, x), Tangents.Linear(0));
        Forward<double[,], double[,], double[,]>((g, y) => Kernels.SigmoidBackward(g, y), SigmoidBackward);
        Forward<double[], double[], double[]>((g, y) => Kernels.SigmoidBackward(g, y), SigmoidBackward);
        Forward<double[,], double[,], double[,]>((g, y) => Kernels.TanhBackward(g, y), TanhBackward);
        Forward<double[], double[], double[]>((g, y) => Kernels.TanhBackward(g, y), TanhBackward);
        Forward<double[,], double[,], double[,]>((a, b) => Kernels.Divide(a, b), Divide);
        Forward<double[], double[], double[]>((a, b) => Kernels.Divide(a, b), Divide);
        // The adjoints of the shape ops: linear in the adjoint they move; the other arguments give only shapes.
        RuleTable.AddForwardOnly((Expression<Func<double[], double[], int, double[]>>)((like, g, start) => Kernels.SliceBackward(like, g, start)), Tangents.Linear(1));
        Forward<double[], double[], double[]>((g, like) => Kernels.Head(g, like), Tangents.Linear(0));
        Forward<double[], double[], double[]>((g, like) => Kernels.Tail(g, like), Tangents.Linear(0));
        Forward<double[], double[,], double[,]>((g, like) => Kernels.ReshapeLike(g, like), Tangents.Linear(0));
        RuleTable.AddForwardOnly((Expression<Func<double[,], double[], int, double[,]>>)((like, g, i) => Kernels.RowBackward(like, g, i)), Tangents.Linear(1));
        RuleTable.AddForwardOnly((Expression<Func<double[,], double[], int, double[,]>>)((like, g, j) => Kernels.ColumnBackward(like, g, j)), Tangents.Linear(1));
        // The reductions' adjoints: linear in the adjoint; Max/Min's are piecewise constant in the argument.
        Forward<double[], double[,], double[,]>((g, like) => Kernels.RepeatColumn(g, like), Tangents.Linear(0));
        Forward<double[], double[,], double[,]>((g, like) => Kernels.RepeatRow(g, like), Tangents.Linear(0));
        Forward<double, double[], double[]>((g, a) => Kernels.MaxBackward(g, a), Tangents.Linear(0));
        Forward<double, double[,], double[,]>((g, a) => Kernels.MaxBackward(g, a), Tangents.Linear(0));
        Forward<double, double[], double[]>((g, a) => Kernels.MinBackward(g, a), Tangents.Linear(0));
        Forward<double, double[,], double[,]>((g, a) => Kernels.MinBackward(g, a), Tangents.Linear(0));
        Forward<double[], double[,], double[,]>((g, m) => Kernels.MaxRowsBackward(g, m), Tangents.Linear(0));
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

    private static void Forward<T1, TResult>(Expression<Func<T1, TResult>> primitive, TangentRule tangent) =>
        RuleTable.AddForwardOnly(primitive, tangent);

    private static void Forward<T1, T2, TResult>(Expression<Func<T1, T2, TResult>> primitive, TangentRule tangent) =>
        RuleTable.AddForwardOnly(primitive, tangent);
}
