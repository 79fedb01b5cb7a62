using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace ExprGrad;

/// <summary>
/// Draws a <see cref="Circuit"/> as a self-contained SVG in the style of the backpropagation notes: inputs
/// on the left, gates as circles with their symbol, every wire labelled with its forward value in green above
/// it and its gradient in red below it. Each wire is a <c>&lt;g class="wire"&gt;</c> whose
/// <c>data-value</c> and <c>data-gradient</c> attributes hold the exact numbers.
/// </summary>
public static class SvgRenderer
{
    private const string ValueColor = "#1a7f37", GradientColor = "#cf222e", Ink = "#24292f";
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>The circuit as an SVG document.</summary>
    /// <param name="circuit">A traced circuit.</param>
    /// <param name="title">An optional caption drawn at the top.</param>
    /// <returns>The SVG source text.</returns>
    public static string Render(Circuit circuit, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var layout = new CircuitLayout(circuit);
        double captionHeight = title is null ? 0 : 28;
        var root = new XElement(Svg + "svg",
            new XAttribute("width", N(layout.Width)), new XAttribute("height", N(layout.Height + captionHeight)),
            new XAttribute("viewBox", $"0 0 {N(layout.Width)} {N(layout.Height + captionHeight)}"),
            new XAttribute("font-family", "DejaVu Sans, Helvetica, Arial, sans-serif"),
            new XElement(Svg + "rect", new XAttribute("width", "100%"), new XAttribute("height", "100%"), new XAttribute("fill", "white")));
        if (title is not null)
            root.Add(Text(12, 20, title, Ink, "start", 14, "title"));
        var body = new XElement(Svg + "g", new XAttribute("transform", $"translate(0,{N(captionHeight)})"));
        root.Add(body);
        foreach (var wire in circuit.Wires) body.Add(Wire(wire, layout));
        foreach (var node in circuit.Nodes) body.Add(Node(node, layout));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root).Declaration + "\n" + root.ToString();
    }

    /// <summary>Writes the SVG of <paramref name="circuit"/> to <paramref name="path"/>.</summary>
    /// <param name="circuit">A traced circuit.</param>
    /// <param name="path">The file to write (UTF-8).</param>
    /// <param name="title">An optional caption.</param>
    public static void Save(Circuit circuit, string path, string? title = null) =>
        File.WriteAllText(path, Render(circuit, title), new UTF8Encoding(false));

    private static XElement Wire(CircuitWire wire, CircuitLayout layout)
    {
        var (sx, sy) = layout.Source(wire.From);
        double ex, ey, labelX;
        string path;
        if (wire.To is null)
        {
            (ex, ey) = (sx + CircuitLayout.RunIn + 10, sy);
            labelX = (sx + ex) / 2;
            path = $"M{N(sx)},{N(sy)} H{N(ex)}";
        }
        else
        {
            (ex, ey) = layout.PortPoint(wire);
            var bend = ex - CircuitLayout.RunIn;
            labelX = bend + CircuitLayout.RunIn / 2 - 4;
            var d = new StringBuilder($"M{N(sx)},{N(sy)}");
            var (px, py) = (sx, sy);
            foreach (var (wx, wy) in layout.Waypoints(wire))
            {
                Curve(d, px, py, wx - CircuitLayout.Radius, wy);
                d.Append($" H{N(wx + CircuitLayout.Radius)}");
                (px, py) = (wx + CircuitLayout.Radius, wy);
            }
            Curve(d, px, py, bend, ey);
            path = d.Append($" H{N(ex)}").ToString();
        }
        var g = new XElement(Svg + "g", new XAttribute("class", "wire"),
            new XAttribute("data-from", wire.From.Label), new XAttribute("data-to", wire.To?.Label ?? "output"),
            new XAttribute("data-port", wire.Port),
            new XAttribute("data-value", CircuitNumbers.Exact(wire.Value)), new XAttribute("data-gradient", CircuitNumbers.Exact(wire.Gradient)),
            new XElement(Svg + "path", new XAttribute("d", path), new XAttribute("fill", "none"),
                new XAttribute("stroke", Ink), new XAttribute("stroke-width", "1.4")),
            Text(labelX, ey - 5, CircuitNumbers.Format(wire.Value), ValueColor, "middle", 12, "value"),
            Text(labelX, ey + 15, CircuitNumbers.Format(wire.Gradient), GradientColor, "middle", 12, "gradient"));
        if (wire.To is null)
            g.Add(new XElement(Svg + "path", new XAttribute("d", $"M{N(ex - 7)},{N(ey - 4)} L{N(ex)},{N(ey)} L{N(ex - 7)},{N(ey + 4)}"),
                new XAttribute("fill", "none"), new XAttribute("stroke", Ink), new XAttribute("stroke-width", "1.4")));
        return g;
    }

    // An S-curve with horizontal ends, the shape of the wires in the notes.
    private static void Curve(StringBuilder d, double x0, double y0, double x1, double y1)
    {
        var mid = (x0 + x1) / 2;
        d.Append($" C{N(mid)},{N(y0)} {N(mid)},{N(y1)} {N(x1)},{N(y1)}");
    }

    private static XElement Node(CircuitNode node, CircuitLayout layout)
    {
        var (x, y) = layout.Position[node];
        var g = new XElement(Svg + "g", new XAttribute("class", node.Kind.ToString().ToLowerInvariant()),
            new XAttribute("data-label", node.Label), new XAttribute("data-value", CircuitNumbers.Exact(node.Value)),
            new XAttribute("data-gradient", CircuitNumbers.Exact(node.Gradient)));
        if (node.Kind == CircuitNodeKind.Gate)
        {
            g.Add(new XElement(Svg + "circle", new XAttribute("cx", N(x)), new XAttribute("cy", N(y)), new XAttribute("r", N(CircuitLayout.Radius)),
                new XAttribute("fill", "#f6f8fa"), new XAttribute("stroke", Ink), new XAttribute("stroke-width", "1.6")));
            var size = node.Label.Length <= 1 ? 18 : node.Label.Length <= 3 ? 13 : 11;
            g.Add(Text(x, y + size * 0.35, node.Label, Ink, "middle", size, "symbol"));
        }
        else
        {
            var italic = node.Kind == CircuitNodeKind.Input;
            var label = Text(x - 2, y + 5, node.Label, Ink, "end", 15, "name");
            if (italic) label.Add(new XAttribute("font-style", "italic"));
            g.Add(label);
        }
        return g;
    }

    private static XElement Text(double x, double y, string text, string color, string anchor, double size, string cls) =>
        new(Svg + "text", new XAttribute("class", cls), new XAttribute("x", N(x)), new XAttribute("y", N(y)),
            new XAttribute("fill", color), new XAttribute("font-size", N(size)), new XAttribute("text-anchor", anchor), text);

    private static string N(double v) => Math.Round(v, 1).ToString(CultureInfo.InvariantCulture);
}
