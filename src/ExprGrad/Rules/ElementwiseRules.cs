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


        Elementwise(nameof(Ops.LogGamma),     (y, x) => Ops.Digamma(x), unbounded: true);
        Elementwise(nameof(Ops.Digamma),      (y, x) => Ops.Trigamma(x), unbounded: true);
        Elementwise(nameof(Ops.Trigamma),     (y, x) => Ops.Polygamma(2, x), unbounded: true);
        Elementwise(nameof(Ops.Erf),          (y, x) => 1.12837916709551257390 * Math.Exp(-x * x));
        Elementwise(nameof(Ops.Erfc),         (y, x) => -1.12837916709551257390 * Math.Exp(-x * x));
        Elementwise(nameof(Ops.NormalCdf),    (y, x) => 0.39894228040143267794 * Math.Exp(-0.5 * x * x));
        Elementwise(nameof(Ops.LogNormalCdf), (y, x) => Ops.LogNormalCdfDerivative(x), unbounded: true);
        Elementwise(nameof(Ops.Log1pExp),     (y, x) => Ops.InvLogit(x));
        Elementwise(nameof(Ops.Log1mExp),     (y, x) => -Math.Exp(x - y), unbounded: true);
        Elementwise(nameof(Ops.Logit),        (y, x) => 1 / (x * (1 - x)), unbounded: true);
        Elementwise(nameof(Ops.InvLogit),     (y, x) => y * Ops.InvLogit(-x));

        Parametric(nameof(Ops.LeakyRelu), (y, x, s) => x > 0 ? 1.0 : x <= 0 ? s : double.NaN,
                                          (y, x, s) => x < 0 ? x : x >= 0 ? 0.0 : double.NaN);
        Parametric(nameof(Ops.Pow),       (y, x, p) => p == 0 && x == 0 ? 0.0 : p * Math.Pow(x, p - 1),
                                          (y, x, p) => x > 0 ? y * Math.Log(x) : x <= 0 ? 0.0 : double.NaN, unbounded: true);

        foreach (var type in new[] { typeof(double[]), typeof(double[,]) })
        {
            RuleTable.Add(Sample(typeof(Kernels), nameof(Kernels.PartialBackward), type, type, type, typeof(ElementwisePartial)), Backward,
                [.. BackwardAdjoints(type, parametric: false), null]);
            RuleTable.Add(Sample(typeof(Kernels), nameof(Kernels.ParametricBackward), type, type, type, typeof(double), typeof(ParametricPartial)),
                ParametricBackward, [.. BackwardAdjoints(type, parametric: true), null]);
        }
    }

    /// <summary>(h∘p(y, x))˙ = ḣ∘p + (h∘ẏ)∘∂p/∂y + (h∘ẋ)∘∂p/∂x: the same kernel over the partials of p.</summary>
    private static readonly TangentRule Backward = (call, x, dx, rule) =>
    {
        var (h, value, input, partial) = (x[0], x[1], x[2], x[3]);
        var method = ((MethodCallExpression)call).Method;
        Expression? Term(Expression? multiplier, Expression q) => multiplier is null ? null : Expression.Call(method, multiplier, value, input, q);
        return Tangents.Plus(Tangents.Plus(Term(dx[0], partial), Term(Times(h, dx[1]), By(partial, "ByY"))), Term(Times(h, dx[2]), By(partial, "ByX")));
    };

    /// <summary>(h∘p(y, x, s))˙ = ḣ∘p + (h∘ẏ)∘∂p/∂y + (h∘ẋ)∘∂p/∂x + (ṡ·h)∘∂p/∂s.</summary>
    private static readonly TangentRule ParametricBackward = (call, x, dx, rule) =>
    {
        var (h, value, input, s, partial) = (x[0], x[1], x[2], x[3], x[4]);
        var method = ((MethodCallExpression)call).Method;
        Expression? Term(Expression? multiplier, Expression q) => multiplier is null ? null : Expression.Call(method, multiplier, value, input, s, q);
        var byS = dx[3] is null ? null : Tangents.Call(typeof(Ops), nameof(Ops.Scale), dx[3]!, h);
        return Tangents.Plus(Tangents.Plus(Term(dx[0], partial), Term(Times(h, dx[1]), By(partial, "ByY"))),
            Tangents.Plus(Term(Times(h, dx[2]), By(partial, "ByX")), Term(byS, By(partial, "ByS"))));
    };

    /// <summary>A partial of the partial: folded to a constant when the partial is one, read at run time otherwise.</summary>
    private static Expression By(Expression partial, string derivative) => partial is ConstantExpression { Value: { } p }
        ? Expression.Constant(p.GetType().GetProperty(derivative)!.GetValue(p), p.GetType())
        : Expression.Property(partial, derivative);

    private static Expression? Times(Expression a, Expression? b) => b is null ? null : Tangents.Call(typeof(Ops), nameof(Ops.Multiply), a, b);

    /// <summary>
    /// The reverse rule of h∘p (reverse over forward): h̄ = ȳ∘p, and y, x (and s) get (ȳ∘h) through the
    /// partials of p (summed for the scalar s) — the same kernel again.
    /// </summary>
    private static LambdaExpression[] BackwardAdjoints(Type type, bool parametric)
    {
        var (bar, result, h, value, input) = (Expression.Parameter(type, "g"), Expression.Parameter(type, "r"),
            Expression.Parameter(type, "h"), Expression.Parameter(type, "y"), Expression.Parameter(type, "x"));
        var s = Expression.Parameter(typeof(double), "s");
        var partial = Expression.Parameter(parametric ? typeof(ParametricPartial) : typeof(ElementwisePartial), "p");
        ParameterExpression[] parameters = parametric ? [bar, result, h, value, input, s, partial] : [bar, result, h, value, input, partial];
        var method = parametric ? nameof(Kernels.ParametricBackward) : nameof(Kernels.PartialBackward);
        Expression Kernel(Expression multiplier, Expression q) => parametric
            ? Expression.Call(typeof(Kernels), method, null, multiplier, value, input, s, q)
            : Expression.Call(typeof(Kernels), method, null, multiplier, value, input, q);
        var weighted = Expression.Call(typeof(Ops), nameof(Ops.Multiply), null, bar, h);
        var adjoints = new List<LambdaExpression>
        {
            Expression.Lambda(Kernel(bar, partial), parameters),
            Expression.Lambda(Kernel(weighted, By(partial, "ByY")), parameters),
            Expression.Lambda(Kernel(weighted, By(partial, "ByX")), parameters),
        };
        if (parametric)
            adjoints.Add(Expression.Lambda(Expression.Call(typeof(Ops), nameof(Ops.Sum), null, Kernel(weighted, By(partial, "ByS"))), parameters));
        return [.. adjoints];
    }

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
