using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The one pipeline every entry point goes through, each stage taking what the previous one returned:
/// Normalize → Linearize → Reverse (forward and backward code) → Emit (the program's frame around that
/// code) → Simplify (optional passes) → compile. Only the program kind and the options vary. A build reads
/// one snapshot of the rule table throughout, so a registration on another thread cannot mix two tables.
/// </summary>
internal static class Pipeline
{
    /// <param name="function">The function.</param>
    /// <param name="kind">What to build.</param>
    /// <param name="options">Which optional passes run.</param>
    /// <param name="rules">The rule snapshot; the current table when null.</param>
    /// <param name="delegateType">The type of the lambda built, when it is to be compiled as one.</param>
    /// <param name="compiled">Whether the program goes straight to a compiled delegate (it may then take its internal
    /// arrays from scratch, <see cref="ScratchBuffers"/>); expression forms stay plain, for further transformation.</param>
    public static LambdaExpression Build(LambdaExpression function, ProgramKind kind, GradientOptions? options,
        RuleSet? rules = null, Type? delegateType = null, bool compiled = false)
    {
        options ??= GradientOptions.Default;
        // Checkpoints save memory for a backward pass; a forward program has none, and forward mode transforms
        // it (Jacobians, JVPs), knowing arrays and trails but not checkpoint stores, trail pools or in-place writes.
        // A forward program compiled as it is (Grad.Compile) is transformed by no one: its arrays are written in place.
        bool forward = kind is ProgramKind.Forward or ProgramKind.ForwardInto;
        if (forward)
            options = options with { Checkpointing = false, ReuseTrails = false, WriteArraysInPlace = compiled && options.WriteArraysInPlace };
        if (!forward && ForwardModeErrors.CallOf(function.Body, OpsMethods.Derivative) is not null)
            options = options with { GuardEveryContribution = true };
        rules ??= RuleTable.Current;
        var normalized = Normalizer.Run(function, options, rules);
        var program = Linearizer.Run(normalized, options, rules);
        var frame = ProgramFrame.For(program, kind);
        var code = new List<Expression>();
        var adjoints = forward
            ? null
            : ReverseSweep.ForwardAndReverse(program, frame.Seed, code, frame.Buffers, options);
        if (adjoints is null) ForwardSweep.Emit(program.Root, code);
        LoopTrails.Settle(code, options.TrailOnlyReadStates, options.ReuseTrails);
        var emitted = ProgramEmitter.Emit(program, frame, code, adjoints, delegateType);
        if (compiled && options.ReuseBuffers) emitted = ScratchBuffers.Apply(emitted, program, adjoints, frame.Checks.Count);
        if (compiled && options.FuseCrossEntropy) emitted = FusedCrossEntropy.Run(emitted);
        // The whole-array passes see the simplified program whole; a program too large for the JIT is split after them.
        LambdaExpression Refine(LambdaExpression simplified)
        {
            if (compiled && options.FuseProductEpilogues) simplified = ProductEpilogues.Run(simplified);
            if (compiled && options.ReuseIntermediates) simplified = IntermediateArrays.Apply(simplified);
            if (compiled && options.InlineScalarOps) simplified = ScalarOpsInlining.Run(simplified);
            return simplified;
        }
        var simplified = (compiled && options.SplitLargeMethods ? MethodSplitter.Apply(emitted, options, Refine) : null)
            ?? Refine(Simplifier.Run(emitted, options));
        ProgramSources.Remember(simplified, function);
        return simplified;
    }

    /// <summary>Builds and compiles an entry point's program; a function of parameter sets is lowered onto
    /// this pipeline first (<see cref="ParameterSets"/>).</summary>
    public static TDelegate Compile<TDelegate>(LambdaExpression function, ProgramKind kind, GradientOptions? options)
        where TDelegate : Delegate =>
        function is not null && ParameterSets.Applies(function)
            ? ParameterSets.Compile<TDelegate>(function, kind, options)
            : (TDelegate)Build(RequireScalarFunction(function!, kind), kind, options, delegateType: typeof(TDelegate), compiled: true).Compile();

    /// <summary>The gradient program of a scalar function: checks the function, then builds.</summary>
    public static LambdaExpression BuildGradient(LambdaExpression function, bool withValue, GradientOptions? options,
        RuleSet? rules = null) =>
        Build(RequireScalarFunction(function, ProgramKind.Gradient), withValue ? ProgramKind.ValueAndGradient : ProgramKind.Gradient,
            options, rules);

    /// <summary>A program over a vector function (double[]) =&gt; double[]: its forward tape or its reverse sweep.</summary>
    public static LambdaExpression BuildVectorProgram(LambdaExpression function, ProgramKind kind, GradientOptions? options,
        RuleSet? rules = null)
    {
        return Build(RequireVectorFunction(function), kind, options, rules);
    }

    /// <summary>Checks that <paramref name="function"/> maps a double[] to a double[].</summary>
    public static LambdaExpression RequireVectorFunction(LambdaExpression function)
    {
        ArgumentNullException.ThrowIfNull(function, "f");
        if (function.ReturnType != typeof(double[]) || function.Parameters.Count != 1 || function.Parameters[0].Type != typeof(double[]))
            throw new ArgumentException("Expected a function from double[] to double[].", "f");
        return function;
    }

    /// <summary>Checks that <paramref name="function"/> returns a double and takes parameters <paramref name="kind"/> can differentiate.</summary>
    public static LambdaExpression RequireScalarFunction(LambdaExpression function, ProgramKind kind)
    {
        ArgumentNullException.ThrowIfNull(function, "f");
        if (function.ReturnType != typeof(double))
            throw new ArgumentException($"The function must return double; it returns {function.ReturnType.Name}.", "f");
        foreach (var p in function.Parameters) TensorTypes.RequireSupportedParameter(p, "f");
        if (function.Parameters.Count == 0)
            throw new ArgumentException("The function has no parameters to differentiate with respect to.", "f");
        if (kind == ProgramKind.IntoBuffers)
            foreach (var p in function.Parameters)
                if (!TensorTypes.IsArray(p.Type))
                    throw new ArgumentException($"Parameter '{p.Name}' is a {p.Type.Name}; gradients into buffers need double[] or double[,] parameters.", "f");
        return function;
    }
}
