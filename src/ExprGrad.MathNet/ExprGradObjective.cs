using System.Linq.Expressions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace ExprGrad.MathNet;

/// <summary>
/// Math.NET Numerics objectives whose derivatives ExprGrad computes from the lambda's expression tree: hand
/// them to Math.NET's minimizers instead of writing gradients, Hessians or Jacobians by hand (or letting them
/// be approximated by finite differences).
/// </summary>
/// <example><code>
/// var rosenbrock = ExprGradObjective.Gradient(x => (1 - x[0]) * (1 - x[0]) + 100 * Math.Pow(x[1] - x[0] * x[0], 2));
/// var result = new LimitedMemoryBfgsMinimizer(1e-10, 1e-10, 1e-10).FindMinimum(rosenbrock, Vector&lt;double&gt;.Build.Dense([-1.2, 1.0]));
/// </code></example>
public static class ExprGradObjective
{
    /// <summary>
    /// An objective with its value and gradient, for
    /// first-order and quasi-Newton minimizers: <see cref="LimitedMemoryBfgsMinimizer"/>, <see cref="BfgsMinimizer"/>,
    /// <see cref="ConjugateGradientMinimizer"/>. The gradient is ExprGrad's <see cref="Grad.ValueAndGradient{T1}"/>:
    /// value and gradient in one pass, compiled once.
    /// </summary>
    /// <param name="f">The function of the point, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains something ExprGrad cannot differentiate.</exception>
    public static IObjectiveFunction Gradient(Expression<Func<double[], double>> f, GradientOptions? options = null)
    {
        var valueAndGradient = Grad.ValueAndGradient(f, options);
        return ObjectiveFunction.Gradient(x =>
        {
            var (value, gradient) = valueAndGradient(Points.ToArray(x));
            return (value, Vector<double>.Build.Dense(gradient));
        });
    }

    /// <summary>
    /// An objective with its value, gradient and Hessian, for <see cref="NewtonMinimizer"/>. The Hessian is
    /// ExprGrad's <see cref="Grad.Hessian(Expression{Func{double[], double}}, GradientOptions)"/> (forward mode over
    /// the reverse-mode gradient), exact to rounding.
    /// </summary>
    /// <param name="f">The function of the point, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains something ExprGrad cannot differentiate.</exception>
    public static IObjectiveFunction GradientHessian(Expression<Func<double[], double>> f, GradientOptions? options = null)
    {
        var valueAndGradient = Grad.ValueAndGradient(f, options);
        var hessian = Grad.Hessian(f, options);
        return ObjectiveFunction.GradientHessian(x =>
        {
            var point = Points.ToArray(x);
            var (value, gradient) = valueAndGradient(point);
            return (value, Vector<double>.Build.Dense(gradient), Matrix<double>.Build.DenseOfArray(hessian(point)));
        });
    }

    /// <summary>
    /// A least-squares model y ≈ model(p, x) over observations (xᵢ, yᵢ), for
    /// <see cref="LevenbergMarquardtMinimizer"/> and Math.NET's other nonlinear least-squares minimizers: the
    /// Jacobian's row i is ExprGrad's gradient of model(p, xᵢ) with respect to p.
    /// </summary>
    /// <param name="model">The model of the parameters p and one observation's x, as a lambda expression.</param>
    /// <param name="x">The observations' x values.</param>
    /// <param name="y">The observed values, one per x.</param>
    /// <param name="weights">Optional weights of the squared residuals, one per observation; all 1 when null.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/>, <paramref name="x"/> or <paramref name="y"/> is null.</exception>
    /// <exception cref="ArgumentException">The observations' arrays differ in length.</exception>
    /// <exception cref="NotSupportedException">The lambda contains something ExprGrad cannot differentiate.</exception>
    public static IObjectiveModel NonlinearModel(Expression<Func<double[], double, double>> model, double[] x, double[] y,
        double[]? weights = null, GradientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (y.Length != x.Length) throw new ArgumentException($"There are {x.Length} x values but {y.Length} y values.", nameof(y));
        if (weights is not null && weights.Length != x.Length)
            throw new ArgumentException($"There are {x.Length} observations but {weights.Length} weights.", nameof(weights));
        var value = model.Compile();
        var gradient = Grad.Of(model, options);
        return ObjectiveFunction.NonlinearModel(
            (p, xi) => value(Points.ToArray(p), xi),
            (p, xi) => Vector<double>.Build.Dense(gradient(Points.ToArray(p), xi).Item1),
            Vector<double>.Build.Dense(x), Vector<double>.Build.Dense(y),
            weights is null ? null : Vector<double>.Build.Dense(weights));
    }
}
