using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// A partial derivative p(y, x, s) of an elementwise primitive with a scalar parameter, y = f(x; s) (LeakyRelu's
/// slope, Pow's exponent): either ∂y/∂x or ∂y/∂s, written once as a scalar lambda, compiled for the backward
/// kernel, and differentiated again in y, x and s (by the same forward mode) for the kernel's own tangent, so
/// Hessians go through ops declared this way, the parameter included.
/// </summary>
internal sealed class ParametricPartial
{
    public ParametricPartial(string name, Expression<Func<double, double, double, double>> partial, bool unbounded)
    {
        Name = name;
        Unbounded = unbounded;
        Value = partial.Compile();
        ByY = By(partial, 0);
        ByX = By(partial, 1);
        ByS = By(partial, 2);
    }

    /// <summary>The partial's name, for printed code and messages.</summary>
    public string Name { get; }

    /// <summary>Whether p can be ±∞ at finite inputs: the backward kernel then keeps a zero adjoint zero.</summary>
    public bool Unbounded { get; }

    public Func<double, double, double, double> Value { get; }

    /// <summary>∂p/∂y.</summary>
    public Func<double, double, double, double> ByY { get; }

    /// <summary>∂p/∂x.</summary>
    public Func<double, double, double, double> ByX { get; }

    /// <summary>∂p/∂s.</summary>
    public Func<double, double, double, double> ByS { get; }

    public override string ToString() => Name;

    private static Func<double, double, double, double> By(Expression<Func<double, double, double, double>> partial, int variable)
    {
        // The other two parameters are free variables of the one-parameter lambda, so they are held constant.
        var derivative = TangentTransformer.Derivative(Expression.Lambda(partial.Body, partial.Parameters[variable]));
        return ((Expression<Func<double, double, double, double>>)Expression.Lambda(derivative.Body, partial.Parameters)).Compile();
    }
}
