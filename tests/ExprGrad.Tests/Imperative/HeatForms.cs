using System.Linq.Expressions;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Imperative;

/// <summary>
/// The explicit heat equation on n points with zero boundaries, f(u₀, k) = Σ_j (u_T[j] − y_j)² after T steps of
/// u[j] ← u[j] + k·(u[j−1] − 2u[j] + u[j+1]), as imperative trees in the forms time-stepping code takes, and its
/// adjoint written by hand.
/// </summary>
public static class HeatForms
{
    /// <summary>The forms that update every element from the previous state (Jacobi): all have the same gradient.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["fresh array per step, declared in the step", "fresh array per step, declared outside the loop",
         "temporary written from the state, copied back", "state copied into a temporary, updated from it"];

    /// <summary>u[j−1] − 2u[j] + u[j+1], zero beyond either end.</summary>
    private static Expression Laplacian(ParameterExpression u, ParameterExpression j, int n) =>
        Add(Subtract(Condition(GreaterThan(j, Constant(0)), ArrayAccess(u, Subtract(j, Constant(1))), Constant(0.0)),
                Multiply(Constant(2.0), ArrayAccess(u, j))),
            Condition(LessThan(j, Constant(n - 1)), ArrayAccess(u, Add(j, Constant(1))), Constant(0.0)));

    public static Expression<Func<double[], double, double>> Build(string form, int n, int steps, double[] observed)
    {
        var (u0, k) = (Parameter(typeof(double[]), "u0"), Parameter(typeof(double), "k"));
        var (u, tmp, t, j, acc) = (Variable(typeof(double[]), "u"), Variable(typeof(double[]), "tmp"), Variable(typeof(int), "t"),
            Variable(typeof(int), "j"), Variable(typeof(double), "acc"));
        var size = Constant(n);
        Expression Update(ParameterExpression from) => Add(ArrayAccess(from, j), Multiply(k, Laplacian(from, j, n)));
        Expression[] step = form switch
        {
            "fresh array per step, declared in the step" =>
            [
                Block([tmp],
                    Assign(tmp, NewArrayBounds(typeof(double), size)),
                    ArrayWriteShapes.For(j, size, Assign(ArrayAccess(tmp, j), Update(u))),
                    Assign(u, tmp)),
            ],
            "fresh array per step, declared outside the loop" =>
            [
                Assign(tmp, NewArrayBounds(typeof(double), size)),
                ArrayWriteShapes.For(j, size, Assign(ArrayAccess(tmp, j), Update(u))),
                Assign(u, tmp),
            ],
            "temporary written from the state, copied back" =>
            [
                ArrayWriteShapes.For(j, size, Assign(ArrayAccess(tmp, j), Update(u))),
                ArrayWriteShapes.For(j, size, Assign(ArrayAccess(u, j), ArrayAccess(tmp, j))),
            ],
            "state copied into a temporary, updated from it" =>
            [
                ArrayWriteShapes.For(j, size, Assign(ArrayAccess(tmp, j), ArrayAccess(u, j))),
                ArrayWriteShapes.For(j, size, Assign(ArrayAccess(u, j), Update(tmp))),
            ],
            "in place, one sweep" => [ArrayWriteShapes.For(j, size, Assign(ArrayAccess(u, j), Update(u)))],
            _ => throw new ArgumentException($"Unknown form '{form}'.", nameof(form)),
        };
        var difference = Subtract(ArrayAccess(u, j), ArrayIndex(Constant(observed), j));
        return Lambda<Func<double[], double, double>>(Block([u, tmp, t, j, acc],
            Assign(u, NewArrayBounds(typeof(double), size)),
            ArrayWriteShapes.For(j, size, Assign(ArrayAccess(u, j), ArrayIndex(u0, j))),
            Assign(tmp, NewArrayBounds(typeof(double), size)),
            ArrayWriteShapes.For(t, Constant(steps), step),
            Assign(acc, Constant(0.0)),
            ArrayWriteShapes.For(j, size, AddAssign(acc, Multiply(difference, difference))),
            acc), u0, k);
    }

    /// <summary>
    /// The adjoint by hand: keep every state; λ_T = 2(u_T − y); going back, k̄ += λ_{t+1}·(L u_t) and
    /// λ_t = λ_{t+1} + k·L λ_{t+1} (L, the second difference with zero boundaries, is symmetric); ū₀ = λ₀.
    /// </summary>
    public static (double[] U0, double K) HandAdjoint(double[] u0, double k, int steps, double[] observed)
    {
        int n = u0.Length;
        var states = new double[steps + 1][];
        states[0] = (double[])u0.Clone();
        for (int t = 0; t < steps; t++)
        {
            var (u, next) = (states[t], new double[n]);
            for (int j = 0; j < n; j++) next[j] = u[j] + k * Laplacian(u, j);
            states[t + 1] = next;
        }
        var lambda = new double[n];
        for (int j = 0; j < n; j++) lambda[j] = 2 * (states[steps][j] - observed[j]);
        double kBar = 0;
        for (int t = steps - 1; t >= 0; t--)
        {
            var previous = new double[n];
            for (int j = 0; j < n; j++)
            {
                kBar += lambda[j] * Laplacian(states[t], j);
                previous[j] = lambda[j] + k * Laplacian(lambda, j);
            }
            lambda = previous;
        }
        return (lambda, kBar);
    }

    private static double Laplacian(double[] u, int j) => (j > 0 ? u[j - 1] : 0) - 2 * u[j] + (j < u.Length - 1 ? u[j + 1] : 0);
}
