using Microsoft.CodeAnalysis;

namespace ExprGrad.Generators;

/// <summary>C# that yields a method's MethodInfo at run time.</summary>
internal static class MethodReferences
{
    private static readonly HashSet<string> BuiltInTypes = ["System.Math", "System.Double", "System.Linq.Enumerable", "ExprGrad.Ops"];

    public static bool IsBuiltIn(IMethodSymbol method) => BuiltInTypes.Contains(Names.Metadata(method.ContainingType));

    public static bool IsDifferentiable(IMethodSymbol method) =>
        method.OriginalDefinition.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "ExprGrad.DifferentiableAttribute");

    /// <summary>
    /// A method the generated code can name is taken from a call the compiler resolves in a lambda expression, the
    /// same overload with the same type arguments; a private method or a local function is found by reflection.
    /// </summary>
    public static string Of(IMethodSymbol method)
    {
        if (method.MethodKind == MethodKind.LocalFunction || !Accessible(method) || method.Parameters.Length > 15) return ByReflection(method);
        var parameterTypes = method.Parameters.Select(p => Names.Type(p.Type)).ToList();
        var funcType = $"global::System.Func<{string.Join(", ", parameterTypes.Concat([Names.Type(method.ReturnType)]))}>";
        var typeArguments = method.IsGenericMethod ? $"<{string.Join(", ", method.TypeArguments.Select(Names.Type))}>" : "";
        var names = string.Join(", ", method.Parameters.Select((_, i) => "a" + i));
        return $"((global::System.Linq.Expressions.MethodCallExpression)((global::System.Linq.Expressions.Expression<{funcType}>)(({names}) => "
            + $"{Names.Type(method.ContainingType)}.{method.Name}{typeArguments}({names}))).Body).Method";
    }

    /// <summary>By metadata name, through the generated <c>DifferentiableSupport</c>.</summary>
    public static string ByReflection(IMethodSymbol method)
    {
        var localIn = method.MethodKind == MethodKind.LocalFunction ? $"\"{method.ContainingSymbol.MetadataName}\"" : "null";
        var types = string.Concat(method.Parameters.Select(p => $", typeof({Names.Type(p.Type)})"));
        return $"global::ExprGrad.Generated.DifferentiableSupport.Method(global::ExprGrad.Generated.DifferentiableSupport.Type(\"{Names.Metadata(method.ContainingType)}\"), \"{method.MetadataName}\", {localIn}{types})";
    }

    private static bool Accessible(IMethodSymbol method)
    {
        if (method.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal)) return false;
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            if (type.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal)) return false;
        return true;
    }
}
