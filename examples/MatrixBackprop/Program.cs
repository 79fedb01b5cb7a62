using ExprGrad;
using static ExprGrad.Ops;

// SEEDS.md §2: ŷ = f(f(X·W1)·W2)·W3 with X n×2, W1 2×2, W2 2×2, W3 2×1, f = σ, L = ½·Σ(ŷ − y)².
// ExprGrad differentiates the one-line loss at matrix level; the notes' hand formula with its running d
// is computed beside it and the two are compared.
double[,] x = { { 1.0, 2.0 }, { -0.5, 0.3 }, { 2.0, -1.0 }, { 0.0, 0.7 } };
double[,] y = { { 1.0 }, { 0.0 }, { 0.5 }, { -0.2 } };
double[,] w1 = { { 0.1, -0.4 }, { 0.3, 0.2 } };
double[,] w2 = { { -0.2, 0.5 }, { 0.6, -0.1 } };
double[,] w3 = { { 0.7 }, { -0.3 } };

static string Shape(double[,] m) => $"{m.GetLength(0)}×{m.GetLength(1)}";
static string Show(double[,] m) => "[" + string.Join("; ", Enumerable.Range(0, m.GetLength(0))
    .Select(i => string.Join(", ", Enumerable.Range(0, m.GetLength(1)).Select(j => m[i, j].ToString("F6"))))) + "]";
static double[,] SigmoidPrime(double[,] o) => Multiply(o, Map(o, v => 1 - v));

var loss = Grad.ValueAndGradient((double[,] W1, double[,] W2, double[,] W3) =>
    0.5 * SumOfSquares(Subtract(MatMul(Sigmoid(MatMul(Sigmoid(MatMul(x, W1)), W2)), W3), y)));
var (l, (dW1, dW2, dW3)) = loss(w1, w2, w3);

// The hand formula of the notes, stage by stage.
var o1 = Sigmoid(MatMul(x, w1));
var o2 = Sigmoid(MatMul(o1, w2));
var yHat = MatMul(o2, w3);
Console.WriteLine($"shapes: X {Shape(x)}, W1 {Shape(w1)}, O1 {Shape(o1)}, W2 {Shape(w2)}, O2 {Shape(o2)}, W3 {Shape(w3)}, ŷ {Shape(yHat)}");
var d = Subtract(yHat, y);
Console.WriteLine($"d = ŷ − y                       {Shape(d)}  {Show(d)}");
var handW3 = MatMul(Transpose(o2), d);
d = Multiply(MatMul(d, Transpose(w3)), SigmoidPrime(o2));
Console.WriteLine($"d ← d·W3ᵀ ∘ f′(H2)              {Shape(d)}  {Show(d)}");
var handW2 = MatMul(Transpose(o1), d);
d = Multiply(MatMul(d, Transpose(w2)), SigmoidPrime(o1));
Console.WriteLine($"d ← d·W2ᵀ ∘ f′(H1)              {Shape(d)}  {Show(d)}");
var handW1 = MatMul(Transpose(x), d);

Console.WriteLine($"\nL = {l:F6}");
foreach (var (name, auto, hand) in new[] { ("dW3 = O2ᵀ·d", dW3, handW3), ("dW2 = O1ᵀ·d", dW2, handW2), ("dW1 = Xᵀ·d", dW1, handW1) })
{
    double diff = auto.Cast<double>().Zip(hand.Cast<double>(), (a, b) => Math.Abs(a - b)).Max();
    Console.WriteLine($"{name,-14} ExprGrad {Show(auto)}\n{"",-14} by hand  {Show(hand)}   max difference {diff:E1}");
}
Console.WriteLine("\nThe backward pass costs about as much as the forward pass: one product per weight matrix and one per running d,");
Console.WriteLine("so its cost is linear in the number of parameters (see the benchmarks in the README for measured ratios).");
