using ExprGrad;
using static ExprGrad.Ops;

/// <summary>
/// The same cell over a batch of sequences at once: the weights become matrices, the formulas stay the
/// same. H_t = ReLU(H_{t−1}·W + Y_{t−1}·V), Ŷ_t = ReLU(H_t·U), L = Σ_{t=1..3} ‖Y_t − Ŷ_t‖², with B sequences
/// in the rows, k hidden units: H_t is B×k, W k×k, V 1×k, U k×1.
/// </summary>
internal static class BatchedCell
{
    public static (double Loss, (double[,] U, double[,] V, double[,] W) Gradient) LossAndGradient(double[][,] ys, double[,] u, double[,] v, double[,] w)
    {
        var h0 = new double[ys[0].GetLength(0), w.GetLength(0)];
        var f = Grad.ValueAndGradient((double[,] U, double[,] V, double[,] W) =>
            Let(Relu(Add(MatMul(h0, W), MatMul(ys[0], V))), h1 =>
            Let(Relu(Add(MatMul(h1, W), MatMul(ys[1], V))), h2 =>
            Let(Relu(Add(MatMul(h2, W), MatMul(ys[2], V))), h3 =>
                SumOfSquares(Subtract(ys[1], Relu(MatMul(h1, U))))
                + SumOfSquares(Subtract(ys[2], Relu(MatMul(h2, U))))
                + SumOfSquares(Subtract(ys[3], Relu(MatMul(h3, U))))))));
        return f(u, v, w);
    }

    public static void Run()
    {
        Console.WriteLine("The same cell over a batch of sequences, with matrix weights");
        // A batch of one sequence with one hidden unit is the scalar cell above: the numbers must agree.
        double[][,] single = [new double[,] { { 0 } }, new double[,] { { 1 } }, new double[,] { { -1 } }, new double[,] { { 2 } }];
        var half = new double[,] { { 0.5 } };
        var (l1, (du1, dv1, dw1)) = LossAndGradient(single, half, half, half);
        Console.WriteLine($"  batch of 1, k = 1: L = {l1}, ∂L/∂U = {du1[0, 0]}, ∂L/∂V = {dv1[0, 0]}, ∂L/∂W = {dw1[0, 0]}  (as above)");

        // Four sequences, three hidden units.
        var random = new Random(4);
        double[,] Random(int r, int c) { var m = new double[r, c]; for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) m[i, j] = Math.Round(random.NextDouble() * 2 - 0.5, 2); return m; }
        double[][,] batch = [Random(4, 1), Random(4, 1), Random(4, 1), Random(4, 1)];
        var (l, (du, dv, dw)) = LossAndGradient(batch, Random(3, 1), Random(1, 3), Random(3, 3));
        Console.WriteLine($"  batch of 4, k = 3: L = {l:F6}, ‖∂L/∂U‖ = {Math.Sqrt(SumOfSquares(du)):F6}, ‖∂L/∂V‖ = {Math.Sqrt(SumOfSquares(dv)):F6}, ‖∂L/∂W‖ = {Math.Sqrt(SumOfSquares(dw)):F6}");
    }
}
