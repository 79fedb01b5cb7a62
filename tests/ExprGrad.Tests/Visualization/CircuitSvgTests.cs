using System.Globalization;
using System.Linq.Expressions;
using System.Xml.Linq;

namespace ExprGrad.Tests.Visualization;

/// <summary>Reads the rendered SVG back as XML and checks the numbers written on every wire.
/// Expected values are derived by hand below, not copied from the notes.</summary>
public class CircuitSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private sealed record WireLabel(string From, string To, double Value, double Gradient, string ValueText, string GradientText);

    private static List<WireLabel> Wires(string svg) =>
        XDocument.Parse(svg).Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "wire")
            .Select(g => new WireLabel(
                (string)g.Attribute("data-from")!, (string)g.Attribute("data-to")!,
                double.Parse((string)g.Attribute("data-value")!, CultureInfo.InvariantCulture),
                double.Parse((string)g.Attribute("data-gradient")!, CultureInfo.InvariantCulture),
                g.Elements(Svg + "text").Single(t => (string?)t.Attribute("class") == "value").Value,
                g.Elements(Svg + "text").Single(t => (string?)t.Attribute("class") == "gradient").Value))
            .ToList();

    [Fact]
    public void Add_then_multiply_labels_each_wire_with_its_value_and_gradient()
    {
        // q = x + y = 3, f = q·z = -12; ∂f/∂q = z = -4, so ∂f/∂x = ∂f/∂y = -4; ∂f/∂z = q = 3.
        var svg = SvgRenderer.Render(Circuit.Trace((Expression<Func<double, double, double, double>>)((x, y, z) => (x + y) * z), -2.0, 5.0, -4.0));
        var wires = Wires(svg);

        Assert.Equal(
            [("x", "+", "-2", "-4"), ("y", "+", "5", "-4"), ("+", "*", "3", "-4"), ("z", "*", "-4", "3"), ("*", "output", "-12", "1")],
            wires.Select(w => (w.From, w.To, w.ValueText, w.GradientText)).ToList());
        Assert.All(wires, w => Assert.Equal(w.Value, double.Parse(w.ValueText, CultureInfo.InvariantCulture)));
        Assert.All(wires, w => Assert.Equal(w.Gradient, double.Parse(w.GradientText, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Gate_patterns_add_distributes_max_routes_multiply_swaps()
    {
        // x·y = -12, max(z, w) = 2, sum = -10, f = 2·(-10) = -20.
        // The outer * swaps: the sum's wire gets 2, the constant's wire gets -10. The + distributes 2 to both.
        // max routes all of it to z (2 > -1): z gets 2, w gets 0. The inner * swaps: x gets 2·y = -8, y gets 2·x = 6.
        var f = (Expression<Func<double, double, double, double, double>>)((x, y, z, w) => 2 * (x * y + Math.Max(z, w)));
        var wires = Wires(SvgRenderer.Render(Circuit.Trace(f, 3.0, -4.0, 2.0, -1.0), "gate patterns"));

        (double, double) On(string from, string to) => wires.Where(w => w.From == from && w.To == to).Select(w => (w.Value, w.Gradient)).Single();
        Assert.Equal((3.0, -8.0), On("x", "*"));
        Assert.Equal((-4.0, 6.0), On("y", "*"));
        Assert.Equal((2.0, 2.0), On("z", "max"));
        Assert.Equal((-1.0, 0.0), On("w", "max"));
        Assert.Equal((-12.0, 2.0), On("*", "+"));
        Assert.Equal((2.0, 2.0), On("max", "+"));
        Assert.Equal((-10.0, 2.0), On("+", "*"));
        Assert.Equal((2.0, -10.0), On("2", "*"));
        Assert.Equal((-20.0, 1.0), On("*", "output"));
    }

    [Fact]
    public void The_svg_is_self_contained_and_every_number_is_drawn_in_its_colour()
    {
        var f = (Expression<Func<double, double, double>>)((x, y) => Math.Exp(x) * y);
        var doc = XDocument.Parse(SvgRenderer.Render(Circuit.Trace(f, 0.0, 2.0)));

        Assert.DoesNotContain(doc.Descendants(), e => e.Attribute("href") is not null || e.Name.LocalName is "image" or "script");
        var texts = doc.Descendants(Svg + "text").ToList();
        Assert.All(texts.Where(t => (string?)t.Attribute("class") == "value"), t => Assert.Equal("#1a7f37", (string?)t.Attribute("fill")));
        Assert.All(texts.Where(t => (string?)t.Attribute("class") == "gradient"), t => Assert.Equal("#cf222e", (string?)t.Attribute("fill")));
        Assert.Contains(texts, t => t.Value == "exp");
    }
}
