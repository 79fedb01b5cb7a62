using System.Linq.Expressions;
using ExprGrad.Tests.Oracles;

namespace ExprGrad.Tests.Differential;

/// <summary>
/// The references a program's gradient is compared with, by strength: forward-mode dual numbers on the
/// unrolled program (exact up to rounding, knows nothing of ExprGrad), and Richardson central differences
/// on the program as .NET alone compiles it (knows nothing of derivative rules, trusted only away from kinks).
/// </summary>
public static class DifferentialOracles
{
    /// <summary>
    /// Same derivative, different order of operations (engine vs dual numbers, fused vs reassociated passes,
    /// reverse vs forward mode): 1e-10 relative, and 1e-12 absolute scaled by 1 + the largest |value| or
    /// |gradient component| involved. Scaling the absolute part is what EngineAgreement does too: a component
    /// that is a cancelling sum of large terms (Σ of L terms of size 10³ that nearly cancel) carries a
    /// rounding error of ε times the terms, not times the (small) result.
    /// </summary>
    public const double RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-12;

    /// <summary>
    /// Finite differences: 1e-6 relative + 1e-7 absolute, the tolerance of EngineAgreement's
    /// GradientMatchesFiniteDifferences, justified in <see cref="FiniteDifferences.Step"/> (Richardson
    /// truncation error ≈ h⁴·f⁽⁵⁾ and rounding ≈ 1e-12·|f|, for values below <see cref="GradientCase.MaxMagnitude"/>).
    /// </summary>
    public const double DifferencesRelativeTolerance = 1e-6, DifferencesAbsoluteTolerance = 1e-7;

    /// <summary>The dual-number gradient of the unrolled program at the flat point, or null when the
    /// evaluator cannot interpret it (it is then reported as skipped, never as agreement).</summary>
    public static DualGradient? Dual(Expression<Func<double[], double>> unrolled, double[] flatPoint)
    {
        try
        {
            return DualEvaluator.Gradient(unrolled, flatPoint);
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Whether differences can be trusted at this point (finite, moderate, away from kinks), judged from the dual numbers.</summary>
    public static bool SuitsDifferences(Expression<Func<double[], double>> unrolled, double[] flatPoint, DualGradient? dual) =>
        dual is not null && new GradientCase(unrolled, flatPoint).SuitsFiniteDifferences(dual);

    /// <summary>Richardson central differences of <paramref name="f"/> at <paramref name="x"/>.</summary>
    /// <param name="f">What the differences probe: the plainly compiled function (the closure must hold its data), or
    /// the unrolled one where the program holds a value constant (<see cref="Probed"/>).</param>
    /// <param name="x">The flat point.</param>
    public static double[] Differences(Func<double[], double> f, double[] x) => FiniteDifferences.Gradient(f, x);

    /// <summary>
    /// The function finite differences probe: the program as .NET alone compiles it, or, where it holds a value
    /// constant (Ops.StopGradient), the unrolled form, in which that value is a constant (its value at the point):
    /// the derivative StopGradient asks for is that of the function with the value frozen, not of the plain one.
    /// </summary>
    public static Func<double[], double> Probed(RenderedProgram p, Expression<Func<double[], double>> unrolled) =>
        SpecNodes.StopsGradients(p.Spec) ? unrolled.Compile() : p.CompiledOverFlatPoint();

    /// <summary>
    /// Whether the differences of <paramref name="f"/> have converged at <paramref name="x"/>: the same extrapolation with half the step (f read
    /// through y ↦ x + (y − x)/2, whose derivative is half f's) agrees with <paramref name="differences"/> ten
    /// times more tightly than the check needs. Composed programs reach values the generator's leaves never
    /// do (sin(u³) with u ≈ 10): there h⁴·f⁽⁵⁾ exceeds the tolerance, the differences are wrong, not the engine,
    /// and the dual numbers still check the gradient.
    /// </summary>
    public static bool DifferencesConverged(Func<double[], double> f, double[] x, double[] differences)
    {
        var halved = FiniteDifferences.Gradient(y => f([.. x.Select((xi, i) => xi + (y[i] - xi) / 2)]), x);
        return differences.Zip(halved).All(dh => FiniteDifferences.Close(dh.First, 2 * dh.Second,
            DifferencesRelativeTolerance / 10, DifferencesAbsoluteTolerance / 10));
    }

    /// <summary>Central differences of a gradient, column k = ∂∇f/∂x_k: the reference for the Hessian.</summary>
    public static double[,] HessianByDifferences(Func<double[], double[]> gradient, double[] x)
    {
        int n = x.Length;
        var h = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            int row = i;
            var column = FiniteDifferences.Gradient(v => gradient(v)[row], x);
            for (int k = 0; k < n; k++) h[i, k] = column[k];
        }
        return h;
    }

    /// <summary>True when a and b agree within the tolerances, the absolute one scaled as explained above.</summary>
    public static bool Close(double a, double b, double scale) =>
        FiniteDifferences.Close(a, b, RelativeTolerance, AbsoluteTolerance * scale);

    /// <summary>Bit for bit, except that any two NaNs agree and so do 0 and −0 (<see cref="double.Equals(double)"/>).</summary>
    public static bool Same(double a, double b) => a.Equals(b);
}
