using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Lowers a function of parameter sets onto the ordinary pipeline, for one structure of its arguments:
/// every parameter inside a set (<c>p.W1</c>, <c>p.Layers[1].b</c>) becomes a parameter of the function
/// (<see cref="SetAccessRewriter"/>), whose gradient program the pipeline builds as for any function of
/// doubles, vectors and matrices; around that program a frame reads the members in, and builds the gradient
/// sets (<see cref="SetGradients"/>) or writes into the caller's. Everything is one expression tree, compiled
/// once per structure: no delegate call or lookup between the frame and the program.
/// </summary>
internal static class SetLowering
{
    /// <param name="f">The user's function; some parameters are sets.</param>
    /// <param name="kind">Gradient, ValueAndGradient or IntoBuffers.</param>
    /// <param name="options">The compilation's passes.</param>
    /// <param name="rules">The compilation's rule snapshot.</param>
    /// <param name="structure">The lengths of the sets' arrays of sets, parameter after parameter; null builds
    /// a stand-in whose arrays are as long as the indices the function reads (to report errors up front).</param>
    /// <param name="delegateType">The entry point's delegate type.</param>
    public static LambdaExpression Build(LambdaExpression f, ProgramKind kind, GradientOptions options, RuleSet rules,
        Queue<int>? structure, Type delegateType)
    {
        var roots = new Dictionary<ParameterExpression, SetInstanceNode>();
        for (int i = 0; i < f.Parameters.Count; i++)
        {
            var p = f.Parameters[i];
            if (!TensorTypes.IsDifferentiable(p.Type))
                roots[p] = new SetInstanceNode(p.Name ?? $"arg{i + 1}", SetLayout.For(p.Type, p.Name ?? $"arg{i + 1}"), structure);
        }
        var body = SetAccessRewriter.Rewrite(f.Body, roots);
        // A stand-in's arrays grew while the body was rewritten: its leaves are known only now.
        List<ParameterExpression> inner =
            [.. f.Parameters.SelectMany(p => roots.TryGetValue(p, out var r) ? r.Leaves().Select(l => l.Parameter) : [p])];
        var lowered = Expression.Lambda(body, "f", inner);
        var programKind = inner.Count == 0 ? ProgramKind.Forward : kind;
        var program = Pipeline.Build(lowered, programKind, options, rules);
        return new SetFrame(f, kind, roots, inner, program).Emit(delegateType);
    }
}
