using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Stage 5 (assembly): one block holding the frame's argument checks, the forward and backward code, and
/// the result, over the frame's parameters. No nested lambdas, so the compiled delegate allocates nothing
/// per call beyond the gradient arrays it returns.
/// </summary>
internal static class ProgramEmitter
{
    public static LambdaExpression Emit(LinearProgram program, ProgramFrame frame, List<Expression> sweep,
        AdjointTable? adjoints, Type? delegateType)
    {
        var code = new List<Expression>(frame.Checks);
        var spillAt = code.Count;
        code.AddRange(sweep);
        var parameters = program.Function.Parameters;
        switch (frame.Kind)
        {
            case ProgramKind.Forward:
                code.Add(program.Result);
                break;
            case ProgramKind.ForwardInto:
                var output = frame.BufferParameters[0];
                if (program.ResultElements is { } elements)
                    code.AddRange(elements.Select((e, k) => Expression.Assign(Expression.ArrayAccess(output, Expression.Constant(k)), e)));
                else
                    code.Add(Expression.Block(
                        Expression.Call(typeof(GradientBuffers), nameof(GradientBuffers.CheckOutput), null, output, Expression.ArrayLength(program.Result)),
                        Expression.Call(typeof(Array), nameof(Array.Copy), null,
                            Expression.Convert(program.Result, typeof(Array)), Expression.Convert(output, typeof(Array)), Expression.ArrayLength(program.Result))));
                code.Add(Expression.Constant(0.0));
                break;
            case ProgramKind.IntoBuffers:
                var arrays = parameters.Where(p => TensorTypes.IsArray(p.Type)).ToArray();
                for (int i = 0; i < arrays.Length; i++) code.Add(adjoints!.WriteInto(arrays[i], frame.BufferParameters[i]));
                var scalars = parameters.Where(p => p.Type == typeof(double)).Select(p => adjoints!.ReadOwned(p) ?? Expression.Constant(0.0));
                code.Add(ValueTuples.Make([ToDouble(program.Result), .. scalars]));
                break;
            case ProgramKind.VectorJacobianProductInto:
                if (!program.IsActive(program.Result)) code.Add(frame.Seed);
                code.Add(adjoints!.WriteInto(parameters[0], frame.BufferParameters[0]));
                code.Add(Expression.Empty());
                break;
            default:
                // A constant function's sweep never reads the seed, but a wrong seed is still the caller's error.
                if (frame.Kind == ProgramKind.VectorJacobianProduct && !program.IsActive(program.Result)) code.Add(frame.Seed);
                var gradient = ValueTuples.Make([.. parameters.Select(p => adjoints!.ReadOwned(p) ?? TensorTypes.ZeroLike(p))]);
                code.Add(frame.Kind == ProgramKind.ValueAndGradient ? ValueTuples.Make([ToDouble(program.Result), gradient]) : gradient);
                break;
        }
        var body = Declare(program.Slots, code, spillAt);
        var name = frame.Kind switch
        {
            ProgramKind.Forward or ProgramKind.ForwardInto => "forward",
            ProgramKind.IntoBuffers or ProgramKind.VectorJacobianProductInto => "gradientInto",
            _ => "gradient",
        };
        return delegateType is null
            ? Expression.Lambda(body, name, frame.Parameters)
            : Expression.Lambda(delegateType, body, name, frame.Parameters);
    }

    private static BlockExpression Declare(Slots slots, List<Expression> code, int spillAt)
    {
        var variables = slots.Variables.ToList();
        if (slots.SpilledCount > 0)
        {
            variables.Add(slots.SpillArray);
            code.Insert(spillAt, Expression.Assign(slots.SpillArray,
                Expression.NewArrayBounds(typeof(double), Expression.Constant(slots.SpilledCount))));
        }
        return Expression.Block(variables, code);
    }

    private static Expression ToDouble(Expression value) =>
        value.Type == typeof(double) ? value : Expression.Convert(value, typeof(double));
}
