using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// What surrounds a program's forward and backward code: its parameters (the function's own, then a
/// seed or gradient buffers), the argument checks that run first, the seed of the backward pass, and the
/// buffers that serve as adjoints.
/// </summary>
internal sealed record ProgramFrame(
    ProgramKind Kind,
    IReadOnlyList<ParameterExpression> Parameters,
    IReadOnlyList<Expression> Checks,
    Expression Seed,
    IReadOnlyList<ParameterExpression> BufferParameters,
    IReadOnlyDictionary<Expression, ParameterExpression>? Buffers)
{
    public static ProgramFrame For(LinearProgram program, ProgramKind kind)
    {
        var parameters = program.Function.Parameters;
        var nullChecks = parameters.Where(p => !p.Type.IsValueType).Select(NullCheck).ToList();
        switch (kind)
        {
            case ProgramKind.VectorJacobianProduct:
                var seed = Expression.Parameter(program.Result.Type, "seed");
                // The seed is checked against the outputs where the backward pass first reads it, after the forward pass.
                var checkedSeed = SeedCheck.Call(seed, program);
                return new(kind, [.. parameters, seed], [.. nullChecks, NullCheck(seed)], checkedSeed, [], null);
            case ProgramKind.VectorJacobianProductInto:
                var (input, ybar, result) = (parameters[0], Expression.Parameter(program.Result.Type, "seed"), Expression.Parameter(parameters[0].Type, "result"));
                Expression[] intoChecks =
                [
                    .. nullChecks, NullCheck(ybar),
                    Expression.Call(typeof(GradientBuffers), nameof(GradientBuffers.Check), null, input, result, Expression.Constant(result.Name)),
                    .. GradientBuffers.AliasChecks([input, ybar], [result]),
                ];
                return new(kind, [input, ybar, result], intoChecks,
                    SeedCheck.Call(ybar, program), [result],
                    new Dictionary<Expression, ParameterExpression> { [input] = result });
            case ProgramKind.ForwardInto:
                var output = Expression.Parameter(program.Result.Type, "result");
                // A packed output's length is known now, so a wrong buffer is refused before any work.
                Expression outputCheck = program.ResultElements is { } elements
                    ? Expression.Call(typeof(GradientBuffers), nameof(GradientBuffers.CheckOutput), null, output, Expression.Constant(elements.Count))
                    : NullCheck(output);
                return new(kind, [.. parameters, output], [.. nullChecks, outputCheck], Expression.Constant(1.0), [output], null);
            case ProgramKind.IntoBuffers:
                // Only arrays have buffers: a double parameter's adjoint is returned beside the value (the
                // lowering of parameter sets writes it into the set's member; the public entry point has none).
                var arrays = parameters.Where(p => TensorTypes.IsArray(p.Type)).ToArray();
                var buffers = arrays.Select(p => Expression.Parameter(p.Type, "d" + p.Name)).ToArray();
                var checks = new List<Expression>();
                for (int i = 0; i < arrays.Length; i++)
                {
                    checks.Add(NullCheck(arrays[i]));
                    checks.Add(Expression.Call(typeof(GradientBuffers), nameof(GradientBuffers.Check), null,
                        arrays[i], buffers[i], Expression.Constant(buffers[i].Name)));
                }
                checks.AddRange(GradientBuffers.AliasChecks(arrays, buffers));
                var map = arrays.Select((p, i) => (p, buffers[i])).ToDictionary(t => (Expression)t.p, t => t.Item2);
                return new(kind, [.. parameters, .. buffers], checks, Expression.Constant(1.0), buffers, map);
            default:
                return new(kind, parameters, nullChecks, Expression.Constant(1.0), [], null);
        }
    }

    private static Expression NullCheck(ParameterExpression p) =>
        Expression.IfThen(Expression.ReferenceEqual(p, Expression.Constant(null, p.Type)),
            Expression.Throw(Expression.New(typeof(ArgumentNullException).GetConstructor([typeof(string)])!,
                Expression.Constant(p.Name ?? "argument"))));
}
