using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The pipeline, one stage after another: Normalize → Linearize → Reverse → Simplify → Emit &amp; compile.
/// </summary>
internal static class GradientCompiler
{
    /// <summary>The gradient program of <paramref name="function"/> as an expression tree.</summary>
    public static LambdaExpression BuildExpression(LambdaExpression function, bool withValue, Type? delegateType = null,
        GradientOptions? options = null)
    {
        Validate(function);
        options ??= GradientOptions.Default;
        var normalized = Normalizer.Run(function);
        var program = Linearizer.Run(normalized);
        var gradient = ProgramEmitter.Emit(program, withValue, delegateType);
        return options.Simplify ? Simplify(gradient) : gradient;
    }

    public static TDelegate Compile<TDelegate>(LambdaExpression function, bool withValue, GradientOptions? options = null)
        where TDelegate : Delegate =>
        (TDelegate)BuildExpression(function, withValue, typeof(TDelegate), options).Compile();

    /// <summary>A delegate writing the gradient into caller-provided arrays and returning the value.</summary>
    public static TDelegate CompileIntoBuffers<TDelegate>(LambdaExpression function, GradientOptions? options = null)
        where TDelegate : Delegate
    {
        Validate(function);
        foreach (var p in function.Parameters)
            if (!TensorTypes.IsArray(p.Type))
                throw new ArgumentException($"Parameter '{p.Name}' is a {p.Type.Name}; gradients into buffers need double[] or double[,] parameters.", "f");
        var program = ProgramEmitter.EmitIntoBuffers(Linearizer.Run(Normalizer.Run(function)), typeof(TDelegate));
        return (TDelegate)((options ?? GradientOptions.Default).Simplify ? Simplify(program) : program).Compile();
    }

    private static LambdaExpression Simplify(LambdaExpression gradient)
    {
        var body = DeadStoreElimination.Run(AlgebraicFolding.Run(gradient.Body));
        return Expression.Lambda(gradient.Type, body, gradient.Name, gradient.Parameters);
    }

    private static void Validate(LambdaExpression function)
    {
        ArgumentNullException.ThrowIfNull(function, "f");
        if (function.ReturnType != typeof(double))
            throw new ArgumentException($"The function must return double; it returns {function.ReturnType.Name}.", "f");
        foreach (var p in function.Parameters) TensorTypes.RequireSupportedParameter(p, "f");
        if (function.Parameters.Count == 0)
            throw new ArgumentException("The function has no parameters to differentiate with respect to.", "f");
    }
}
