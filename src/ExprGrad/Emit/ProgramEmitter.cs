using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Stage 5 (assembly): one block holding argument checks, the forward tape, the backward tape and the
/// result tuple, over the function's own parameters. No nested lambdas, so the compiled delegate
/// allocates nothing per call beyond the gradient arrays it returns.
/// </summary>
internal static class ProgramEmitter
{
    public static LambdaExpression Emit(LinearProgram program, bool withValue, Type? delegateType)
    {
        var parameters = program.Function.Parameters;
        var code = new List<Expression>();
        foreach (var p in parameters.Where(p => !p.Type.IsValueType)) code.Add(NullCheck(p));
        var spillAt = code.Count;

        ForwardSweep.Emit(program.Root, code);
        var adjoints = ReverseSweep.Run(program, code);

        var gradients = parameters.Select(p => adjoints.ReadOwned(p) ?? TensorTypes.ZeroLike(p)).ToArray();
        var gradient = ValueTuples.Make(gradients);
        code.Add(withValue ? ValueTuples.Make([Convert(program.Result), gradient]) : gradient);

        var slots = program.Slots;
        var variables = slots.Variables.ToList();
        if (slots.SpilledCount > 0)
        {
            variables.Add(slots.SpillArray);
            code.Insert(spillAt, Expression.Assign(slots.SpillArray,
                Expression.NewArrayBounds(typeof(double), Expression.Constant(slots.SpilledCount))));
        }
        var body = Expression.Block(variables, code);
        return delegateType is null
            ? Expression.Lambda(body, "gradient", parameters)
            : Expression.Lambda(delegateType, body, "gradient", parameters);
    }

    private static Expression Convert(Expression value) =>
        value.Type == typeof(double) ? value : Expression.Convert(value, typeof(double));

    private static Expression NullCheck(ParameterExpression p) =>
        Expression.IfThen(Expression.ReferenceEqual(p, Expression.Constant(null, p.Type)),
            Expression.Throw(Expression.New(typeof(ArgumentNullException).GetConstructor([typeof(string)])!,
                Expression.Constant(p.Name ?? "argument"))));
}
