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

        foreach (var type in new[] { typeof(double[]), typeof(double[,]) })
        {
            RuleTable.AddForwardOnly(Sample(typeof(Kernels), nameof(Kernels.PartialBackward), type, type, type, typeof(ElementwisePartial)), Backward);
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
