using System.Linq.Expressions;

namespace ExprGrad;

internal sealed partial class Linearizer
{
    /// <summary><c>new[] { e₀, e₁, … }</c>: a vector built from scalars; element k's adjoint is g[k].
    /// This is how vector-valued functions are written for Jacobians.</summary>
    private Expression Pack(NewArrayExpression init, Scope scope)
    {
        var elements = init.Expressions.Select(e => Atom(e, scope)).ToArray();
        var value = Expression.NewArrayInit(typeof(double), elements);
        if (!elements.Any(active.Contains)) return Passive(value, scope);

        var g = Expression.Parameter(typeof(double[]), "g");
        var y = Expression.Parameter(typeof(double[]), "y");
        var xs = elements.Select((_, k) => Expression.Parameter(typeof(double), "x" + k)).ToArray();
        var adjoints = elements.Select((_, k) => (LambdaExpression?)Expression.Lambda(
            Expression.ArrayIndex(g, Expression.Constant(k)), [g, y, .. xs])).ToArray();
        var output = NewSlot(typeof(double[]), "pack", scope);
        scope.Tape.Steps.Add(new PrimitiveStep(output, value, new Rule("new double[]", adjoints, tangent: null), elements));
        active.Add(output);
        return output;
    }
}
