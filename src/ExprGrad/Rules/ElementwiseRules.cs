using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad;

/// <summary>
/// Elementwise ops declared by their scalar partial ∂y/∂x = p(y, x), one line each for the vector and the
/// matrix form: reverse mode sends g∘p(y, x) through one generic backward kernel, forward mode ẋ∘p(y, x)
/// (the same kernel), and second order differentiates p itself. A new elementwise op is its Ops methods and
/// one line here.
/// </summary>
internal static class ElementwiseRules
{
    public static void RegisterAll()
    {
        Elementwise(nameof(Ops.Square),   (y, x) => 2 * x);
        Elementwise(nameof(Ops.Sqrt),     (y, x) => 1 / (2 * y), unbounded: true);
        Elementwise(nameof(Ops.Abs),      (y, x) => x > 0 ? 1.0 : x < 0 ? -1.0 : x == 0 ? 0.0 : double.NaN);
        Elementwise(nameof(Ops.Softplus), (y, x) => 1 / (1 + Math.Exp(-x)));
        Elementwise(nameof(Ops.Gelu),     (y, x) => 0.5 * (1 + Math.Tanh(Ops.GeluScale * (x + Ops.GeluCubic * x * x * x)))
            + 0.5 * x * (1 - Math.Tanh(Ops.GeluScale * (x + Ops.GeluCubic * x * x * x)) * Math.Tanh(Ops.GeluScale * (x + Ops.GeluCubic * x * x * x)))
              * Ops.GeluScale * (1 + 3 * Ops.GeluCubic * x * x));


        Parametric(nameof(Ops.LeakyRelu), (y, x, s) => x > 0 ? 1.0 : x <= 0 ? s : double.NaN,
                                          (y, x, s) => x < 0 ? x : x >= 0 ? 0.0 : double.NaN);
        Parametric(nameof(Ops.Pow),       (y, x, p) => p == 0 && x == 0 ? 0.0 : p * Math.Pow(x, p - 1),
                                          (y, x, p) => x > 0 ? y * Math.Log(x) : x <= 0 ? 0.0 : double.NaN, unbounded: true);

        foreach (var type in new[] { typeof(double[]), typeof(double[,]) })
        {
            RuleTable.AddForwardOnly(Sample(typeof(Kernels), nameof(Kernels.PartialBackward), type, type, type, typeof(ElementwisePartial)), Backward);
            RuleTable.AddForwardOnly(Sample(typeof(Kernels), nameof(Kernels.ParametricBackward), type, type, type, typeof(double), typeof(ParametricPartial)),
                ParametricBackward);
        }
    }

    /// <summary>(g∘p(y, x))˙ = ġ∘p(y, x) + g∘(∂p/∂y∘ẏ + ∂p/∂x∘ẋ).</summary>
    private static readonly TangentRule Backward = (y, x, dx, rule) =>
    {
        var (g, value, input, partial) = (x[0], x[1], x[2], x[3]);
        var fromG = dx[0] is null ? null : Expression.Call(((MethodCallExpression)y).Method, dx[0]!, value, input, partial);
        var fromValues = dx[1] is null && dx[2] is null ? null
            : Tangents.Call(typeof(Kernels), nameof(Kernels.PartialBackwardTangent), g, value, input,
                dx[1] ?? TensorTypes.ZeroLike(value), dx[2] ?? TensorTypes.ZeroLike(input), partial);
        return Tangents.Plus(fromG, fromValues);
    };

    /// <summary>(g∘p(y, x, s))˙ = ġ∘p(y, x, s) + g∘(∂p/∂y∘ẏ + ∂p/∂x∘ẋ + ∂p/∂s·ṡ).</summary>
    private static readonly TangentRule ParametricBackward = (y, x, dx, rule) =>
    {
        var (g, value, input, s, partial) = (x[0], x[1], x[2], x[3], x[4]);
        var fromG = dx[0] is null ? null : Expression.Call(((MethodCallExpression)y).Method, dx[0]!, value, input, s, partial);
        var fromValues = dx[1] is null && dx[2] is null && dx[3] is null ? null
            : Tangents.Call(typeof(Kernels), nameof(Kernels.ParametricBackwardTangent), g, value, input, s,
                dx[1] ?? TensorTypes.ZeroLike(value), dx[2] ?? TensorTypes.ZeroLike(input), dx[3] ?? Expression.Constant(0.0), partial);
        return Tangents.Plus(fromG, fromValues);
    };

