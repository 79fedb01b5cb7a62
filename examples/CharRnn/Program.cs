using System.Linq.Expressions;
using System.Diagnostics;
using ExprGrad;
using ExprGrad.Training;
using ScottPlot;
using static ExprGrad.Ops;

// A character-level LSTM on Shakespeare's Sonnet 18 (sonnet18.txt): Ops.Scan carries the state [h; c] through a
// window of the text, the loss is the mean cross-entropy of each next character, and Adam trains the record of
// weights through Grad.ValueAndGradientInto. Under CI=true it trains fewer steps (the assertion is the same).
bool ci = Environment.GetEnvironmentVariable("CI") == "true";
int units = 32, window = 48, steps = ci ? 300 : 2000;
const int seed = 1609;   // the sonnets' first printing

var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "sonnet18.txt")).ReplaceLineEndings("\n");
var alphabet = text.Distinct().Order().ToArray();
var ids = text.Select(ch => Array.IndexOf(alphabet, ch)).ToArray();
Console.WriteLine($"text: {text.Length} characters, {alphabet.Length} distinct; LSTM with {units} units, windows of {window}, {steps} Adam steps{(ci ? " (CI)" : "")}");

var random = new Random(seed);
var model = Initial(random, alphabet.Length, units);
var gradient = new Lstm(new double[4 * units, units], new double[alphabet.Length, 4 * units], new double[4 * units],
    new double[alphabet.Length, units], new double[alphabet.Length]);

// The loss the training differentiates, checked once against central differences on a 12-character window, for a
// 4-unit network (the same code; every weight is a coordinate of the check, so the full size would take a minute).
Expression<Func<double[,], double[,], double[], double[,], double[], double>> windowLoss = (W, E, b, Wy, by) =>
    Network.Loss(W, E, b, Wy, by, ids, 0, 12);
var small = Initial(new Random(seed), alphabet.Length, 4);
var clock = Stopwatch.StartNew();
var check = GradientCheck.Run(windowLoss, small.W, small.E, small.b, small.Wy, small.by);
Console.WriteLine($"gradient check over {check.Coordinates.Count} weights of a 4-unit network: worst relative error {check.Worst?.RelativeError:0.0e+0}, " +
                  $"{(check.Passed ? "passed" : "FAILED")} ({clock.Elapsed.TotalSeconds:0.0} s)");
if (!check.Passed) { Console.WriteLine(check); return 1; }

// Two baselines from the text itself: ln |alphabet| (a uniform guess) and the unigram entropy (a model that has
// learned only how often each character occurs). Beating the second means the LSTM uses the context.
double uniform = Math.Log(alphabet.Length);
double unigram = -ids.Skip(1).GroupBy(i => i).Sum(g => (double)g.Count() / (ids.Length - 1) * Math.Log((double)g.Count() / (ids.Length - 1)));
double TextLoss(Lstm p) => Network.Loss(p.W, p.E, p.b, p.Wy, p.by, ids, 0, ids.Length - 1);
double initialLoss = TextLoss(model);
Console.WriteLine($"baselines: uniform ln {alphabet.Length} = {uniform:0.000}, unigram entropy {unigram:0.000}; untrained loss over the whole text {initialLoss:0.000}");

int start = 0;   // the window's first character: read by the lambda at each call, like any closure variable
var valueAndGradient = Grad.ValueAndGradientInto((Lstm p) => Network.Loss(p.W, p.E, p.b, p.Wy, p.by, ids, start, window));
var adam = new Adam(learningRate: 0.01);
var losses = new double[steps];
clock.Restart();
for (int step = 0; step < steps; step++)
{
    start = random.Next(ids.Length - window);
    losses[step] = valueAndGradient(model, gradient);
    adam.Step(model, gradient);
    if (step % 100 == 0 || step == steps - 1)
        Console.WriteLine($"step {step,3}: window loss {losses[step]:0.000}  ({clock.Elapsed.TotalSeconds:0.0} s)");
}
double finalLoss = TextLoss(model);
Console.WriteLine($"loss over the whole text: {initialLoss:0.000} before, {finalLoss:0.000} after training");

Console.WriteLine("sample (temperature 0.5, primed with \"Shall I\"):");
Console.WriteLine(Sample(model, "Shall I", 240, 0.5, new Random(seed)));

var average = losses.Select((_, i) => losses.Skip(Math.Max(0, i - 19)).Take(Math.Min(i + 1, 20)).Average()).ToArray();
Png.Save(() =>
{
    var plot = new Plot();
    plot.Add.Signal(losses).LegendText = "window loss";
    var smooth = plot.Add.Signal(average);
    smooth.LegendText = "mean of the last 20";
    smooth.LineWidth = 2;
    plot.Add.HorizontalLine(unigram, pattern: LinePattern.Dashed).LegendText = $"unigram entropy {unigram:0.00}";
    plot.Title($"Char-level LSTM ({units} units) on Sonnet 18, Adam");
    plot.XLabel("step");
    plot.YLabel("mean cross-entropy (nats)");
    plot.ShowLegend(Alignment.UpperRight);
    return plot;
}, "loss.png");

// Success: the loss over the whole text falls below the unigram entropy, i.e. the network predicts better than
// the character frequencies alone can.
bool ok = finalLoss < unigram;
Console.WriteLine(ok ? $"OK: loss over the text {finalLoss:0.000} < unigram entropy {unigram:0.000}"
                     : $"FAILED: loss over the text {finalLoss:0.000} is not below the unigram entropy {unigram:0.000}");
return ok ? 0 : 1;

// Weights uniform in ±1/√units (embedding rows ±0.1), biases zero but the forget gate's at 1 (the usual start, so
// the cell keeps its memory early on).
static Lstm Initial(Random random, int characters, int n)
{
    double[,] Uniform(int rows, int columns, double scale)
    {
        var m = new double[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++) m[i, j] = (2 * random.NextDouble() - 1) * scale;
        return m;
    }
    var b = new double[4 * n];
    for (int j = n; j < 2 * n; j++) b[j] = 1;
    return new Lstm(Uniform(4 * n, n, 1 / Math.Sqrt(n)), Uniform(characters, 4 * n, 0.1), b,
        Uniform(characters, n, 1 / Math.Sqrt(n)), new double[characters]);
}

// Runs the cell over the prime, then draws each next character from softmax(logits / temperature).
string Sample(Lstm p, string prime, int length, double temperature, Random draw)
{
    var s = new double[2 * p.Units];
    var output = new System.Text.StringBuilder(prime);
    int next = Array.IndexOf(alphabet, prime[0]);
    for (int k = 0; k < prime.Length + length - 1; k++)
    {
        s = Network.Cell(s, Row(p.E, next), p.W, p.b, p.Units);
        var probabilities = Softmax(Scale(1 / temperature, Network.Logits(s, p.Wy, p.by, p.Units)));
        if (k + 1 < prime.Length) { next = Array.IndexOf(alphabet, prime[k + 1]); continue; }
        double u = draw.NextDouble(), total = 0;
        next = probabilities.Length - 1;
        for (int i = 0; i < probabilities.Length; i++)
            if ((total += probabilities[i]) > u) { next = i; break; }
        output.Append(alphabet[next]);
    }
    return output.ToString();
}
