using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Matrix and vector rules, at matrix level — never scalarized: <c>MatMul: dA = g·Bᵀ, dB = Aᵀ·g</c>,
/// elementwise ops elementwise, reductions broadcast back. One line per primitive: its kind (which gives its
/// forward-mode tangent, see <see cref="Tangents"/>) and its reverse contributions.
/// </summary>
internal static class TensorRules
{
    private static readonly TangentRule Elementwise = Tangents.FromAdjoints;
    private static readonly TangentRule Bilinear = Tangents.Bilinear;
    private static readonly TangentRule Linear = Tangents.Linear(0);
    private static readonly TangentRule LinearInBoth = Tangents.Linear(0, 1);
    private static readonly TangentRule FromGradient = Tangents.FromGradient;
    private static readonly TangentRule RowWise = Tangents.RowWise;

    public static void RegisterAll()
    {
        Rule<double[,], double[,], double[,]>((a, b) => Ops.MatMul(a, b), Bilinear,    (g, y, a, b) => Kernels.MatMulTransposeB(g, b), (g, y, a, b) => Kernels.MatMulTransposeA(a, g));
        Rule<double[,], double[], double[]>((a, x) => Ops.MatMul(a, x), Bilinear,      (g, y, a, x) => Kernels.Outer(g, x),            (g, y, a, x) => Kernels.MatMulTransposeA(a, g));
        Rule<double[,], double[,]>(a => Ops.Transpose(a), Linear,                      (g, y, a) => Ops.Transpose(g));
        Rule<double[,], double[], double[,]>((a, row) => Ops.AddRow(a, row), LinearInBoth, (g, y, a, row) => g,                       (g, y, a, row) => Ops.SumColumns(g));

        Rule<double[,], double[,], double[,]>((a, b) => Ops.Add(a, b), Elementwise,      (g, y, a, b) => g,                  (g, y, a, b) => g);
        Rule<double[,], double[,], double[,]>((a, b) => Ops.Subtract(a, b), Elementwise, (g, y, a, b) => g,                  (g, y, a, b) => Kernels.Negate(g));
        Rule<double[,], double[,], double[,]>((a, b) => Ops.Multiply(a, b), Elementwise, (g, y, a, b) => Ops.Multiply(g, b), (g, y, a, b) => Ops.Multiply(g, a));
        Rule<double, double[,], double[,]>((s, a) => Ops.Scale(s, a), Bilinear,          (g, y, s, a) => Ops.Dot(g, a),      (g, y, s, a) => Ops.Scale(s, g));
        Rule<double[,], double[,]>(a => Ops.Sigmoid(a), Elementwise,                     (g, y, a) => Kernels.SigmoidBackward(g, y));
        Rule<double[,], double[,]>(a => Ops.Tanh(a), Elementwise,                        (g, y, a) => Kernels.TanhBackward(g, y));
        Rule<double[,], double[,]>(a => Ops.Relu(a), Elementwise,                        (g, y, a) => Kernels.ReluBackward(g, a));
        Rule<double[,], double[,]>(a => Ops.Exp(a), Elementwise,                         (g, y, a) => Ops.Multiply(g, y));
        Rule<double[,], double[,]>(a => Ops.Log(a), Elementwise,                         (g, y, a) => Kernels.Divide(g, a));
        Rule<double[,], double>(a => Ops.Sum(a), Linear,                                 (g, y, a) => Kernels.Fill(a, g));
        Rule<double[,], double>(a => Ops.SumOfSquares(a), SumOfSquares,                  (g, y, a) => Ops.Scale(2 * g, a));
        Rule<double[,], double[,], double>((a, b) => Ops.Dot(a, b), Bilinear,            (g, y, a, b) => Ops.Scale(g, b),    (g, y, a, b) => Ops.Scale(g, a));

        Rule<double[], double[], double[]>((a, b) => Ops.Add(a, b), Elementwise,         (g, y, a, b) => g,                  (g, y, a, b) => g);
        Rule<double[], double[], double[]>((a, b) => Ops.Subtract(a, b), Elementwise,    (g, y, a, b) => g,                  (g, y, a, b) => Kernels.Negate(g));
        Rule<double[], double[], double[]>((a, b) => Ops.Multiply(a, b), Elementwise,    (g, y, a, b) => Ops.Multiply(g, b), (g, y, a, b) => Ops.Multiply(g, a));
        Rule<double, double[], double[]>((s, a) => Ops.Scale(s, a), Bilinear,            (g, y, s, a) => Ops.Dot(g, a),      (g, y, s, a) => Ops.Scale(s, g));
        Rule<double[], double[]>(a => Ops.Sigmoid(a), Elementwise,                       (g, y, a) => Kernels.SigmoidBackward(g, y));
        Rule<double[], double[]>(a => Ops.Tanh(a), Elementwise,                          (g, y, a) => Kernels.TanhBackward(g, y));
        Rule<double[], double[]>(a => Ops.Relu(a), Elementwise,                          (g, y, a) => Kernels.ReluBackward(g, a));
        Rule<double[], double[]>(a => Ops.Exp(a), Elementwise,                           (g, y, a) => Ops.Multiply(g, y));
        Rule<double[], double[]>(a => Ops.Log(a), Elementwise,                           (g, y, a) => Kernels.Divide(g, a));
        Rule<double[], double>(a => Ops.Sum(a), Linear,                                  (g, y, a) => Kernels.Fill(a, g));
        Rule<double[], double>(a => Ops.SumOfSquares(a), SumOfSquares,                   (g, y, a) => Ops.Scale(2 * g, a));
        Rule<double[], double[], double>((a, b) => Ops.Dot(a, b), Bilinear,              (g, y, a, b) => Ops.Scale(g, b),    (g, y, a, b) => Ops.Scale(g, a));

        Rule<double[], double[]>((a, start, length) => Ops.Slice(a, start, length), Linear, (g, y, a, start, length) => Kernels.SliceBackward(a, g, start), null, null);
        Rule<double[], double[], double[]>((a, b) => Ops.Concat(a, b), LinearInBoth,     (g, y, a, b) => Kernels.Head(g, a), (g, y, a, b) => Kernels.Tail(g, b));
        Rule<double[,], double[]>(m => Ops.Flatten(m), Linear,                           (g, y, m) => Kernels.ReshapeLike(g, m));
        Rule<double[], double[,]>((a, rows, columns) => Ops.Reshape(a, rows, columns), Linear, (g, y, a, rows, columns) => Ops.Flatten(g), null, null);

        Rule<double[], double>(a => Ops.Mean(a), Linear,                                 (g, y, a) => Kernels.Fill(a, g / a.Length));
        Rule<double[,], double>(a => Ops.Mean(a), Linear,                                (g, y, a) => Kernels.Fill(a, g / a.Length));
        Rule<double[], double>(a => Ops.Max(a), FromGradient,                            (g, y, a) => Kernels.MaxBackward(g, a));
        Rule<double[,], double>(a => Ops.Max(a), FromGradient,                           (g, y, a) => Kernels.MaxBackward(g, a));
        Rule<double[], double>(a => Ops.Min(a), FromGradient,                            (g, y, a) => Kernels.MinBackward(g, a));
        Rule<double[,], double>(a => Ops.Min(a), FromGradient,                           (g, y, a) => Kernels.MinBackward(g, a));
        Rule<double[,], double[]>(m => Ops.SumRows(m), Linear,                           (g, y, m) => Kernels.RepeatColumn(g, m));
        Rule<double[,], double[]>(m => Ops.MeanRows(m), Linear,                          (g, y, m) => Kernels.RepeatColumn(Ops.Scale(1.0 / m.GetLength(1), g), m));
        Rule<double[,], double[]>(m => Ops.MaxRows(m), RowWise,                          (g, y, m) => Kernels.MaxRowsBackward(g, m));
        Rule<double[,], double[]>(m => Ops.SumColumns(m), Linear,                        (g, y, m) => Kernels.RepeatRow(g, m));

        Rule<double[], double, double[]>((a, s) => Ops.Add(a, s), LinearInBoth,         (g, y, a, s) => g,                  (g, y, a, s) => Ops.Sum(g));
        Rule<double[,], double, double[,]>((a, s) => Ops.Add(a, s), LinearInBoth,        (g, y, a, s) => g,                  (g, y, a, s) => Ops.Sum(g));
        Rule<double[,], double[], double[,]>((m, c) => Ops.AddColumn(m, c), LinearInBoth, (g, y, m, c) => g,                 (g, y, m, c) => Ops.SumRows(g));
        Rule<double[,], double[], double[,]>((m, s) => Ops.ScaleRows(m, s), Bilinear,    (g, y, m, s) => Ops.ScaleRows(g, s), (g, y, m, s) => Ops.SumRows(Ops.Multiply(g, m)));
        Rule<double[,], double[]>((m, i) => Ops.Row(m, i), Linear,                       (g, y, m, i) => Kernels.RowBackward(m, g, i), null);
        Rule<double[,], double[]>((m, j) => Ops.Column(m, j), Linear,                    (g, y, m, j) => Kernels.ColumnBackward(m, g, j), null);

        RuleTable.MarkNonDifferentiable((double[] a) => Ops.StopGradient(a));
        RuleTable.MarkNonDifferentiable((double[,] a) => Ops.StopGradient(a));
    }

