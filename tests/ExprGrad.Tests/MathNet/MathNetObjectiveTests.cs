using ExprGrad.MathNet;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace ExprGrad.Tests.MathNet;

public class MathNetObjectiveTests
{
    // Rosenbrock's function (1 − x)² + 100(y − x²)² has its one minimum, 0, at (1, 1); (−1.2, 1) is the classic start.
    private static readonly System.Linq.Expressions.Expression<Func<double[], double>> Rosenbrock =
        x => (1 - x[0]) * (1 - x[0]) + 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]);

    private static Vector<double> Start => Vector<double>.Build.Dense([-1.2, 1.0]);

    [Fact]
    public void LimitedMemoryBfgsMinimizesRosenbrockWithExprGradsGradient()
    {
        var result = new LimitedMemoryBfgsMinimizer(1e-10, 1e-12, 1e-14, 5, 1000).FindMinimum(ExprGradObjective.Gradient(Rosenbrock), Start);
        Assert.Equal(1.0, result.MinimizingPoint[0], 1e-6);
        Assert.Equal(1.0, result.MinimizingPoint[1], 1e-6);
        Assert.True(result.FunctionInfoAtMinimum.Value < 1e-12, $"f = {result.FunctionInfoAtMinimum.Value}");
    }

    [Fact]
    public void NewtonMinimizesRosenbrockWithExprGradsHessian()
    {
        var objective = ExprGradObjective.GradientHessian(Rosenbrock);
        // ∇²f at (1, 1) by hand: ∂²/∂x² = 2 − 400(y − x²) + 800x² = 802, ∂²/∂x∂y = −400x = −400, ∂²/∂y² = 200.
        objective.EvaluateAt(Vector<double>.Build.Dense([1.0, 1.0]));
        Assert.Equal(Matrix<double>.Build.DenseOfArray(new double[,] { { 802, -400 }, { -400, 200 } }), objective.Hessian);
        var result = new NewtonMinimizer(1e-10, 100, useLineSearch: true).FindMinimum(objective, Start);
        Assert.Equal(1.0, result.MinimizingPoint[0], 1e-8);
        Assert.Equal(1.0, result.MinimizingPoint[1], 1e-8);
    }

    [Fact]
    public void LevenbergMarquardtRecoversTheParametersOfADecayingExponential()
    {
        // y = a·exp(−b·t) + c with a = 2.5, b = 1.3, c = 0.5 at t = 0, 0.25, …, 5; without noise the least-squares
        // minimum is exactly (a, b, c), with residual 0.
        double[] t = [.. Enumerable.Range(0, 21).Select(i => 0.25 * i)];
        double[] y = [.. t.Select(ti => 2.5 * Math.Exp(-1.3 * ti) + 0.5)];
        var model = ExprGradObjective.NonlinearModel((p, ti) => p[0] * Math.Exp(-p[1] * ti) + p[2], t, y);
        var result = new LevenbergMarquardtMinimizer(maximumIterations: 200).FindMinimum(model, Vector<double>.Build.Dense([1.0, 1.0, 0.0]));
        Assert.Equal(2.5, result.MinimizingPoint[0], 1e-8);
        Assert.Equal(1.3, result.MinimizingPoint[1], 1e-8);
        Assert.Equal(0.5, result.MinimizingPoint[2], 1e-8);
    }

    [Fact]
    public void TheModelsJacobianIsExprGradsGradientPerObservation()
    {
        // ∂/∂(a, b, c) of a·exp(−b·t) + c = (exp(−bt), −a·t·exp(−bt), 1).
        double[] t = [0, 1, 2];
        var model = ExprGradObjective.NonlinearModel((p, ti) => p[0] * Math.Exp(-p[1] * ti) + p[2], t, [0, 0, 0]);
        model.EvaluateAt(Vector<double>.Build.Dense([2.0, 0.5, 1.0]));
        var expected = Matrix<double>.Build.DenseOfArray(new double[,]
        {
            { 1, 0, 1 },
            { Math.Exp(-0.5), -2 * Math.Exp(-0.5), 1 },
            { Math.Exp(-1), -4 * Math.Exp(-1), 1 },
        });
        // Math.NET 5's model defines Value = Σ rᵢ² (r = y − f, here y = 0), Gradient = −Jᵀr = Jᵀf and the Gauss–Newton
        // Hessian JᵀJ (the derivatives of ½·Σ rᵢ², which has the same minimizer); J is the one ExprGrad supplies.
        var f = Vector<double>.Build.Dense([.. t.Select(ti => 2 * Math.Exp(-0.5 * ti) + 1)]);
        Assert.Equal(f.DotProduct(f), model.Value, 1e-12);
        var gradient = expected.TransposeThisAndMultiply(f);
        var hessian = expected.TransposeThisAndMultiply(expected);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(gradient[i], model.Gradient[i], 1e-12);
            for (int j = 0; j < 3; j++) Assert.Equal(hessian[i, j], model.Hessian[i, j], 1e-12);
        }
    }

    [Fact]
    public void MismatchedObservationsAreNamed()
    {
        Assert.Throws<ArgumentException>("y", () => ExprGradObjective.NonlinearModel((p, t) => p[0] * t, [1, 2], [1]));
        Assert.Throws<ArgumentException>("weights", () => ExprGradObjective.NonlinearModel((p, t) => p[0] * t, [1, 2], [1, 2], [1]));
    }
}
