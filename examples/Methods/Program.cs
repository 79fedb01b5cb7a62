// Three models written as ordinary C# methods (Models.cs), differentiated by ExprGrad through [Differentiable]:
// each gradient is printed beside central differences of the same method, and a few steps of gradient descent
// train the logistic regression. Exits with 1 if a gradient disagrees with its differences.
using ExprGrad;

double[,] X = { { 1, 0.5, -1.2 }, { -0.3, 2, 0.7 }, { 0.9, -1.1, 0.4 }, { 0.2, 0.3, -0.8 }, { -1.5, 0.1, 0.6 } };
double[] y = [1, -1, 1, -1, -1];
int failures = 0;

// Logistic regression: the lambda calls the method; X and y are read from the closure at every call.
var logistic = Grad.ValueAndGradient((double[] w) => Models.LogisticLoss(w, X, y));
double[] weights = [0, 0, 0];
for (int step = 0; step <= 50; step++)
{
    var (loss, g) = logistic(weights);
    if (step % 10 == 0) Console.WriteLine($"logistic regression, step {step,2}: loss {loss:F6}");
    for (int j = 0; j < weights.Length; j++) weights[j] -= 0.5 * g[j];
}
Check("logistic regression", logistic(weights).Gradient, w => Models.LogisticLoss(w, X, y), weights);

// Softmax classifier: W is features × classes; the labels are data.
int[] labels = [0, 2, 1, 2, 0];
double[,] W = { { 0.1, -0.2, 0.3 }, { 0.4, 0.0, -0.1 }, { -0.3, 0.2, 0.5 } };
var softmax = Grad.Of((double[,] m) => Models.SoftmaxLoss(m, X, labels));
Check("softmax classifier", Flat(softmax(W)), p => Models.SoftmaxLoss(Matrix(p, 3), X, labels), Flat(W));

// Elman RNN over a short sequence: gradients with respect to all three weight arrays.
double[] xs = [0.5, -1.0, 0.25, 0.8], ys = [0.1, -0.3, 0.2, 0.4];
double[,] Wh = { { 0.2, -0.4 }, { 0.3, 0.1 } };
double[] wx = [0.7, -0.5], v = [1.2, -0.8];
var rnn = Grad.Of((double[,] a, double[] b, double[] c) => Models.ElmanLoss(a, b, c, xs, ys));
var (dWh, dwx, dv) = rnn(Wh, wx, v);
Check("Elman RNN", [.. Flat(dWh), .. dwx, .. dv],
    p => Models.ElmanLoss(Matrix(p[..4], 2), p[4..6], p[6..], xs, ys), [.. Flat(Wh), .. wx, .. v]);

return failures == 0 ? 0 : 1;

void Check(string name, double[] gradient, Func<double[], double> f, double[] at)
{
    var differences = new double[at.Length];
    for (int i = 0; i < at.Length; i++)
    {
        const double h = 1e-5;
        var (plus, minus) = ((double[])at.Clone(), (double[])at.Clone());
        plus[i] += h;
        minus[i] -= h;
        differences[i] = (f(plus) - f(minus)) / (2 * h);
    }
    double error = gradient.Zip(differences, (a, b) => Math.Abs(a - b)).Max();
    bool ok = error < 1e-7;
    if (!ok) failures++;
    Console.WriteLine($"{name}: gradient [{string.Join(", ", gradient.Select(d => d.ToString("F6")))}]");
    Console.WriteLine($"{new string(' ', name.Length)}  differences [{string.Join(", ", differences.Select(d => d.ToString("F6")))}]  max error {error:E1} {(ok ? "ok" : "MISMATCH")}");
}

static double[] Flat(double[,] m) => [.. m.Cast<double>()];

static double[,] Matrix(double[] flat, int columns)
{
    var m = new double[flat.Length / columns, columns];
    for (int i = 0; i < flat.Length; i++) m[i / columns, i % columns] = flat[i];
    return m;
}
