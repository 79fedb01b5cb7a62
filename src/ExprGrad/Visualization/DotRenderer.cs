using System.Globalization;
using System.Text;

namespace ExprGrad;

/// <summary>
/// Writes a <see cref="Circuit"/> as a Graphviz DOT digraph laid out left to right: gates as circles,
/// inputs and constants as plain text, each edge labelled with its forward value (green) over its gradient (red).
/// </summary>
public static class DotRenderer
{
    /// <summary>The circuit in the DOT language.</summary>
    /// <param name="circuit">A traced circuit.</param>
    /// <param name="name">The graph's name.</param>
    /// <returns>DOT source text, for <c>dot -Tsvg</c> and similar tools.</returns>
    public static string Render(Circuit circuit, string name = "circuit")
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var sb = new StringBuilder();
        sb.Append("digraph ").Append(Quote(name)).Append(" {\n");
        sb.Append("  rankdir=LR;\n");
        sb.Append("  node [fontname=\"Helvetica\"];\n");
        sb.Append("  edge [fontname=\"Helvetica\", fontsize=10, arrowsize=0.6];\n");
        foreach (var n in circuit.Nodes)
        {
            var shape = n.Kind == CircuitNodeKind.Gate ? "circle, width=0.5, fixedsize=true" : "plaintext";
            sb.Append(CultureInfo.InvariantCulture, $"  n{n.Id} [shape={shape}, label={Quote(n.Label)}];\n");
        }
        sb.Append("  output [shape=plaintext, label=\"f\"];\n");
        foreach (var w in circuit.Wires)
        {
            var to = w.To is null ? "output" : "n" + w.To.Id;
            sb.Append(CultureInfo.InvariantCulture,
                $"  n{w.From.Id} -> {to} [label=<<font color=\"#1a7f37\">{Html(CircuitNumbers.Format(w.Value))}</font><br/><font color=\"#cf222e\">{Html(CircuitNumbers.Format(w.Gradient))}</font>>];\n");
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string Html(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
