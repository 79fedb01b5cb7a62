using System.Globalization;
using System.Linq.Expressions;

namespace ExprGrad.Cli;

/// <summary>
/// Reads <c>--at</c> values: comma-separated numbers for double parameters, <c>[1,2,3]</c> for a vector,
/// <c>[[1,2],[3,4]]</c> for a matrix, e.g. <c>--at "[2,-3,-3],[-1,-2]"</c>.
/// </summary>
internal static class PointParser
{
    /// <summary>One argument per parameter, or an error message.</summary>
    public static (object[]? Point, string? Error) Parse(string text, IReadOnlyList<ParameterExpression> parameters)
    {
        List<string> items;
        try { items = Split(text.Trim()); }
        catch (FormatException e) { return (null, e.Message); }
        var names = string.Join(", ", parameters.Select(p => p.Name));
        if (items.Count != parameters.Count)
            return (null, $"The lambda has {parameters.Count} parameter{(parameters.Count == 1 ? "" : "s")} ({names}) but --at gives {items.Count} value{(items.Count == 1 ? "" : "s")}: {text}");
        var point = new object[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            try { point[i] = Value(items[i], parameters[i].Type); }
            catch (FormatException) { return (null, $"--at value {i + 1} ('{items[i]}') is not a {Describe(parameters[i].Type)} for parameter '{parameters[i].Name}'."); }
        }
        return (point, null);
    }

    private static object Value(string item, Type type)
    {
        if (type == typeof(double)) return Number(item);
        var rows = Split(Unwrap(item));
        if (type == typeof(double[])) return rows.Select(Number).ToArray();
        if (type != typeof(double[,])) throw new FormatException();
        var cells = rows.Select(r => Split(Unwrap(r)).Select(Number).ToArray()).ToArray();
        if (cells.Length == 0 || cells.Any(r => r.Length != cells[0].Length)) throw new FormatException();
        var m = new double[cells.Length, cells[0].Length];
        for (int i = 0; i < cells.Length; i++)
            for (int j = 0; j < cells[i].Length; j++) m[i, j] = cells[i][j];
        return m;
    }

    private static double Number(string s) =>
        double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw new FormatException();

    private static string Unwrap(string s)
    {
        s = s.Trim();
        return s.StartsWith('[') && s.EndsWith(']') ? s[1..^1] : throw new FormatException();
    }

    /// <summary>Splits at the commas that are not inside brackets.</summary>
    private static List<string> Split(string s)
    {
        var items = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '[') depth++;
            else if (s[i] == ']' && --depth < 0) throw new FormatException($"Unbalanced ']' in --at: {s}");
            else if (s[i] == ',' && depth == 0) { items.Add(s[start..i].Trim()); start = i + 1; }
        }
        if (depth != 0) throw new FormatException($"Unbalanced '[' in --at: {s}");
        if (s.Length > 0) items.Add(s[start..].Trim());
        return items;
    }

    private static string Describe(Type t) => t == typeof(double) ? "number" : t == typeof(double[]) ? "vector [a,b,…]" : "matrix [[a,b],[c,d]]";
}
