using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace ExprGrad;

/// <summary>
/// The gradient of one function as each public entry point that applies computes it, called the way a user
/// calls it (<c>Grad.Of&lt;…&gt;</c>, <c>Grad.ValueAndGradient&lt;…&gt;</c>, and <c>Grad.ValueAndGradientInto</c>
/// when every parameter is an array), each flattened into one vector of coordinates.
/// </summary>
internal static class EntryPointGradients
{
    public static IReadOnlyList<(string EntryPoint, double[] Gradient)> All(LambdaExpression f, ParameterVector vector, double[] x0,
        GradientOptions options)
    {
        var types = f.Parameters.Select(p => p.Type).ToArray();
        var results = new List<(string, double[])>
        {
            ("Grad.Of", vector.FlattenGradient(Invoke(nameof(Grad.Of), f, options, vector.Arguments(x0)))),
            ("Grad.ValueAndGradient", vector.FlattenGradient(((ITuple)Invoke(nameof(Grad.ValueAndGradient), f, options, vector.Arguments(x0)))[1]!)),
        };
        if (types.All(TensorTypes.IsArray) && types.Length <= 3)
        {
            var arguments = vector.Arguments(x0);
            var buffers = arguments.Select(a => ((Array)a).Clone()).ToArray();
            Compile(nameof(Grad.ValueAndGradientInto), f, options).DynamicInvoke([.. arguments, .. buffers]);
            results.Add(("Grad.ValueAndGradientInto", vector.Flatten(buffers)));
        }
        return results;
    }

    /// <summary>The delegate the generic entry point <paramref name="name"/> of <see cref="Grad"/> compiles for
    /// <paramref name="f"/> (one type argument per parameter), its own exceptions unwrapped from reflection's.</summary>
    public static Delegate Compile(string name, LambdaExpression f, GradientOptions options)
    {
        try { return (Delegate)Generic(name, [.. f.Parameters.Select(p => p.Type)]).Invoke(null, [f, options])!; }
        catch (TargetInvocationException e) when (e.InnerException is { } inner) { ExceptionDispatchInfo.Capture(inner).Throw(); throw; }
    }

    private static object Invoke(string name, LambdaExpression f, GradientOptions options, object[] arguments)
    {
        var compiled = Compile(name, f, options);
        try { return compiled.DynamicInvoke(arguments)!; }
        catch (TargetInvocationException e) when (e.InnerException is { } inner) { throw inner; }
    }

    private static MethodInfo Generic(string name, Type[] types) =>
        typeof(Grad).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == name && m.IsGenericMethodDefinition && m.GetGenericArguments().Length == types.Length)
            .MakeGenericMethod(types);
}