    /// <summary>
    /// An elementwise op y = f(x; s) with a scalar parameter s, by its two partials ∂y/∂x = p(y, x, s) and
    /// ∂y/∂s = q(y, x, s): reverse mode sends g∘p to x and Σ g∘q to s; forward mode ẋ∘p + ṡ·q.
    /// </summary>
    private static void Parametric(string name, Expression<Func<double, double, double, double>> byArgument,
        Expression<Func<double, double, double, double>> byParameter, bool unbounded = false)
    {
        var parameterName = typeof(Ops).GetMethod(name, [typeof(double[]), typeof(double)])?.GetParameters()[1].Name;
        // Printed as LeakyRelu' (the argument's partial) and ∂LeakyRelu/∂slope (the parameter's).
        var p = Expression.Constant(new ParametricPartial(name + "'", byArgument, unbounded));
        var q = Expression.Constant(new ParametricPartial($"∂{name}/∂{parameterName}", byParameter, unbounded));
        foreach (var type in new[] { typeof(double[]), typeof(double[,]) })
        {
            var primitive = Sample(typeof(Ops), name, type, typeof(double));
            var (g, y, a, s) = (Expression.Parameter(type, "g"), Expression.Parameter(type, "y"), Expression.Parameter(type, "a"),
                Expression.Parameter(typeof(double), "s"));
            Expression Backward(Expression adjoint, Expression partial) =>
                Expression.Call(typeof(Kernels), nameof(Kernels.ParametricBackward), null, adjoint, y, a, s, partial);
            var toArgument = Expression.Lambda(Backward(g, p), g, y, a, s);
            var toParameter = Expression.Lambda(Expression.Call(typeof(Ops), nameof(Ops.Sum), null, Backward(g, q)), g, y, a, s);
            TangentRule tangent = (call, x, dx, rule) => Tangents.Plus(
                dx[0] is null ? null : ParameterSubstitution.Inline(toArgument, [dx[0]!, call, x[0], x[1]]),
                dx[1] is null ? null : ParameterSubstitution.Inline(Expression.Lambda(Backward(g, q), g, y, a, s),
                    [Expression.Call(typeof(Kernels), nameof(Kernels.Fill), null, x[0], dx[1]!), call, x[0], x[1]]));
            RuleTable.Add(primitive, tangent, toArgument, toParameter);
        }
    }

    private static void Elementwise(string name, Expression<Func<double, double, double>> partial, bool unbounded = false)
    {
        var derivative = Expression.Constant(new ElementwisePartial(name, partial, unbounded));
        foreach (var type in new[] { typeof(double[]), typeof(double[,]) })
        {
            var primitive = Sample(typeof(Ops), name, type);
            var (g, y, a) = (Expression.Parameter(type, "g"), Expression.Parameter(type, "y"), Expression.Parameter(type, "a"));
            var adjoint = Expression.Lambda(Expression.Call(typeof(Kernels), nameof(Kernels.PartialBackward), null, g, y, a, derivative), g, y, a);
            RuleTable.Add(primitive, Tangents.FromAdjoints, adjoint);
        }
    }

    /// <summary>(x…) =&gt; type.name(x…) for the overload taking exactly <paramref name="parameters"/>.</summary>
    private static LambdaExpression Sample(Type type, string name, params Type[] parameters)
    {
        var method = type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, parameters)
            ?? throw new InvalidOperationException($"{type.Name}.{name}({string.Join(", ", parameters.Select(p => p.Name))}) does not exist.");
        var args = parameters.Select((p, i) => Expression.Parameter(p, "x" + i)).ToArray();
        return Expression.Lambda(Expression.Call(method, args), args);
    }
}