    /// <summary>(Σ a²)˙ = 2·⟨a, ȧ⟩.</summary>
    private static readonly TangentRule SumOfSquares = (y, x, dx, rule) =>
        Expression.Multiply(Expression.Constant(2.0), Tangents.Call(typeof(Ops), nameof(Ops.Dot), x[0], dx[0]!));

    private static void Rule<T1, TResult>(Expression<Func<T1, TResult>> primitive, TangentRule tangent,
        Expression<Func<TResult, TResult, T1, T1>> adjoint) =>
        RuleTable.Add(primitive, tangent, adjoint);

    private static void Rule<T1, T2, TResult>(Expression<Func<T1, T2, TResult>> primitive, TangentRule tangent,
        Expression<Func<TResult, TResult, T1, T2, T1>> adjoint1, Expression<Func<TResult, TResult, T1, T2, T2>> adjoint2) =>
        RuleTable.Add(primitive, tangent, adjoint1, adjoint2);

    /// <summary>A primitive of an array and an integer (an index), which carries no gradient.</summary>
    private static void Rule<T1, TResult>(Expression<Func<T1, int, TResult>> primitive, TangentRule tangent,
        Expression<Func<TResult, TResult, T1, int, T1>> adjoint, LambdaExpression? none) =>
        RuleTable.Add(primitive, tangent, adjoint, none);

    /// <summary>A primitive of an array and two integers (ranges, shapes), which carry no gradient.</summary>
    private static void Rule<T1, TResult>(Expression<Func<T1, int, int, TResult>> primitive, TangentRule tangent,
        Expression<Func<TResult, TResult, T1, int, int, T1>> adjoint, LambdaExpression? none1, LambdaExpression? none2) =>
        RuleTable.Add(primitive, tangent, adjoint, none1, none2);
}
