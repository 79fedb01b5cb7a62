using System.Globalization;
using System.Linq.Expressions;
using System.Text;

namespace ExprGrad;

/// <summary>The lexical side of printing C#: type names, literals, identifiers and operator precedence.</summary>
internal static class CSharpSyntax
{
    /// <summary>Precedence levels of C#, higher binds tighter.</summary>
    public const int Assignment = 1, Conditional = 2, Coalesce = 3, OrElse = 4, AndAlso = 5, Or = 6, Xor = 7, And = 8,
        Equality = 9, Relational = 10, Shift = 11, Additive = 12, Multiplicative = 13, Unary = 14, Primary = 15;

    private static readonly HashSet<string> Keywords =
    [
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    ];

    /// <summary>The binary operator's token and precedence, or null when C# writes it as a call.</summary>
    public static (string Token, int Precedence)? Binary(ExpressionType type) => type switch
    {
        ExpressionType.Multiply or ExpressionType.MultiplyChecked => ("*", Multiplicative),
        ExpressionType.Divide => ("/", Multiplicative),
        ExpressionType.Modulo => ("%", Multiplicative),
        ExpressionType.Add or ExpressionType.AddChecked => ("+", Additive),
        ExpressionType.Subtract or ExpressionType.SubtractChecked => ("-", Additive),
        ExpressionType.LeftShift => ("<<", Shift),
        ExpressionType.RightShift => (">>", Shift),
        ExpressionType.LessThan => ("<", Relational),
        ExpressionType.LessThanOrEqual => ("<=", Relational),
        ExpressionType.GreaterThan => (">", Relational),
        ExpressionType.GreaterThanOrEqual => (">=", Relational),
        ExpressionType.Equal => ("==", Equality),
        ExpressionType.NotEqual => ("!=", Equality),
        ExpressionType.And => ("&", And),
        ExpressionType.ExclusiveOr => ("^", Xor),
        ExpressionType.Or => ("|", Or),
        ExpressionType.AndAlso => ("&&", AndAlso),
        ExpressionType.OrElse => ("||", OrElse),
        ExpressionType.Coalesce => ("??", Coalesce),
        _ => null,
    };

    /// <summary>The token of a compound assignment (<c>+=</c>…), or null.</summary>
    public static string? CompoundAssignment(ExpressionType type) => type switch
    {
        ExpressionType.AddAssign or ExpressionType.AddAssignChecked => "+=",
        ExpressionType.SubtractAssign or ExpressionType.SubtractAssignChecked => "-=",
        ExpressionType.MultiplyAssign or ExpressionType.MultiplyAssignChecked => "*=",
        ExpressionType.DivideAssign => "/=",
        ExpressionType.ModuloAssign => "%=",
        ExpressionType.AndAssign => "&=",
        ExpressionType.OrAssign => "|=",
        ExpressionType.ExclusiveOrAssign => "^=",
        _ => null,
    };

    /// <summary>The comparison that is true exactly when <paramref name="type"/> is false (for loop conditions).</summary>
    public static ExpressionType? Negated(ExpressionType type) => type switch
    {
        ExpressionType.LessThan => ExpressionType.GreaterThanOrEqual,
        ExpressionType.GreaterThanOrEqual => ExpressionType.LessThan,
        ExpressionType.GreaterThan => ExpressionType.LessThanOrEqual,
        ExpressionType.LessThanOrEqual => ExpressionType.GreaterThan,
        ExpressionType.Equal => ExpressionType.NotEqual,
        ExpressionType.NotEqual => ExpressionType.Equal,
        _ => null,
    };

    /// <summary>The C# spelling of a type: keywords, arrays, generics and tuples.</summary>
    public static string TypeName(Type type)
    {
        if (type.IsArray)
            return TypeName(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        var keyword = Type.GetTypeCode(type) switch
        {
            TypeCode.Double => "double", TypeCode.Single => "float", TypeCode.Int32 => "int", TypeCode.Int64 => "long",
            TypeCode.Boolean => "bool", TypeCode.String => "string", TypeCode.Char => "char", TypeCode.Byte => "byte",
            TypeCode.Decimal => "decimal", TypeCode.Int16 => "short", TypeCode.UInt32 => "uint", TypeCode.UInt64 => "ulong",
            _ => null,
        };
        if (keyword is not null && !type.IsEnum) return keyword;
        if (type == typeof(object)) return "object";
        if (type == typeof(void)) return "void";
        if (TupleElements(type) is { } elements) return "(" + string.Join(", ", elements.Select(TypeName)) + ")";
        if (Nullable.GetUnderlyingType(type) is { } underlying) return TypeName(underlying) + "?";
        var name = type.Name;
        if (!type.IsGenericType) return name;
        name = name[..name.IndexOf('`')];
        return name + "<" + string.Join(", ", type.GetGenericArguments().Select(TypeName)) + ">";
    }

    /// <summary>The element types of a value tuple type, flattening the eighth "rest" element as C# does.</summary>
    public static IReadOnlyList<Type>? TupleElements(Type type)
    {
        if (!type.IsGenericType || type.GetGenericTypeDefinition().FullName?.StartsWith("System.ValueTuple`", StringComparison.Ordinal) != true)
            return null;
        var args = type.GetGenericArguments();
        if (args.Length < 8) return args;
        return [.. args.Take(7), .. TupleElements(args[7]) ?? [args[7]]];
    }

    /// <summary>A literal that reads back as the same value; doubles always carry a decimal point or exponent.</summary>
    public static string Literal(object? value) => value switch
    {
        null => "null",
        double d when double.IsNaN(d) => "double.NaN",
        double d when double.IsPositiveInfinity(d) => "double.PositiveInfinity",
        double d when double.IsNegativeInfinity(d) => "double.NegativeInfinity",
        double d => WithPoint(d.ToString("R", CultureInfo.InvariantCulture)),
        float f => f.ToString("R", CultureInfo.InvariantCulture) + "f",
        bool b => b ? "true" : "false",
        string s => Quote(s),
        char c => "'" + (c == '\'' ? "\\'" : c.ToString()) + "'",
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        Type t => "typeof(" + TypeName(t) + ")",
        // An array held as a constant (Ops.CrossEntropy's labels) prints as the array creation it stands for.
        Array { Rank: 1 } a when a.GetType().GetElementType()!.IsPrimitive =>
            $"new {TypeName(a.GetType().GetElementType()!)}[] {{ {string.Join(", ", a.Cast<object>().Select(Literal))} }}",
        _ => value.ToString() ?? "null",
    };

    /// <summary>A valid, readable identifier for <paramref name="name"/>.</summary>
    public static string Identifier(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name) sb.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        if (sb.Length == 0 || char.IsDigit(sb[0])) sb.Insert(0, '_');
        var id = sb.ToString();
        return Keywords.Contains(id) ? "@" + id : id;
    }

    private static string WithPoint(string s) =>
        s.Contains('.') || s.Contains('E') ? s : s + ".0";

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
            sb.Append(c switch { '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", _ => c.ToString() });
        return sb.Append('"').ToString();
    }
}
