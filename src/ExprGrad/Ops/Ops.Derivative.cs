using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace ExprGrad;

public static partial class Ops
{
    private static readonly ConditionalWeakTable<Expression<Func<double, double>>, Func<double, double>> Derivatives = new();

    /// <summary>
    /// f′(<paramref name="at"/>), exactly (forward mode, not finite differences). Inside a lambda given to
    /// <see cref="Grad"/> it is expanded symbolically, so gradients of derivatives work and nesting is free of
    /// perturbation confusion: in <c>x =&gt; x * Ops.Derivative(y =&gt; x * y, 1)</c> the inner derivative holds x
    /// constant, and the outer gradient at x = 4 is 8. The body may use everything a lambda given to
    /// <see cref="Grad.Of{T1}(Expression{Func{T1, double}}, GradientOptions?)"/> may use: lets, blocks, invoked lambdas,
    /// sums, scans, maps, conditionals, array literals and nested derivatives.
    /// </summary>
    /// <param name="f">The function to differentiate.</param>
    /// <param name="at">The point.</param>
    public static double Derivative(Expression<Func<double, double>> f, double at)
    {
        ArgumentNullException.ThrowIfNull(f);
        var derivative = Derivatives.GetValue(f, static f =>
        {
            // The same first stage as every gradient: lets, blocks, invoked lambdas, LINQ sums and nested
            // derivatives reach forward mode in the core's forms.
            var rules = RuleTable.Current;
            var normalized = Normalizer.Run(f, GradientOptions.Default, rules);
            return (Func<double, double>)TangentTransformer.Derivative(normalized, rules).Compile();
        });
        return derivative(at);
    }
}
