using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The programs behind Jacobians and Hessians, all built from the same pipeline: the forward tape alone,
/// the reverse sweep seeded with a vector (vector-Jacobian product), and forward-mode tangents of either
/// (Jacobian-vector product; applied to a gradient program, a Hessian-vector product).
/// </summary>
internal static class DerivativePrograms
{
    public static LambdaExpression Forward(LambdaExpression f) =>
        ProgramEmitter.EmitForward(Linearizer.Run(Normalizer.Run(RequireVectorFunction(f))));

    public static LambdaExpression VectorJacobianProduct(LambdaExpression f) =>
        ProgramEmitter.EmitVectorJacobianProduct(Linearizer.Run(Normalizer.Run(RequireVectorFunction(f))));

    /// <summary>(x, ẋ) =&gt; (f(x), J·ẋ) for a program (x) =&gt; double[].</summary>
    public static Func<double[], double[], (double[] Value, double[] Tangent)> Tangent(LambdaExpression program) =>
        (Func<double[], double[], (double[], double[])>)TangentTransformer.Transform(program).Compile();

    private static LambdaExpression RequireVectorFunction(LambdaExpression f)
    {
        ArgumentNullException.ThrowIfNull(f, "f");
        if (f.ReturnType != typeof(double[]) || f.Parameters.Count != 1 || f.Parameters[0].Type != typeof(double[]))
            throw new ArgumentException("Expected a function from double[] to double[].", "f");
        return f;
    }
}
