using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>Gives every variable one C# name: its own when free, suffixed when another variable took it.</summary>
internal sealed class IdentifierNames
{
    private readonly Dictionary<ParameterExpression, string> names = [];
    private readonly HashSet<string> taken = [];

    public string Of(ParameterExpression variable)
    {
        if (names.TryGetValue(variable, out var name)) return name;
        var stem = CSharpSyntax.Identifier(string.IsNullOrEmpty(variable.Name) ? "v" : variable.Name);
        name = stem;
        for (int k = 2; !taken.Add(name); k++) name = stem + "_" + k;
        names[variable] = name;
        return name;
    }
}
