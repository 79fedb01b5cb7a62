using System.Linq.Expressions;

namespace ExprGrad;

internal sealed partial class ReverseSweep
{
    /// <summary>
    /// The backward code of q = a/b that divides once (<see cref="GradientOptions.ShareQuotientDivisions"/>): the rule's
    /// b̄ = −g·q/b is a second division on the backward pass's critical path, where b̄ = −ā·q reuses ā = g/b, and
    /// b̄ = −g·q·q needs none when a is the constant 1. Only the built-in rule; false leaves the step to its rule.
    /// </summary>
    private bool TrySharedQuotient(PrimitiveStep step, Expression g, List<Expression> code)
    {
        if (!ReferenceEquals(step.Rule, RuleTable.BuiltInQuotient) || g.Type != typeof(double)) return false;
        var (a, b, q) = (step.Args[0], step.Args[1], step.Output);
        if (!program.IsActive(b)) return false;
        // The rule's partial at g = 1, so that the guard decides exactly as it decides for the rule's form.
        var partial = Expression.Negate(Expression.Divide(q, b));
        if (a is ConstantExpression { Value: 1.0 })
        {
            if (ZeroAdjointGuard.AroundShared(g, partial, Expression.Negate(Expression.Multiply(Expression.Multiply(g, q), q))) is not { } reciprocal)
                return false;
            adjoints.Accumulate(b, reciprocal, code);
            return true;
        }
        if (!program.IsActive(a) || step.Rule.Contribution(0, g, q, step.Args) is not { } da) return false;
        // Named as a's adjoint, which it is until another contribution reaches a.
        var shared = program.Slots.New(typeof(double), "d" + (a is ParameterExpression { Name: { } name } ? name : "t"));
        if (ZeroAdjointGuard.AroundShared(g, partial, Expression.Negate(Expression.Multiply(shared, q))) is not { } db) return false;
        code.Add(Expression.Assign(shared, da));
        adjoints.Accumulate(a, shared, code);
        adjoints.Accumulate(b, db, code);
        return true;
    }
}
