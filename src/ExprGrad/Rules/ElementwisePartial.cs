using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The partial derivative ∂y/∂x = p(y, x) of an elementwise primitive y = f(x), written once as a scalar
/// lambda and compiled for the backward kernel g∘p(y, x). Its own partials ∂p/∂y and ∂p/∂x are partials of
/// the same kind (taken by forward mode, on first use), so the kernel's tangent and its reverse rule are the
/// same kernel again with another partial: Hessians, reverse over forward and higher orders go through every
/// op declared this way.
/// </summary>
internal sealed class ElementwisePartial
{
    private readonly Lazy<ElementwisePartial> byY, byX;

    /// <param name="name">Printed in code and messages.</param>
    /// <param name="partial">p(y, x).</param>
    /// <param name="unbounded">Whether p can be ±∞ at finite inputs.</param>
    /// <param name="zeroMultiplierWins">Whether a zero multiplier gives 0 even against a NaN partial: true for the
    /// partials of a partial, whose multiplier is a tangent or adjoint product that is exactly 0 when nothing varies
    /// (∂(2x)/∂p of x² at x = 0 goes through 0·log 0).</param>
    public ElementwisePartial(string name, Expression<Func<double, double, double>> partial, bool unbounded, bool zeroMultiplierWins = false)
    {
        Name = name;
        Unbounded = unbounded;
        ZeroMultiplierWins = zeroMultiplierWins;
        Value = partial.Compile();
        Partial = partial;
        byY = new(() => Derived(partial, 0, "y"));
        byX = new(() => Derived(partial, 1, "x"));
    }

    /// <summary>The primitive's name, for printed code and messages.</summary>
    public string Name { get; }

    /// <summary>Whether p can be ±∞ at finite inputs: the backward kernel then keeps a zero adjoint zero.</summary>
    public bool Unbounded { get; }

    /// <summary>Whether the kernel gives 0 for a zero multiplier whatever the partial (see the constructor).</summary>
    public bool ZeroMultiplierWins { get; }

    public Func<double, double, double> Value { get; }

    /// <summary>p as the lambda it was written as: how printed code shows it.</summary>
    public Expression<Func<double, double, double>> Partial { get; }

    /// <summary>∂p/∂y, as a partial of the same kind.</summary>
    public ElementwisePartial ByY => byY.Value;

    /// <summary>∂p/∂x, as a partial of the same kind.</summary>
    public ElementwisePartial ByX => byX.Value;

    public override string ToString() => Name + "'";

    private ElementwisePartial Derived(Expression<Func<double, double, double>> partial, int variable, string by)
    {
        // The other parameter is a free variable of the one-parameter lambda, so it is held constant.
        var derivative = TangentTransformer.Derivative(Expression.Lambda(partial.Body, partial.Parameters[variable]));
        return new ElementwisePartial($"∂({Name}')/∂{by}", Expression.Lambda<Func<double, double, double>>(derivative.Body, partial.Parameters),
            unbounded: true, zeroMultiplierWins: true);
    }
}
