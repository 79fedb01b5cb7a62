using ExprGrad;
using static ExprGrad.Ops;

// SEEDS.md §3: the §2 net with σ activations, L = ½(ŷ − y)², all weights zero, SGD with η = 1 on
// the second observation x = (5, 2), y = 0, then on the first x = (1, 1), y = 1.
static string Show(double[,] m) => "[" + string.Join("; ", Enumerable.Range(0, m.GetLength(0))
    .Select(i => string.Join(", ", Enumerable.Range(0, m.GetLength(1)).Select(j => m[i, j].ToString("0.#####"))))) + "]";

double[,] input = new double[1, 2];
double[,] target = new double[1, 1];
var step = Grad.ValueAndGradient((double[,] W1, double[,] W2, double[,] W3) =>
    0.5 * SumOfSquares(Subtract(MatMul(Sigmoid(MatMul(Sigmoid(MatMul(input, W1)), W2)), W3), target)));

double[,] w1 = new double[2, 2], w2 = new double[2, 2], w3 = new double[2, 1];
(double[,], double[,], double[,]) Sgd(double[] x, double y, double[,] a, double[,] b, double[,] c, double rate, bool print = true)
{
    (input[0, 0], input[0, 1], target[0, 0]) = (x[0], x[1], y);   // the closure is read at each call
    var (l, (g1, g2, g3)) = step(a, b, c);
    if (print) Console.WriteLine($"  x = ({x[0]}, {x[1]}), y = {y}: L = {l}, dW1 = {Show(g1)}, dW2 = {Show(g2)}, dW3 = {Show(g3)}");
    return (Subtract(a, Scale(rate, g1)), Subtract(b, Scale(rate, g2)), Subtract(c, Scale(rate, g3)));
}

// 100 passes over both observations, the second first as above.
(double[,], double[,], double[,]) Train(double[,] a, double[,] b, double[,] c)
{
    for (int epoch = 0; epoch < 100; epoch++)
    {
        (a, b, c) = Sgd([5, 2], 0, a, b, c, 1, print: false);
        (a, b, c) = Sgd([1, 1], 1, a, b, c, 1, print: false);
    }
    return (a, b, c);
}

Console.WriteLine("Two SGD steps from zero weights (η = 1)");
(w1, w2, w3) = Sgd([5, 2], 0, w1, w2, w3, 1);
Console.WriteLine($"after step 1: W1 = {Show(w1)}, W2 = {Show(w2)}, W3 = {Show(w3)}");
(w1, w2, w3) = Sgd([1, 1], 1, w1, w2, w3, 1);
Console.WriteLine($"after step 2: W1 = {Show(w1)}, W2 = {Show(w2)}, W3 = {Show(w3)}");
Console.WriteLine("""
  With zero weights ŷ = 0, so the first step (y = 0) has d = ŷ − y = 0 and changes nothing; the second (y = 1) has
  d = −1 and moves only W3, to (0.5, 0.5). The notes use d = −1 in the first step and d = 0.5 in the second — the
  labels of the two observations swapped — and so get W3 = (0.25, 0.25) and W2 = −1/32 everywhere.
""");

Console.WriteLine("Why constant initialisation fails: 100 passes of SGD over both observations (η = 1) from a constant start");
foreach (var start in new[] { 0.0, 0.3 })
{
    var (a, b, c) = Train(Fill(2, 2, start), Fill(2, 2, start), Fill(2, 1, start));
    Console.WriteLine($"  start {start}: W1 = {Show(a)}  W2 = {Show(b)}  W3 = {Show(c)}");
}
Console.WriteLine("""
  Both hidden neurons of each layer stay identical (equal columns in W1 and W2, equal entries in W3): every neuron
  of a layer computes the same function and gets the same gradient, so the layer acts as one neuron. From zero,
  the layers also start learning one after another — W3 first, since d·W3ᵀ = 0 stops the gradient at W3 = 0.
  Random initialisation breaks the symmetry:
""");
var rng = new Random(1);
double[,] RandomMatrix(int r, int c) { var m = new double[r, c]; for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) m[i, j] = rng.NextDouble() - 0.5; return m; }
{
    var (a, b, c) = Train(RandomMatrix(2, 2), RandomMatrix(2, 2), RandomMatrix(2, 1));
    Console.WriteLine($"  random: W1 = {Show(a)}  W2 = {Show(b)}  W3 = {Show(c)}");
}

static double[,] Fill(int rows, int cols, double value)
{
    var m = new double[rows, cols];
    for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i, j] = value;
    return m;
}
