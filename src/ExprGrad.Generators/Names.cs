using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ExprGrad.Generators;

/// <summary>How symbols, types and constants are spelled in the generated code.</summary>
internal static class Names
{
    public static string Type(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    /// <summary>The name <c>Assembly.GetType</c> takes: namespace, then nested types joined by '+'.</summary>
    public static string Metadata(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType) name = outer.MetadataName + "+" + name;
        var ns = type.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? name : ns.ToDisplayString() + "." + name;
    }

    public static string Safe(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text) result.Append(char.IsLetterOrDigit(c) || c == '.' ? c : '_');
        return result.ToString();
    }

    public static bool IsNumeric(ITypeSymbol type) => type.SpecialType is SpecialType.System_Double or SpecialType.System_Int32
        or SpecialType.System_Int64 or SpecialType.System_Single or SpecialType.System_Decimal or SpecialType.System_Int16
        or SpecialType.System_Byte or SpecialType.System_UInt32 or SpecialType.System_UInt64;

    /// <summary>A constant as a C# literal of <paramref name="type"/>, or null for a constant of another kind.</summary>
    public static string? Literal(object? value, ITypeSymbol type)
    {
        if (value is null) return null;
        switch (type.SpecialType)
        {
            case SpecialType.System_Double:
                var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                return double.IsNaN(d) ? "double.NaN" : double.IsPositiveInfinity(d) ? "double.PositiveInfinity"
                    : double.IsNegativeInfinity(d) ? "double.NegativeInfinity" : d.ToString("R", CultureInfo.InvariantCulture) + "d";
            case SpecialType.System_Int32:
                return Convert.ToInt32(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
            case SpecialType.System_Int64:
                return Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "L";
            case SpecialType.System_Boolean:
                return (bool)value ? "true" : "false";
            case SpecialType.System_Single or SpecialType.System_Decimal:
                return "0"; // reported as EXG003 by the caller
            default:
                return null;
        }
    }

    /// <summary>A statement kind in words: <c>SwitchStatement</c> → "switch statement".</summary>
    public static string Describe(SyntaxKind kind)
    {
        var name = kind.ToString();
        var words = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && words.Length > 0) words.Append(' ');
            words.Append(char.ToLowerInvariant(c));
        }
        return words.ToString();
    }
}
