using System.Collections.Concurrent;
using System.ComponentModel;
using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad;

/// <summary>
/// The bodies of <see cref="DifferentiableAttribute"/> methods, as expression trees. The code that ExprGrad's
/// source generator emits calls <see cref="Register"/> from a module initializer; user code does not need to.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DifferentiableMethods
{
    private static readonly ConcurrentDictionary<MethodInfo, LambdaExpression> Bodies = new();

    /// <summary>
    /// Records <paramref name="body"/> as the code of <paramref name="method"/>: a call to the method inside a
    /// differentiated lambda is replaced by the body, its parameters bound to the call's arguments. Registering
    /// the same method again replaces its body.
    /// </summary>
    /// <param name="method">A static method returning a value.</param>
    /// <param name="body">A lambda with the method's parameter types and return type, in order.</param>
    /// <exception cref="ArgumentNullException">Either argument is null.</exception>
    /// <exception cref="ArgumentException">The method is not static or generic, or the lambda's signature differs from the method's.</exception>
    public static void Register(MethodInfo method, LambdaExpression body)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(body);
        if (!method.IsStatic || method.ContainsGenericParameters)
            throw new ArgumentException($"{Name(method)} must be a static, non-generic method to be [Differentiable].", nameof(method));
        var parameters = method.GetParameters();
        bool same = parameters.Length == body.Parameters.Count && method.ReturnType == body.ReturnType
            && parameters.Select(p => p.ParameterType).SequenceEqual(body.Parameters.Select(p => p.Type));
        if (!same)
            throw new ArgumentException(
                $"The body registered for {Name(method)} has the signature ({string.Join(", ", body.Parameters.Select(p => p.Type.Name))}) → {body.ReturnType.Name}, "
                + $"the method ({string.Join(", ", parameters.Select(p => p.ParameterType.Name))}) → {method.ReturnType.Name}.", nameof(body));
        Bodies[method] = body;
    }

    internal static bool TryGet(MethodInfo method, out LambdaExpression body) => Bodies.TryGetValue(method, out body!);

    internal static string Name(MethodInfo method) => $"{method.DeclaringType?.FullName}.{method.Name}";
}
