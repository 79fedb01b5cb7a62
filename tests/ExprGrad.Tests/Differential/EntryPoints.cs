using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace ExprGrad.Tests.Differential;

/// <summary>One entry point's answer: the value if it returns one, and the gradient flattened in parameter order (matrices row-major).</summary>
/// <param name="Value">The function's value, when the entry point returns it.</param>
/// <param name="Gradient">What is compared with the reference gradient, after <see cref="EntryPoint.Expected"/>.</param>
/// <param name="Curvature">Second-order data, compared with the Hessian through <see cref="EntryPoint.CurvatureFromHessian"/>.</param>
public sealed record Answer(double? Value, double[] Gradient, double[]? Curvature = null)
{
    /// <inheritdoc/>
    public override string ToString() => (Value is { } v ? $"value {ProgramSpec.Show(v)}, " : "") + $"gradient {ProgramSpec.Show(Gradient)}"
        + (Curvature is { } c ? $", curvature {ProgramSpec.Show(c)}" : "");
}

/// <summary>
/// An adapter turning a program into one entry point's call and its result into an <see cref="Answer"/>.
/// <see cref="Build"/> compiles (and may throw <see cref="NotSupportedException"/>: not applicable); the
/// delegate it returns is called later with fresh arguments, after the closure's real data are installed.
/// </summary>
/// <param name="Name">The entry point as users call it.</param>
/// <param name="SameArithmetic">Whether it runs the same arithmetic as <c>Grad.Of</c>, so must agree bit for bit.</param>
/// <param name="Applies">Whether the program's parameter types fit the entry point at all.</param>
/// <param name="Build">Compiles the program with the given options.</param>
public sealed record EntryPoint(string Name, bool SameArithmetic, Func<RenderedProgram, bool> Applies,
    Func<RenderedProgram, GradientOptions, Func<object[], Answer>> Build)
{
    /// <summary>What this entry point's <see cref="Answer.Gradient"/> should be, given the reference gradient
    /// (flattened): the gradient itself, or its product with the program's direction for a directional derivative.</summary>
    public Func<RenderedProgram, double[], double[]> Expected { get; init; } = (_, gradient) => gradient;

    /// <summary>Whether the entry point returns the value alone (<see cref="Answer.Gradient"/> empty): it is compared
    /// with the reference's value and never becomes the reference.</summary>
    public bool ValueOnly { get; init; }

    /// <summary>What <see cref="Answer.Curvature"/> should be, given the Hessian and the direction; null when
    /// the entry point returns no second-order data.</summary>
    public Func<double[,], double[], double[]>? CurvatureFromHessian { get; init; }

    /// <summary>The entry point this one is the buffer (<c>Into</c>) twin of: their answers must agree bit for bit.</summary>
    public EntryPoint? Twin { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>The adapters of every gradient entry point. A new entry point lands only with its adapter here.</summary>
public static class EntryPoints
{
    /// <summary><c>Grad.Of</c>, 1–8 parameters of any supported type.</summary>
    public static readonly EntryPoint Of = new("Grad.Of", true, _ => true, (p, o) =>
    {
        var gradient = (Delegate)Invoke(Generic(nameof(Grad.Of), p), [p.Function], o);
        return args => new Answer(null, Flatten(Call(gradient, args)));
    });

    /// <summary><c>Grad.ValueAndGradient</c>.</summary>
    public static readonly EntryPoint ValueAndGradient = new("Grad.ValueAndGradient", true, _ => true, (p, o) =>
    {
        var gradient = (Delegate)Invoke(Generic(nameof(Grad.ValueAndGradient), p), [p.Function], o);
        return args => Call(gradient, args) is ITuple { Length: 2 } t
            ? new Answer((double)t[0]!, Flatten(t[1]))
            : throw new InvalidOperationException("ValueAndGradient did not return (value, gradient).");
    });

    /// <summary><c>Grad.ValueAndGradientInto</c>, 1–3 array parameters; buffers start with stale contents.</summary>
    public static readonly EntryPoint Into = new("Grad.ValueAndGradientInto", true,
        p => p.Spec.Parameters.Length <= 3 && p.Spec.Parameters.All(k => k != ParameterKind.Scalar), (p, o) =>
        {
            var into = (Delegate)Invoke(Generic(nameof(Grad.ValueAndGradientInto), p), [p.Function], o);
            return args =>
            {
                var buffers = args.Select(a => a switch
                {
                    double[] v => (object)Support.StaleBuffers.Vector(v.Length),
                    double[,] m => Support.StaleBuffers.Matrix(m.GetLength(0), m.GetLength(1)),
                    _ => throw new ArgumentException("Into needs arrays."),
                }).ToArray();
                var value = (double)Call(into, [.. args, .. buffers]);
                return new Answer(value, RenderedProgram.Flatten(buffers));
            };
        });

    /// <summary><c>Grad.GradientExpression</c> compiled by .NET's compiler.</summary>
    public static readonly EntryPoint GradientExpressionCompiled = new("GradientExpression.Compile()", true, _ => true, (p, o) =>
    {
        var program = (LambdaExpression)Invoke(Method(nameof(Grad.GradientExpression)), [p.Function], o);
        var compiled = program.Compile();
        return args => new Answer(null, Flatten(Call(compiled, args)));
    });

    /// <summary><c>Grad.GradientExpression</c> run by .NET's expression interpreter.</summary>
    public static readonly EntryPoint GradientExpressionInterpreted = new("GradientExpression.Compile(preferInterpretation: true)", true, _ => true, (p, o) =>
    {
        var program = (LambdaExpression)Invoke(Method(nameof(Grad.GradientExpression)), [p.Function], o);
        var interpreted = program.Compile(preferInterpretation: true);
        return args => new Answer(null, Flatten(Call(interpreted, args)));
    });

    /// <summary><c>Grad.VectorJacobianProduct</c> of the function itself (any parameters, a double result) with seed [1].</summary>
    public static readonly EntryPoint VectorJacobianProduct = new("Grad.VectorJacobianProduct", false, _ => true, (p, o) =>
    {
        var vjp = (Delegate)Invoke(GenericWithResult(nameof(Grad.VectorJacobianProduct), p), [p.Function], o);
        return args => new Answer(null, (double[])Call(vjp, [.. args, new[] { 1.0 }]));
    });

    /// <summary><c>Grad.JacobianVectorProduct</c> of the function itself along each basis vector of the flattened parameters.</summary>
    public static readonly EntryPoint JacobianVectorProduct = new("Grad.JacobianVectorProduct", false, _ => true, (p, o) =>
    {
        var jvp = (Delegate)Invoke(GenericWithResult(nameof(Grad.JacobianVectorProduct), p), [p.Function], o);
        return args =>
        {
            int n = RenderedProgram.Flatten(args).Length;
            return new Answer(null, [.. Enumerable.Range(0, n).Select(k =>
            {
                var direction = new double[n];
                direction[k] = 1;
                return ((double[])Call(jvp, [.. args, direction]))[0];
            })]);
        };
    });

    /// <summary>The <c>double[]</c> overload of <c>Grad.VectorJacobianProduct</c>, of <c>x =&gt; new[] { f(x) }</c> with seed [1].</summary>
    public static readonly EntryPoint FlatVectorJacobianProduct = new("Grad.VectorJacobianProduct (double[] overload)", false, p => p.HasSingleVectorParameter, (p, o) =>
    {
        var vjp = (Func<double[], double[], double[]>)Invoke(Method(nameof(Grad.VectorJacobianProduct)), [AsVectorFunction(p)], o);
        return args => new Answer(null, vjp((double[])args[0], [1.0]));
    });

    /// <summary>The <c>double[]</c> overload of <c>Grad.JacobianVectorProduct</c>, of <c>x =&gt; new[] { f(x) }</c> along each basis vector.</summary>
    public static readonly EntryPoint FlatJacobianVectorProduct = new("Grad.JacobianVectorProduct (double[] overload)", false, p => p.HasSingleVectorParameter, (p, o) =>
    {
        var jvp = (Func<double[], double[], double[]>)Invoke(Method(nameof(Grad.JacobianVectorProduct)), [AsVectorFunction(p)], o);
        return args =>
        {
            var x = (double[])args[0];
            return new Answer(null, [.. Enumerable.Range(0, x.Length).Select(k =>
            {
                var direction = new double[x.Length];
                direction[k] = 1;
                return jvp(x, direction)[0];
            })]);
        };
    });

    /// <summary><c>Ops.Derivative</c> (forward mode) for a function of one <c>double</c>; it takes no options.</summary>
    public static readonly EntryPoint Derivative = new("Ops.Derivative", false, p => p.Spec.Parameters is [ParameterKind.Scalar], (p, _) =>
    {
        // Ops.Derivative compiles on its first call; a NotSupportedException then counts as not applicable.
        var f = (Expression<Func<double, double>>)p.Function;
        return args => new Answer(null, [Ops.Derivative(f, (double)args[0])]);
    });

    /// <summary><c>Grad.Jacobian</c> (any parameters) of the function with a one-element vector result: its one row.</summary>
    public static readonly EntryPoint Jacobian = new("Grad.Jacobian", false, _ => true, (p, o) =>
    {
        var jacobian = (Delegate)Invoke(GenericWithResult(nameof(Grad.Jacobian), p, typeof(double[])), [AsVectorResult(p)], o);
        return args => new Answer(null, RenderedProgram.Flatten([Call(jacobian, args)]));
    });

    /// <summary><c>Grad.Of</c> of a lambda calling the program written as a <c>[Differentiable]</c> C# method: printed,
    /// compiled with the source generator, and inlined from the body the generator registered.</summary>
    public static readonly EntryPoint DifferentiableMethod = new("Grad.Of of a [Differentiable] method", false, p => MethodPrograms.Takes(p.Spec), (p, o) =>
    {
        var gradient = (Delegate)Invoke(Generic(nameof(Grad.Of), p), [MethodPrograms.Caller(p)], o);
        return args => new Answer(null, Flatten(Call(gradient, args)));
    });

    /// <summary><c>Grad.Compile</c>: the function alone, through the forward half of the same program, so its value
    /// equals <c>Grad.Of</c>'s reference's bit for bit (the harness compares that value and no gradient).</summary>
    public static readonly EntryPoint Compile = new("Grad.Compile", true, _ => true, (p, o) =>
    {
        var compiled = (Delegate)Invoke(Generic(nameof(Grad.Compile), p), [p.Function], o);
        return args => new Answer((double)Call(compiled, args), []);
    })
    { ValueOnly = true, Expected = (_, _) => [] };

    /// <summary>Every adapter, <see cref="Of"/> first (the reference of the bit-for-bit group).</summary>
    public static IReadOnlyList<EntryPoint> All { get; } =
        [Of, ValueAndGradient, Into, GradientExpressionCompiled, GradientExpressionInterpreted, VectorJacobianProduct, JacobianVectorProduct,
         FlatVectorJacobianProduct, FlatJacobianVectorProduct, Jacobian, Derivative,
         DirectionalEntryPoints.DerivativeInsideAGradient, DirectionalEntryPoints.NthDerivative, DifferentiableMethod, .. ParameterSetEntryPoints.All,
         .. BatchEntryPoints.All, Compile, .. SparseEntryPoints.All, .. IntoEntryPoints.All];

    /// <summary>The adapters that take <see cref="GradientOptions"/> and share Of's arithmetic: run once per pass switch.</summary>
    public static IReadOnlyList<EntryPoint> PerPass { get; } =
        [Of, ValueAndGradient, Into, .. ParameterSetEntryPoints.PerPass, .. BatchEntryPoints.All, Compile, .. IntoEntryPoints.PerPass];

    /// <summary>The same function with a one-element vector result, for the Jacobian entry points.</summary>
    public static Expression<Func<double[], double[]>> AsVectorFunction(RenderedProgram p) =>
        Expression.Lambda<Func<double[], double[]>>(Expression.NewArrayInit(typeof(double), p.Function.Body), p.Function.Parameters);

    /// <summary>The same function over the same parameters with the result <c>new[] { f(…) }</c>.</summary>
    public static LambdaExpression AsVectorResult(RenderedProgram p) =>
        Expression.Lambda(Expression.NewArrayInit(typeof(double), p.Function.Body), p.Function.Parameters);

    /// <summary>Flattens a gradient: a double, an array, or a tuple of those.</summary>
    public static double[] Flatten(object? result) => result is ITuple t
        ? [.. Enumerable.Range(0, t.Length).SelectMany(i => Flatten(t[i]))]
        : RenderedProgram.Flatten([result]);

    /// <summary>The non-generic (<c>double[]</c>) overload of <paramref name="name"/>.</summary>
    private static MethodInfo Method(string name) => typeof(Grad).GetMethods().Single(m => m.Name == name && !m.IsGenericMethodDefinition);

    /// <summary>The overload of <paramref name="name"/> with one type argument per parameter, instantiated.</summary>
    internal static MethodInfo Generic(string name, RenderedProgram p) => typeof(Grad).GetMethods()
        .Single(m => m.Name == name && m.IsGenericMethodDefinition && m.GetGenericArguments().Length == p.Function.Parameters.Count
                     && m.GetParameters()[0].ParameterType.IsGenericType
                     && m.GetParameters()[0].ParameterType.GetGenericTypeDefinition() == typeof(Expression<>))
        .MakeGenericMethod([.. p.Function.Parameters.Select(q => q.Type)]);

    /// <summary>The overload of <paramref name="name"/> with one type argument per parameter and one for the
    /// result (Jacobians and their products), instantiated with a double result.</summary>
    internal static MethodInfo GenericWithResult(string name, RenderedProgram p, Type? result = null) => typeof(Grad).GetMethods()
        .Single(m => m.Name == name && m.IsGenericMethodDefinition && m.GetGenericArguments().Length == p.Function.Parameters.Count + 1)
        .MakeGenericMethod([.. p.Function.Parameters.Select(q => q.Type), result ?? typeof(double)]);

    /// <summary><c>Grad.ValueAndGradient</c> of any lambda over the program's parameter types.</summary>
    public static Delegate ValueAndGradientOf(LambdaExpression f, RenderedProgram p) =>
        (Delegate)Invoke(Generic(nameof(Grad.ValueAndGradient), p), [f], GradientOptions.Default);

    /// <summary>Grad.Hessian and Grad.HessianVectorProduct for the program's parameter types.</summary>
    public static (Delegate Hessian, Delegate HessianVector) Hessians(RenderedProgram p) =>
        ((Delegate)Invoke(Generic(nameof(Grad.Hessian), p), [p.Function], GradientOptions.Default),
         (Delegate)Invoke(Generic(nameof(Grad.HessianVectorProduct), p), [p.Function], GradientOptions.Default));

    /// <summary>Calls an entry point's delegate, rethrowing what it threw.</summary>
    public static object Run(Delegate d, object[] args) => Call(d, args);

    /// <summary>Calls a static entry point (options last, when it takes them), rethrowing what it threw.</summary>
    public static object InvokeEntry(MethodInfo method, object?[] arguments, GradientOptions options) => Invoke(method, arguments, options);

    /// <summary>Calls a static entry point, passing the options when it accepts them as its last parameter.</summary>
    private static object Invoke(MethodInfo method, object?[] arguments, GradientOptions options)
    {
        var parameters = method.GetParameters();
        object?[] all = parameters.Length == arguments.Length + 1 && parameters[^1].ParameterType == typeof(GradientOptions)
            ? [.. arguments, options]
            : arguments;
        try
        {
            return method.Invoke(null, all)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <summary>Calls a delegate, rethrowing what it threw.</summary>
    public static object Call(Delegate d, object[] args)
    {
        try
        {
            return d.DynamicInvoke(args)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}
