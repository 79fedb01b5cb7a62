using System.Linq.Expressions;
using Microsoft.DotNet.Interactive.Formatting;

namespace ExprGrad.Interactive.Tests;

/// <summary>Each formatter, through .NET Interactive's Formatter as a notebook calls it, and its content.</summary>
public class NotebookFormattersTests
{
    // The circuit of the notes: f = (x + y)·z at (−2, 5, −4), q = x + y = 3, f = −12, ∂f/∂z = q = 3, ∂f/∂x = ∂f/∂y = z = −4.
    private static readonly Expression<Func<double, double, double, double>> F = (x, y, z) => (x + y) * z;

    public NotebookFormattersTests() => NotebookFormatters.Register();

    [Fact]
    public void A_circuit_displays_as_inline_svg_with_its_values_and_gradients()
    {
        var html = Formatter.ToDisplayString(Circuit.Trace(F, -2.0, 5.0, -4.0), NotebookFormatters.HtmlMimeType);

        Assert.StartsWith("<svg", html);
        Assert.DoesNotContain("<?xml", html);
        Assert.EndsWith("</svg>", html.TrimEnd());
        Assert.Contains(">-12<", html); // the output's value
        Assert.Contains(">-4<", html);  // the gradient on x and y
        Assert.Contains(">3<", html);   // q, and the gradient on z
    }

    [Fact]
    public void A_gradient_check_report_displays_as_a_table_with_one_row_per_component()
    {
        var report = GradientCheck.Run(F, -2.0, 5.0, -4.0);
        var html = Formatter.ToDisplayString(report, NotebookFormatters.HtmlMimeType);

        Assert.Contains("Gradient check passed", html);
        Assert.Contains("<table>", html);
        Assert.Equal(report.Comparisons.Count, html.Split("<tr><td>").Length - 1);
        // The engine's exact gradient appears in its column: −4, −4, 3.
        Assert.Contains("</td><td>-4</td>", html);
        Assert.Contains("</td><td>3</td>", html);
        Assert.Contains("✓", html);
        Assert.DoesNotContain("✗", html);
    }

    [Fact]
    public void Printed_gradient_code_displays_as_an_escaped_csharp_block()
    {
        Expression<Func<double[], double>> f = w => w[0] < w[1] ? w[0] * w[1] : w[0];
        var printed = PrintedGradient.Of(f);
        var html = Formatter.ToDisplayString(printed, NotebookFormatters.HtmlMimeType);

        Assert.StartsWith("<pre><code class=\"language-csharp\">", html);
        Assert.Contains("w[0] &lt; w[1]", html); // '<' escaped, not taken for a tag
        Assert.DoesNotContain("w[0] < w[1]", html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(printed.Code), html);
    }

    [Fact]
    public void Registering_twice_keeps_one_rendering()
    {
        NotebookFormatters.Register();
        var html = Formatter.ToDisplayString(new PrintedGradient("x"), NotebookFormatters.HtmlMimeType);
        Assert.Equal("<pre><code class=\"language-csharp\">x</code></pre>", html);
    }
}
