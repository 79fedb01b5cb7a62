using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Stage 5 (assembly): one block holding argument checks, the forward tape, the backward tape and the
/// result tuple, over the function's own parameters. No nested lambdas, so the compiled delegate
/// allocates nothing per call beyond the gradient arrays it returns.
/// </summary>
internal static class ProgramEmitter
{
    public static LambdaExpression Emit(LinearProgram program, bool withValue, Type? delegateType) =>
        Emit(program, withValue, delegateType, Expression.Constant(1.0), []);

    /// <summary>(x…, ȳ) =&gt; ȳ·J: the reverse sweep of a vector-valued function seeded with ȳ.</summary>
    public static LambdaExpression EmitVectorJacobianProduct(LinearProgram program)
    {
        var seed = Expression.Parameter(program.Result.Type, "seed");
        var checkedSeed = Expression.Call(typeof(SeedCheck), nameof(SeedCheck.Checked), null, seed, program.Result);
        if (program.IsActive(program.Result)) return Emit(program, withValue: false, null, checkedSeed, [seed]);
        // A constant function's sweep never reads the seed, but a wrong seed is still the caller's error.
        var constant = Emit(program, withValue: false, null, seed, [seed]);
        var body = (BlockExpression)constant.Body;
        return Expression.Lambda(Expression.Block(body.Variables, [.. body.Expressions.SkipLast(1), checkedSeed, body.Result]),
            constant.Name, constant.Parameters);
    }

    /// <summary>(x…) =&gt; f(x…): the forward tape alone, for forward-mode transformation.</summary>
    public static LambdaExpression EmitForward(LinearProgram program)
    {
        var code = new List<Expression>();
        ForwardSweep.Emit(program.Root, code);
        code.Add(program.Result);
        return Expression.Lambda(Declare(program.Slots, code, 0), "forward", program.Function.Parameters);
    }

    private static LambdaExpression Emit(LinearProgram program, bool withValue, Type? delegateType, Expression seed,
        ParameterExpression[] extraParameters)
    {
        var parameters = program.Function.Parameters;
        var code = new List<Expression>();
        foreach (var p in parameters.Where(p => !p.Type.IsValueType)) code.Add(NullCheck(p));
        var spillAt = code.Count;

        var adjoints = ReverseSweep.ForwardAndReverse(program, seed, code);

        var gradients = parameters.Select(p => adjoints.ReadOwned(p) ?? TensorTypes.ZeroLike(p)).ToArray();
        var gradient = ValueTuples.Make(gradients);
        code.Add(withValue ? ValueTuples.Make([Convert(program.Result), gradient]) : gradient);

        var body = Declare(program.Slots, code, spillAt);
        IEnumerable<ParameterExpression> all = [.. parameters, .. extraParameters];
        return delegateType is null
            ? Expression.Lambda(body, "gradient", all)
            : Expression.Lambda(delegateType, body, "gradient", all);
    }

    /// <summary>(x…, buffer…) =&gt; value, writing each array parameter's gradient into its buffer: with
    /// scalar intermediates, nothing is allocated per call.</summary>
    public static LambdaExpression EmitIntoBuffers(LinearProgram program, Type delegateType)
    {
        var parameters = program.Function.Parameters;
        var buffers = parameters.Select(p => Expression.Parameter(p.Type, "d" + p.Name)).ToArray();
        var code = new List<Expression>();
        for (int i = 0; i < parameters.Count; i++)
        {
            code.Add(NullCheck(parameters[i]));
            code.Add(Expression.Call(typeof(GradientBuffers), nameof(GradientBuffers.Check), null,
                parameters[i], buffers[i], Expression.Constant(buffers[i].Name)));
        }
        code.AddRange(GradientBuffers.AliasChecks(parameters, buffers));
        var spillAt = code.Count;
        var map = parameters.Select((p, i) => (p, buffers[i])).ToDictionary(t => (Expression)t.p, t => t.Item2);
        var adjoints = ReverseSweep.ForwardAndReverse(program, Expression.Constant(1.0), code, map);
        for (int i = 0; i < parameters.Count; i++) code.Add(adjoints.WriteInto(parameters[i], buffers[i]));
        code.Add(Convert(program.Result));
        return Expression.Lambda(delegateType, Declare(program.Slots, code, spillAt), "gradientInto", [.. parameters, .. buffers]);
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

    private static Expression Convert(Expression value) =>
        value.Type == typeof(double) ? value : Expression.Convert(value, typeof(double));

    private static Expression NullCheck(ParameterExpression p) =>
        Expression.IfThen(Expression.ReferenceEqual(p, Expression.Constant(null, p.Type)),
            Expression.Throw(Expression.New(typeof(ArgumentNullException).GetConstructor([typeof(string)])!,
                Expression.Constant(p.Name ?? "argument"))));
}
