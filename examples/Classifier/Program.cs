using System.Linq.Expressions;
using ExprGrad;
using ExprGrad.Training;
using ScottPlot;

// A softmax classifier on Fisher's Iris measurements (iris.csv; see README.md for its source): 4 → 8 tanh → 3,
// trained with Adam on 120 rows and tested on the 30 held out (10 per species), full batch.
const int hidden = 8, epochs = 300, seed = 1936;
var iris = Iris.Load(Path.Combine(AppContext.BaseDirectory, "iris.csv"), testPerSpecies: 10, seed);
Console.WriteLine($"Iris: {iris.TrainY.Length} training rows, {iris.TestY.Length} test rows, species {string.Join(", ", iris.Species)}");

var model = Network.Initial(new Random(seed), inputs: 4, hidden, classes: iris.Species.Length);

// The gradient the training uses, checked once against central differences at the initial weights.
Expression<Func<double[,], double[], double[,], double[], double>> loss = (W1, b1, W2, b2) =>
    Network.Loss(W1, b1, W2, b2, iris.TrainX, iris.TrainY);
var check = GradientCheck.Run(loss, model.W1, model.b1, model.W2, model.b2);
Console.WriteLine($"gradient check over {check.Coordinates.Count} weights: worst relative error {check.Worst?.RelativeError:0.0e+0}, {(check.Passed ? "passed" : "FAILED")}");
if (!check.Passed) { Console.WriteLine(check); return 1; }

// Training differentiates the same loss through the parameter set: the gradient lands in a reused Mlp.
var valueAndGradient = Grad.ValueAndGradientInto((Mlp p) => Network.Loss(p.W1, p.b1, p.W2, p.b2, iris.TrainX, iris.TrainY));
var gradient = model with { W1 = new double[4, hidden], b1 = new double[hidden], W2 = new double[hidden, 3], b2 = new double[3] };
var adam = new Adam(learningRate: 0.02);
var trainLoss = new double[epochs];
var testLoss = new double[epochs];
for (int epoch = 0; epoch < epochs; epoch++)
{
    trainLoss[epoch] = valueAndGradient(model, gradient);
    testLoss[epoch] = Network.Loss(model.W1, model.b1, model.W2, model.b2, iris.TestX, iris.TestY);
    adam.Step(model, gradient);
    if (epoch % 50 == 0 || epoch == epochs - 1)
        Console.WriteLine($"epoch {epoch,3}: train loss {trainLoss[epoch]:0.0000}, test loss {testLoss[epoch]:0.0000}, " +
                          $"train accuracy {Network.Accuracy(model, iris.TrainX, iris.TrainY):P1}, test accuracy {Network.Accuracy(model, iris.TestX, iris.TestY):P1}");
}

double finalLoss = Network.Loss(model.W1, model.b1, model.W2, model.b2, iris.TrainX, iris.TrainY);
double trainAccuracy = Network.Accuracy(model, iris.TrainX, iris.TrainY), testAccuracy = Network.Accuracy(model, iris.TestX, iris.TestY);
Console.WriteLine($"final: train loss {finalLoss:0.0000}, train accuracy {trainAccuracy:P1}, test accuracy {testAccuracy:P1}");

Png.Save(() =>
{
    var plot = new Plot();
    plot.Add.Signal(trainLoss).LegendText = "training loss";
    plot.Add.Signal(testLoss).LegendText = "test loss";
    plot.Title("Iris, 4-8-3 tanh network, Adam (α = 0.02)");
    plot.XLabel("epoch (full batch)");
    plot.YLabel("mean cross-entropy");
    plot.ShowLegend();
    return plot;
}, "loss.png");

// Success: ln 3 is the loss of guessing uniformly; the training must cut it tenfold, and the held-out rows must be
// classified at least as well as the 90% that even a linear classifier reaches on Iris.
double lossBound = Math.Log(3) / 10;
bool ok = finalLoss < lossBound && testAccuracy >= 0.9;
Console.WriteLine(ok ? $"OK: loss {finalLoss:0.0000} < ln 3 / 10 = {lossBound:0.0000}, test accuracy {testAccuracy:P1} ≥ 90%"
                     : $"FAILED: loss {finalLoss:0.0000} (needs < {lossBound:0.0000}), test accuracy {testAccuracy:P1} (needs ≥ 90%)");
return ok ? 0 : 1;
