using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The partial derivative ∂y/∂x = p(y, x) of an elementwise primitive y = f(x), written once as a scalar
/// lambda, compiled for the backward kernel, and differentiated again (by the same forward mode) for the
/// kernel's own tangent, so Hessians go through ops declared this way.
/// </summary>
internal sealed class ElementwisePartial
{
    public ElementwisePartial(string name, Expression<Func<double, double, double>> partial, bool unbounded)
    {
        Name = name;
        Unbounded = unbounded;
        Value = partial.Compile();
        var (y, x) = (partial.Parameters[0], partial.Parameters[1]);
        ByY = ((Expression<Func<double, double, double>>)Expression.Lambda(
            TangentTransformer.Derivative(Expression.Lambda(partial.Body, y)).Body, y, x)).Compile();
        ByX = ((Expression<Func<double, double, double>>)Expression.Lambda(
            TangentTransformer.Derivative(Expression.Lambda(partial.Body, x)).Body, y, x)).Compile();
    }

    /// <summary>The primitive's name, for printed code and messages.</summary>
    public string Name { get; }

    /// <summary>Whether p can be ±∞ at finite inputs: the backward kernel then keeps a zero adjoint zero.</summary>
    public bool Unbounded { get; }

    public Func<double, double, double> Value { get; }

    /// <summary>∂p/∂y.</summary>
    public Func<double, double, double> ByY { get; }

    /// <summary>∂p/∂x.</summary>
    public Func<double, double, double> ByX { get; }

    public override string ToString() => Name + "'";
}
