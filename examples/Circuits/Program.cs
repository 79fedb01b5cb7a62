using System.Linq.Expressions;
using ExprGrad;
using static ExprGrad.Ops;

// The circuits of the backpropagation notes (SEEDS.md §1), each differentiated by ExprGrad.
Console.WriteLine("ExprGrad — circuits from the backpropagation notes\n");

// 1. f(x, y, z) = (x + y) z: the add gate hands its gradient to both inputs, the multiply gate swaps.
var addMul = Grad.ValueAndGradient((double x, double y, double z) => (x + y) * z);
var (v1, (dx, dy, dz)) = addMul(-2, 5, -4);
Console.WriteLine($"(x + y)·z at x=-2, y=5, z=-4:   f = {v1}   ∇f = ({dx}, {dy}, {dz})");

// 2. The sigmoid neuron f(w, x) = σ(w0·x0 + w1·x1 + w2).
var neuron = Grad.ValueAndGradient((double[] w, double[] x) => 1 / (1 + Math.Exp(-(w[0] * x[0] + w[1] * x[1] + w[2]))));
var (v2, (dw, dxs)) = neuron([2, -3, -3], [-1, -2]);
Console.WriteLine($"sigmoid neuron at w=(2,-3,-3), x=(-1,-2):   f = {v2:F6}");
Console.WriteLine($"    ∂f/∂w = ({string.Join(", ", dw.Select(d => d.ToString("F6")))})   ∂f/∂x = ({string.Join(", ", dxs.Select(d => d.ToString("F6")))})");

// 3. The staged function f(x, y) = (x + σ(y)) / (σ(x) + (x + y)²): ExprGrad caches the forward stages
//    and accumulates with += where x and y fan out, as the notes do by hand.
var staged = Grad.ValueAndGradient((double x, double y) => (x + Sigmoid(y)) / (Sigmoid(x) + (x + y) * (x + y)));
var (v3, (sx, sy)) = staged(3, -4);
Console.WriteLine($"(x + σ(y)) / (σ(x) + (x+y)²) at x=3, y=-4:   f = {v3:F6}   ∇f = ({sx:F6}, {sy:F6})");

// 4. Gate patterns: f = 2·(x·y + max(z, w)). Add distributes, max routes (w gets 0), multiply swaps.
var gates = Grad.ValueAndGradient((double x, double y, double z, double w) => 2 * (x * y + Math.Max(z, w)));
var (v4, (gx, gy, gz, gw)) = gates(3, -4, 2, -1);
Console.WriteLine($"2·(x·y + max(z, w)) at x=3, y=-4, z=2, w=-1:   f = {v4}   ∇f = ({gx}, {gy}, {gz}, {gw})");

// 5. The matrix product D = W·X (W 5×10, X 10×3). For any upstream gradient dD, ExprGrad's gradient of
//    ⟨W·X, dD⟩ is the matrix-level rule of the notes: dW = dD·Xᵀ, dX = Wᵀ·dD.
var random = new Random(7);
double[,] RandomMatrix(int rows, int cols)
{
    var m = new double[rows, cols];
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            m[i, j] = Math.Round(random.NextDouble() * 2 - 1, 2);
    return m;
}
var (w, xm, dD) = (RandomMatrix(5, 10), RandomMatrix(10, 3), RandomMatrix(5, 3));
var (dW, dX) = Grad.Of((double[,] W, double[,] X) => Dot(MatMul(W, X), dD))(w, xm);
double MaxDifference(double[,] a, double[,] b) => a.Cast<double>().Zip(b.Cast<double>(), (p, q) => Math.Abs(p - q)).Max();
Console.WriteLine($"\nD = W·X with W 5×10, X 10×3: dW is {dW.GetLength(0)}×{dW.GetLength(1)}, dX is {dX.GetLength(0)}×{dX.GetLength(1)}");
Console.WriteLine($"    max |dW − dD·Xᵀ| = {MaxDifference(dW, MatMul(dD, Transpose(xm))):E1}   max |dX − Wᵀ·dD| = {MaxDifference(dX, MatMul(Transpose(w), dD)):E1}");

// 6. The two-layer net with biases: Loss = (σ(x·W1 + b1)·W2 + b2 − y)², x a 1×3 row, 4 hidden units.
double[,] x1 = { { 0.5, -1.2, 2.0 } };
double[,] target = { { 1.0 } };
var net = Grad.ValueAndGradient((double[,] W1, double[] b1, double[,] W2, double[] b2) =>
    SumOfSquares(Subtract(AddRow(MatMul(Sigmoid(AddRow(MatMul(x1, W1), b1)), W2), b2), target)));
var (netLoss, (dW1, db1, dW2, db2)) = net(RandomMatrix(3, 4), [0.1, -0.2, 0.3, 0.0], RandomMatrix(4, 1), [0.05]);
Console.WriteLine($"two-layer net: loss = {netLoss:F6}, |dW1| = {Math.Sqrt(SumOfSquares(dW1)):F6}, db1 = ({string.Join(", ", db1.Select(d => d.ToString("F4")))}), " +
                  $"|dW2| = {Math.Sqrt(SumOfSquares(dW2)):F6}, db2 = {db2[0]:F6}");

// The circuits drawn as in the notes: forward values in green, gradients in red (open the SVGs in a browser).
var pictures = Path.Combine(AppContext.BaseDirectory, "circuits");
Directory.CreateDirectory(pictures);
void Draw(string name, LambdaExpression f, string title, params object[] point) =>
    SvgRenderer.Save(Circuit.Trace(f, point), Path.Combine(pictures, name + ".svg"), title);
Draw("addmul", (Expression<Func<double, double, double, double>>)((x, y, z) => (x + y) * z), "f = (x + y)·z", -2.0, 5.0, -4.0);
Draw("neuron", (Expression<Func<double[], double[], double>>)((w, x) => 1 / (1 + Math.Exp(-(w[0] * x[0] + w[1] * x[1] + w[2])))),
    "sigmoid neuron", new[] { 2.0, -3, -3 }, new[] { -1.0, -2 });
Draw("staged", (Expression<Func<double, double, double>>)((x, y) => (x + Sigmoid(y)) / (Sigmoid(x) + (x + y) * (x + y))),
    "f = (x + σ(y)) / (σ(x) + (x + y)²)", 3.0, -4.0);
Draw("gates", (Expression<Func<double, double, double, double, double>>)((x, y, z, w) => 2 * (x * y + Math.Max(z, w))),
    "f = 2·(x·y + max(z, w))", 3.0, -4.0, 2.0, -1.0);
Console.WriteLine($"\nCircuit diagrams written to {pictures}");
