using System.Collections.Concurrent;
using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The programs of one function of several parameters, one per shape of its arguments, built on first use
/// and cached. Shapes are known only at call time; compiling them into the program as constants (rather than
/// reading lengths from a shared closure) keeps every compiled delegate thread-safe and lets the usual case,
/// one shape per function, pay for one build. A function called at many shapes keeps one program per shape.
/// </summary>
/// <typeparam name="T">The compiled program over the flat vector.</typeparam>
internal sealed class ShapedPrograms<T>
{
    private readonly LambdaExpression f;
    private readonly bool vectorResult;
    private readonly Func<LambdaExpression, T> build;
    private readonly ConcurrentDictionary<PointShape, Lazy<T>> built = new();

    /// <param name="f">The user's function.</param>
    /// <param name="vectorResult">Whether the flat function returns a vector (Jacobians) or a double (Hessians).</param>
    /// <param name="build">Compiles the flat function.</param>
    /// <param name="check">Builds (without compiling) the flat function at a stand-in shape, so that an
    /// unsupported construct throws now.</param>
    public ShapedPrograms(LambdaExpression f, bool vectorResult, Func<LambdaExpression, T> build, Action<LambdaExpression> check)
    {
        this.f = f;
        this.vectorResult = vectorResult;
        this.build = build;
        check(PointShape.Probe(f).Rewrite(f, vectorResult));
    }

    /// <summary>The arguments flattened, and the program for their shape.</summary>
    public (double[] Point, T Program) For(params object?[] args)
    {
        var shape = PointShape.Of(f, args);
        var program = built.GetOrAdd(shape, s => new Lazy<T>(() => build(s.Rewrite(f, vectorResult)))).Value;
        return (shape.Flatten(args), program);
    }
}
