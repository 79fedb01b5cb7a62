namespace ExprGrad;

/// <summary>
/// Matrix and vector rules, at matrix level — never scalarized: <c>MatMul: dA = g·Bᵀ, dB = Aᵀ·g</c>,
/// elementwise ops elementwise, reductions broadcast back. Registered the way users register theirs.
/// </summary>
internal static class TensorRules
{
    public static void RegisterAll()
    {
        Derivatives.Register((double[,] a, double[,] b) => Ops.MatMul(a, b),     (g, y, a, b) => Kernels.MatMulTransposeB(g, b), (g, y, a, b) => Kernels.MatMulTransposeA(a, g));
        Derivatives.Register((double[,] a, double[] x) => Ops.MatMul(a, x),      (g, y, a, x) => Kernels.Outer(g, x),            (g, y, a, x) => Kernels.MatMulTransposeA(a, g));
        Derivatives.Register((double[,] a) => Ops.Transpose(a),                  (g, y, a) => Ops.Transpose(g));
        Derivatives.Register((double[,] a, double[] row) => Ops.AddRow(a, row),  (g, y, a, row) => g,                            (g, y, a, row) => Kernels.SumRows(g));

        Derivatives.Register((double[,] a, double[,] b) => Ops.Add(a, b),        (g, y, a, b) => g,                  (g, y, a, b) => g);
        Derivatives.Register((double[,] a, double[,] b) => Ops.Subtract(a, b),   (g, y, a, b) => g,                  (g, y, a, b) => Kernels.Negate(g));
        Derivatives.Register((double[,] a, double[,] b) => Ops.Multiply(a, b),   (g, y, a, b) => Ops.Multiply(g, b), (g, y, a, b) => Ops.Multiply(g, a));
        Derivatives.Register((double s, double[,] a) => Ops.Scale(s, a),         (g, y, s, a) => Ops.Dot(g, a),      (g, y, s, a) => Ops.Scale(s, g));
        Derivatives.Register((double[,] a) => Ops.Sigmoid(a),                    (g, y, a) => Kernels.SigmoidBackward(g, y));
        Derivatives.Register((double[,] a) => Ops.Tanh(a),                       (g, y, a) => Kernels.TanhBackward(g, y));
        Derivatives.Register((double[,] a) => Ops.Relu(a),                       (g, y, a) => Kernels.ReluBackward(g, a));
        Derivatives.Register((double[,] a) => Ops.Exp(a),                        (g, y, a) => Ops.Multiply(g, y));
        Derivatives.Register((double[,] a) => Ops.Log(a),                        (g, y, a) => Kernels.Divide(g, a));
        Derivatives.Register((double[,] a) => Ops.Sum(a),                        (g, y, a) => Kernels.Fill(a, g));
        Derivatives.Register((double[,] a) => Ops.SumOfSquares(a),               (g, y, a) => Ops.Scale(2 * g, a));
        Derivatives.Register((double[,] a, double[,] b) => Ops.Dot(a, b),        (g, y, a, b) => Ops.Scale(g, b),    (g, y, a, b) => Ops.Scale(g, a));

        Derivatives.Register((double[] a, double[] b) => Ops.Add(a, b),          (g, y, a, b) => g,                  (g, y, a, b) => g);
        Derivatives.Register((double[] a, double[] b) => Ops.Subtract(a, b),     (g, y, a, b) => g,                  (g, y, a, b) => Kernels.Negate(g));
        Derivatives.Register((double[] a, double[] b) => Ops.Multiply(a, b),     (g, y, a, b) => Ops.Multiply(g, b), (g, y, a, b) => Ops.Multiply(g, a));
        Derivatives.Register((double s, double[] a) => Ops.Scale(s, a),          (g, y, s, a) => Ops.Dot(g, a),      (g, y, s, a) => Ops.Scale(s, g));
        Derivatives.Register((double[] a) => Ops.Sigmoid(a),                     (g, y, a) => Kernels.SigmoidBackward(g, y));
        Derivatives.Register((double[] a) => Ops.Tanh(a),                        (g, y, a) => Kernels.TanhBackward(g, y));
        Derivatives.Register((double[] a) => Ops.Relu(a),                        (g, y, a) => Kernels.ReluBackward(g, a));
        Derivatives.Register((double[] a) => Ops.Exp(a),                         (g, y, a) => Ops.Multiply(g, y));
        Derivatives.Register((double[] a) => Ops.Log(a),                         (g, y, a) => Kernels.Divide(g, a));
        Derivatives.Register((double[] a) => Ops.Sum(a),                         (g, y, a) => Kernels.Fill(a, g));
        Derivatives.Register((double[] a) => Ops.SumOfSquares(a),                (g, y, a) => Ops.Scale(2 * g, a));
        Derivatives.Register((double[] a, double[] b) => Ops.Dot(a, b),          (g, y, a, b) => Ops.Scale(g, b),    (g, y, a, b) => Ops.Scale(g, a));
    }
}
