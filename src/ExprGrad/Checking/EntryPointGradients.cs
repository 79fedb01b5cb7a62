using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

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
            ("Grad.Of", vector.FlattenGradient(Invoke(Generic(nameof(Grad.Of), types), f, options, vector.Arguments(x0)))),
            ("Grad.ValueAndGradient", vector.FlattenGradient(((ITuple)Invoke(Generic(nameof(Grad.ValueAndGradient), types), f, options, vector.Arguments(x0)))[1]!)),
        };
        if (types.All(TensorTypes.IsArray) && types.Length <= 3)
        {
            var arguments = vector.Arguments(x0);
            var buffers = arguments.Select(a => ((Array)a).Clone()).ToArray();
            var into = Generic(nameof(Grad.ValueAndGradientInto), types);
            var compiled = (Delegate)into.Invoke(null, [f, options])!;
            compiled.DynamicInvoke([.. arguments, .. buffers]);
            results.Add(("Grad.ValueAndGradientInto", vector.Flatten(buffers)));
        }
        return results;
    }

    private static object Invoke(MethodInfo entryPoint, LambdaExpression f, GradientOptions options, object[] arguments)
    {
        var compiled = (Delegate)entryPoint.Invoke(null, [f, options])!;
        try { return compiled.DynamicInvoke(arguments)!; }
        catch (TargetInvocationException e) when (e.InnerException is { } inner) { throw inner; }
    }

    private static MethodInfo Generic(string name, Type[] types) =>
        typeof(Grad).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == name && m.IsGenericMethodDefinition && m.GetGenericArguments().Length == types.Length)
            .MakeGenericMethod(types);
}
