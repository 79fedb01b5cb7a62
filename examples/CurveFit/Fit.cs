using System.Linq.Expressions;
using ExprGrad;
using ExprGrad.MathNet;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

/// <summary>One least-squares fit: data drawn from <paramref name="Model"/> at <paramref name="Truth"/> plus seeded
/// Gaussian noise of standard deviation <paramref name="Noise"/>, fitted by Levenberg–Marquardt from <paramref name="Start"/>.</summary>
public sealed record Fit(string Name, string[] Names, Expression<Func<double[], double, double>> Model, double[] Truth,
    double[] Start, double Noise)
{
    /// <summary>The observation times, the noisy observations, the fitted parameters and their tolerances.</summary>
    public sealed record Outcome(double[] T, double[] Y, double[] Fitted, double[] Tolerance, double[] MathNetErrors, bool Passed);

    /// <summary>Generates the data, checks the model's gradient in p, fits, and compares the fit with the truth.</summary>
    public Outcome Run(int points, double tMax, int seed)
    {
        var f = Model.Compile();
        var random = new Random(seed);
        var t = Enumerable.Range(0, points).Select(i => tMax * i / (points - 1)).ToArray();
        var y = t.Select(ti => f(Truth, ti) + Noise * Gaussian(random)).ToArray();

        // The Jacobian rows Levenberg–Marquardt receives are ExprGrad's gradients of the model: checked once here.
        var check = GradientCheck.Run(Model, Start, t[points / 3]);
        Console.WriteLine($"{Name}: gradient check of the model, worst relative error {check.Worst?.RelativeError:0.0e+0}, {(check.Passed ? "passed" : "FAILED")}");

        var result = new LevenbergMarquardtMinimizer(maximumIterations: 1000)
            .FindMinimum(ExprGradObjective.NonlinearModel(Model, t, y), Vector<double>.Build.Dense(Start));
        var fitted = result.MinimizingPoint.ToArray();

        // The tolerance is derived, not chosen: with noise σ the least-squares estimate has covariance
        // σ²(JᵀJ)⁻¹ (J the model's Jacobian at the fit), so each parameter must lie within 4 standard errors of
        // the truth. A 4σ miss has probability 6e-5 for a correct fit; a wrong gradient or a fit stuck in another
        // minimum misses by far more.
        var gradient = Grad.Of(Model);
        var jacobian = Matrix<double>.Build.DenseOfRowArrays(t.Select(ti => gradient(fitted, ti).Item1));
        var covariance = (jacobian.TransposeThisAndMultiply(jacobian)).Inverse() * (Noise * Noise);
        var tolerance = Enumerable.Range(0, fitted.Length).Select(k => 4 * Math.Sqrt(covariance[k, k])).ToArray();
        bool within = Enumerable.Range(0, fitted.Length).All(k => Math.Abs(fitted[k] - Truth[k]) <= tolerance[k]);

        Console.WriteLine($"  {points} points, noise σ = {Noise}, Levenberg–Marquardt: {result.ReasonForExit} after {result.Iterations} iterations");
        Console.WriteLine("  parameter      truth     start    fitted   |error|  4·SE (bound)  Math.NET SE");
        for (int k = 0; k < fitted.Length; k++)
            Console.WriteLine($"  {Names[k],-9} {Truth[k],9:0.0000} {Start[k],9:0.0000} {fitted[k],9:0.0000} {Math.Abs(fitted[k] - Truth[k]),9:0.0000} {tolerance[k],12:0.0000} {result.StandardErrors[k],12:0.0000}");
        return new Outcome(t, y, fitted, tolerance, result.StandardErrors.ToArray(), check.Passed && within);
    }

    /// <summary>A standard normal draw (Box–Muller), so the data depend only on the seed.</summary>
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
