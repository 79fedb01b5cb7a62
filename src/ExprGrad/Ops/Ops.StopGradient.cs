namespace ExprGrad;

public static partial class Ops
{
    /// <summary>
    /// <paramref name="x"/> itself, with no gradient through it (JAX's <c>stop_gradient</c>): inside a gradient
    /// the value is used as a constant, in reverse mode, forward mode and at every order (its Hessian
    /// contribution is zero too). <c>x + StopGradient(f(x) − x)</c> is the straight-through estimator.
    /// </summary>
    /// <param name="x">The value.</param>
    public static double StopGradient(double x) => x;

    /// <summary>
    /// <paramref name="x"/> itself (the same array, not a copy), with no gradient through it (JAX's
    /// <c>stop_gradient</c>): inside a gradient its elements are used as constants, in every mode and at every order.
    /// </summary>
    /// <param name="x">A vector.</param>
    public static double[] StopGradient(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x;
    }

    /// <summary>
    /// <paramref name="x"/> itself (the same array, not a copy), with no gradient through it (JAX's
    /// <c>stop_gradient</c>): inside a gradient its elements are used as constants, in every mode and at every order.
    /// </summary>
    /// <param name="x">A matrix.</param>
    public static double[,] StopGradient(double[,] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x;
    }
}
