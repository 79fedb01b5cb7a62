using System.Linq.Expressions;

namespace ExprGrad;

public static partial class Grad
{
    /// <summary>The highest order <see cref="NthDerivative"/> builds: each order adds a forward pass over the previous program.</summary>
    public const int MaxDerivativeOrder = 6;

    /// <summary>
    /// f⁽ⁿ⁾, exactly, by nested forward passes: the function is compiled to a straight-line program, and each
    /// order is a forward-mode (tangent) pass over the program of the order below, cleaned by the same passes
    /// as a gradient. It accepts every program <see cref="Ops.Derivative"/> accepts (lets, blocks, invoked
    /// lambdas, sums, scans, maps, loops). Nested passes rather than Taylor mode because they reuse the one
    /// tangent rule per primitive of the registry; the price is a program that grows geometrically with the
    /// order (Taylor mode would grow like n²): measured, order 6 of tanh(x·sin x) + log(2 + cos x) builds in
    /// about 0.6 s and order 8 in over 20 s, which is why orders stop at <see cref="MaxDerivativeOrder"/>.
    /// </summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="order">0 (f itself) to <see cref="MaxDerivativeOrder"/>.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate x =&gt; f⁽ⁿ⁾(x).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is negative or above <see cref="MaxDerivativeOrder"/>.</exception>
    public static Func<double, double> NthDerivative(Expression<Func<double, double>> f, int order, GradientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, MaxDerivativeOrder);
        options ??= GradientOptions.Default;
        var rules = RuleTable.Current;
        var program = Pipeline.Build(f, ProgramKind.Forward, options, rules, typeof(Func<double, double>));
        for (int k = 0; k < order; k++)
        {
            program = Simplifier.Run(TangentTransformer.DerivativeProgram(Atomizer.Run(program), rules), options);
            ProgramSources.Remember(program, f);
        }
        return (Func<double, double>)program.Compile();
    }
}
