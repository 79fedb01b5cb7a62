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
