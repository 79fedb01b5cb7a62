using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// A partial derivative p(y, x, s) of an elementwise primitive with a scalar parameter, y = f(x; s) (LeakyRelu's
/// slope, Pow's exponent): either ∂y/∂x or ∂y/∂s, written once as a scalar lambda and compiled for the backward
/// kernel. Its own partials in y, x and s are partials of the same kind (taken by forward mode, on first use),
/// so the kernel's tangent and reverse rule are the same kernel with another partial, the parameter included.
/// </summary>
internal sealed class ParametricPartial
{
    private readonly Lazy<ParametricPartial> byY, byX, byS;

    /// <param name="name">Printed in code and messages.</param>
    /// <param name="partial">p(y, x, s).</param>
    /// <param name="unbounded">Whether p can be ±∞ at finite inputs.</param>
    /// <param name="zeroMultiplierWins">Whether a zero multiplier gives 0 even against a NaN partial (see
    /// <see cref="ElementwisePartial"/>): true for the partials of a partial.</param>
    public ParametricPartial(string name, Expression<Func<double, double, double, double>> partial, bool unbounded, bool zeroMultiplierWins = false)
    {
        Name = name;
        Unbounded = unbounded;
        ZeroMultiplierWins = zeroMultiplierWins;
        Value = partial.Compile();
        Partial = partial;
        byY = new(() => Derived(partial, 0, "y"));
        byX = new(() => Derived(partial, 1, "x"));
        byS = new(() => Derived(partial, 2, "s"));
    }

    /// <summary>The partial's name, for printed code and messages.</summary>
    public string Name { get; }

    /// <summary>Whether p can be ±∞ at finite inputs: the backward kernel then keeps a zero adjoint zero.</summary>
    public bool Unbounded { get; }

    /// <summary>Whether the kernel gives 0 for a zero multiplier whatever the partial.</summary>
    public bool ZeroMultiplierWins { get; }

    public Func<double, double, double, double> Value { get; }

    /// <summary>p as the lambda it was written as: how printed code shows it.</summary>
    public Expression<Func<double, double, double, double>> Partial { get; }

    /// <summary>∂p/∂y.</summary>
    public ParametricPartial ByY => byY.Value;

    /// <summary>∂p/∂x.</summary>
    public ParametricPartial ByX => byX.Value;

    /// <summary>∂p/∂s.</summary>
    public ParametricPartial ByS => byS.Value;

    public override string ToString() => Name;

    private ParametricPartial Derived(Expression<Func<double, double, double, double>> partial, int variable, string by)
    {
        // The other two parameters are free variables of the one-parameter lambda, so they are held constant.
        var derivative = TangentTransformer.Derivative(Expression.Lambda(partial.Body, partial.Parameters[variable]));
        return new ParametricPartial($"∂({Name})/∂{by}", Expression.Lambda<Func<double, double, double, double>>(derivative.Body, partial.Parameters),
            unbounded: true, zeroMultiplierWins: true);
    }
}
