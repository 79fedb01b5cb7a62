using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Induction variables of a while-loop: integer states that every iteration steps by the same amount
/// (<c>i++</c>, <c>i--</c>, <c>i += 2</c>, <c>i -= step</c> with <c>step</c> fixed before the loop). At the start of
/// iteration k such a state is <c>initial + k·step</c>, so the backward pass recomputes it from its own counter
/// instead of keeping it in a trail (<see cref="GradientOptions.RecomputeLoopIndices"/>). Exact, whatever the
/// values: integer addition wraps, and k additions of step wrap to the same value as one multiplication.
/// </summary>
internal static class LoopIndices
{
    /// <summary>
    /// <c>state = initial ± k·step</c> for state <paramref name="i"/> of <paramref name="loop"/> at iteration
    /// <paramref name="k"/>, or null when that state is not an induction variable.
    /// </summary>
    public static Expression? At(LoopStep loop, int i, ParameterExpression k, LinearProgram program)
    {
        var state = loop.States[i];
        if (state.Type != typeof(int) && state.Type != typeof(long)) return null;
        var next = loop.Nexts[i];
        // Assigned, but always to itself: the state never leaves its initial value.
        if (next == state) return loop.Initials[i];
        // The update must run in every iteration, so its stage stands in the body itself, not in a branch of it.
        if (loop.Body.Steps.OfType<PassiveStep>().FirstOrDefault(s => s.Output == next) is not { Value: BinaryExpression { Method: null } update })
            return null;
        bool IsStep(Expression e) => e.Type == state.Type && IsFixed(e, loop, program);
        var (add, subtract) = (update.NodeType is ExpressionType.Add or ExpressionType.AddChecked,
            update.NodeType is ExpressionType.Subtract or ExpressionType.SubtractChecked);
        // Checked updates did not overflow in the forward pass (it would have thrown), so wrapping arithmetic
        // here gives the same, in-range values.
        if ((add || subtract) && update.Left == state && IsStep(update.Right))
            return Affine(loop.Initials[i], k, update.Right, subtract);
        if (add && update.Right == state && IsStep(update.Left))
            return Affine(loop.Initials[i], k, update.Left, subtract: false);
        return null;
    }

    /// <summary>
    /// A step the loop cannot change: a constant, or a value computed before the loop (outside its body) that
    /// is not one of its states. Such a value still holds when the backward pass replays the loop: values
    /// outside a body are assigned once per run of the code around it, which the backward pass restores or
    /// recomputes before it replays the loop, exactly as it does for the loop's initial values.
    /// </summary>
    private static bool IsFixed(Expression e, LoopStep loop, LinearProgram program) => e switch
    {
        ConstantExpression => true,
        ParameterExpression p => !loop.States.Contains(p) && !loop.Outputs.Contains(p) && p != loop.Count
                                 && !loop.Body.Encloses(program.OwnerOf(p)),
        _ => false,
    };

    private static Expression Affine(Expression initial, ParameterExpression k, Expression step, bool subtract)
    {
        Expression iteration = initial.Type == typeof(long) ? Expression.Convert(k, typeof(long)) : k;
        Expression distance = step is ConstantExpression { Value: 1 or 1L } ? iteration : Expression.Multiply(iteration, step);
        if (initial is ConstantExpression { Value: 0 or 0L } && !subtract) return distance;
        return subtract ? Expression.Subtract(initial, distance) : Expression.Add(initial, distance);
    }
}
