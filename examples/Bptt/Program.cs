using ExprGrad;
using static ExprGrad.Ops;

// SEEDS.md §4: backpropagation through time for h_t = ReLU(w·h_{t−1} + v·y_{t−1}), ŷ_t = ReLU(u·h_t),
// h_0 = 0, L = Σ_{t=1..3} (y_t − ŷ_t)², all weights 0.5, sequence y = (0, 1, −1, 2).
double[] y = [0, 1, -1, 2];
const int steps = 3;
double u = 0.5, v = 0.5, w = 0.5;

// The forward table, computed with the same Ops the gradient uses (they are plain .NET methods too).
var h = Scan(steps, 0.0, (state, t) => Relu(w * state + v * y[t]));
Console.WriteLine("Forward pass");
Console.WriteLine(" t |   h_t   |  ŷ_t   |  y_t  |   L_t");
double total = 0;
for (int t = 0; t <= steps; t++)
{
    if (t == 0) { Console.WriteLine($" 0 | {h[0],7:0.####} |    -   | {y[0],5} |    -"); continue; }
    double yHat = Relu(u * h[t]), lt = (y[t] - yHat) * (y[t] - yHat);
    total += lt;
    Console.WriteLine($" {t} | {h[t],7:0.####} | {yHat,6:0.####} | {y[t],5} | {lt,7:0.####}");
}
Console.WriteLine($"L = {total}");
Console.WriteLine("(The notes get h_3 = 0.375 and L = 5.8475: but w·h_2 + v·y_2 = 0.25 − 0.5 < 0, so h_3 = ReLU(−0.25) = 0.)\n");

// The same loss as one lambda: Scan runs the recurrence, the backward pass runs it in reverse.
var lossAndGradient = Grad.ValueAndGradient((double u, double v, double w) =>
    Let(Scan(steps, 0.0, (state, t) => Relu(w * state + v * y[t])), hs =>
        Sum(steps, t => (y[t + 1] - Relu(u * hs[t + 1])) * (y[t + 1] - Relu(u * hs[t + 1])))));
var (loss, (du, dv, dw)) = lossAndGradient(u, v, w);
Console.WriteLine($"ExprGrad: L = {loss}, ∂L/∂u = {du}, ∂L/∂v = {dv}, ∂L/∂w = {dw}");
Console.WriteLine("(ReLU'(0) = 0: h_1 = 0 and u·h_3 = 0 pass no gradient, so only t = 2 contributes.)");
const double learningRate = 0.1;
Console.WriteLine($"One SGD step on u with learning rate {learningRate}: u = {u} − {learningRate}·{du} = {u - learningRate * du}");
Console.WriteLine("(The notes' ∂L/∂u = −0.11 and their step come from the wrong h_3.)\n");

BatchedCell.Run();
