using ScottPlot;

// Nonlinear least squares through ExprGrad.MathNet: the model is a lambda of the parameters p and one time t;
// ExprGradObjective.NonlinearModel hands Math.NET's Levenberg–Marquardt minimizer its values and, as Jacobian
// rows, ExprGrad's gradients of the model in p. Two models, each from seeded noisy data.
var decay = new Fit("exponential decay a·exp(−b·t) + c", ["a", "b", "c"],
    (p, t) => p[0] * Math.Exp(-p[1] * t) + p[2],
    Truth: [2.5, 0.8, 0.4], Start: [1, 1, 0], Noise: 0.05);
var oscillation = new Fit("damped oscillation a·exp(−b·t)·cos(ω·t) + c", ["a", "b", "ω", "c"],
    (p, t) => p[0] * Math.Exp(-p[1] * t) * Math.Cos(p[2] * t) + p[3],
    Truth: [1.5, 0.3, 2.2, 0.1], Start: [1, 0.5, 2.0, 0], Noise: 0.05);

var decayFit = decay.Run(points: 60, tMax: 6, seed: 11);
var oscillationFit = oscillation.Run(points: 120, tMax: 10, seed: 12);

Png.Save(() =>
{
    var plot = new Plot();
    Show(plot, decay, decayFit, Colors.C0);
    Show(plot, oscillation, oscillationFit, Colors.C1);
    plot.Title("Levenberg–Marquardt with ExprGrad's Jacobian");
    plot.XLabel("t");
    plot.YLabel("y");
    plot.ShowLegend(Alignment.UpperRight);
    return plot;
}, "fit.png", 720, 440);

bool ok = decayFit.Passed && oscillationFit.Passed;
Console.WriteLine(ok ? "OK: every fitted parameter is within 4 standard errors of the truth, and both gradient checks passed"
                     : "FAILED: a parameter is outside its bound or a gradient check failed (see above)");
return ok ? 0 : 1;

static void Show(Plot plot, Fit fit, Fit.Outcome outcome, Color color)
{
    var f = fit.Model.Compile();
    var data = plot.Add.ScatterPoints(outcome.T, outcome.Y, color);
    data.MarkerSize = 4;
    data.LegendText = $"{fit.Name}: data";
    var fine = Enumerable.Range(0, 400).Select(i => outcome.T[^1] * i / 399).ToArray();
    var curve = plot.Add.ScatterLine(fine, fine.Select(t => f(outcome.Fitted, t)).ToArray(), color);
    curve.LineWidth = 2;
    curve.LegendText = "fit";
    var truth = plot.Add.ScatterLine(fine, fine.Select(t => f(fit.Truth, t)).ToArray(), Colors.Black);
    truth.LinePattern = LinePattern.Dotted;
    truth.LegendText = "truth (dotted)";
}
