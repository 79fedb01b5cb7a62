using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.DotNet.Interactive.Formatting;

namespace ExprGrad.Interactive;

/// <summary>
/// Formatters for Polyglot Notebooks and Jupyter (.NET Interactive): after <see cref="Register"/>, a cell whose
/// value is a <see cref="Circuit"/> shows the circuit as SVG, a <see cref="GradientCheckReport"/> as a table, and a
/// <see cref="PrintedGradient"/> as C# code. The HTML is also available directly, for use outside a notebook.
/// </summary>
public static class NotebookFormatters
{
    /// <summary>The MIME type the formatters write.</summary>
    public const string HtmlMimeType = "text/html";

    /// <summary>Registers the three formatters with .NET Interactive's <see cref="Formatter"/>; calling it again is harmless.</summary>
    public static void Register()
    {
        Formatter.Register<Circuit>((circuit, writer) => writer.Write(CircuitHtml(circuit)), HtmlMimeType);
        Formatter.Register<GradientCheckReport>((report, writer) => writer.Write(ReportHtml(report)), HtmlMimeType);
        Formatter.Register<PrintedGradient>((code, writer) => writer.Write(CodeHtml(code)), HtmlMimeType);
    }

    /// <summary>The circuit as inline SVG (<see cref="SvgRenderer"/>): values above the wires, gradients below.</summary>
    /// <param name="circuit">The traced circuit.</param>
    /// <returns>HTML holding one <c>svg</c> element.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="circuit"/> is null.</exception>
    public static string CircuitHtml(Circuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var svg = SvgRenderer.Render(circuit);
        // A notebook puts the markup inside its page: the XML declaration of a standalone file does not belong there.
        return svg.StartsWith("<?xml", StringComparison.Ordinal) ? svg[(svg.IndexOf("?>", StringComparison.Ordinal) + 2)..].TrimStart() : svg;
    }

    /// <summary>The report as an HTML table: one row per comparison (name, engine, finite differences, relative
    /// error, passed), under a line saying whether the check passed.</summary>
    /// <param name="report">The report of <see cref="GradientCheck.Run(System.Linq.Expressions.LambdaExpression, object[])"/>.</param>
    /// <returns>HTML: a paragraph and a table.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="report"/> is null.</exception>
    public static string ReportHtml(GradientCheckReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append("<div class=\"exprgrad-report\"><p><b>").Append(report.Passed ? "Gradient check passed" : "Gradient check FAILED")
            .Append("</b> for <code>").Append(Encode(report.Function)).Append("</code>, value ").Append(Number(report.Value)).Append("</p>\n");
        html.Append("<table><thead><tr><th>component</th><th>engine</th><th>finite differences</th><th>relative error</th><th>passed</th></tr></thead><tbody>\n");
        foreach (var c in report.Comparisons)
            html.Append("<tr><td>").Append(Encode(c.Name)).Append("</td><td>").Append(Number(c.Analytic)).Append("</td><td>")
                .Append(Number(c.Numeric)).Append("</td><td>").Append(c.RelativeError.ToString("0.##e+0", CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(c.Passed ? "✓" : "✗").Append("</td></tr>\n");
        return html.Append("</tbody></table></div>").ToString();
    }

    /// <summary>The printed gradient program as an HTML code block (escaped, marked as C# for highlighters).</summary>
    /// <param name="code">The printed program.</param>
    /// <returns>HTML: one <c>pre</c> element.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    public static string CodeHtml(PrintedGradient code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return "<pre><code class=\"language-csharp\">" + Encode(code.Code) + "</code></pre>";
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
