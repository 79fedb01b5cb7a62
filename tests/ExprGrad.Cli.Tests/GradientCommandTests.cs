using System.Xml.Linq;

namespace ExprGrad.Cli.Tests;

/// <summary>The command's handler run in-process with captured output.</summary>
public class GradientCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CommandRunner.Run(args);

    [Theory]
    [InlineData("(double x, double y, double z) => (x + y) * z")]
    [InlineData("(x, y, z) => (x + y) * z")]
    public void Prints_the_value_and_gradient_at_the_point(string lambda)
    {
        var (code, output, error) = Run(lambda, "--at", "-2,5,-4");

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal("value = -12\nd/dx = -4\nd/dy = -4\nd/dz = 3\n", output);
    }

    [Fact]
    public void Vectors_are_written_in_brackets_and_Math_and_Ops_need_no_prefix()
    {
        var (code, output, _) = Run("(double[] w, double b) => Sigmoid(w[0] * w[1] + b) + Exp(0)", "--at", "[1,2],-2");
        Assert.Equal(0, code);
        Assert.Equal("value = 1.5\nd/dw = [0.5, 0.25]\nd/db = 0.25\n", output);
    }

    [Fact]
    public void Code_prints_the_gradient_program()
    {
        var (code, output, _) = Run("(x, y, z) => (x + y) * z", "--code");
        Assert.Equal(0, code);
        Assert.Contains("var t3 = x + y;", output);
        Assert.Contains("return (t4, (dt3, dt3, dz));", output);
    }

    [Fact]
    public void Svg_and_dot_write_the_circuit()
    {
        var svg = Path.Combine(Path.GetTempPath(), $"exprgrad-cli-{Guid.NewGuid():N}.svg");
        var dot = Path.ChangeExtension(svg, ".dot");
        try
        {
            var (code, _, _) = Run("(x, y, z) => (x + y) * z", "--at", "-2,5,-4", "--svg", svg, "--dot", dot);
            Assert.Equal(0, code);
            var wires = XDocument.Load(svg).Descendants().Where(e => (string?)e.Attribute("class") == "wire").ToList();
            Assert.Equal(5, wires.Count);
            Assert.StartsWith("digraph", File.ReadAllText(dot));
        }
        finally
        {
            File.Delete(svg);
            File.Delete(dot);
        }
    }

    [Fact]
    public void Check_prints_the_report_and_passes()
    {
        var (code, output, _) = Run("(x, y) => x * Exp(y) + Sigmoid(x)", "--at", "1,2", "--check");
        Assert.Equal(0, code);
        Assert.Contains("PASSED", output);
    }

    [Fact]
    public void Bad_lambda_text_prints_the_compiler_diagnostics_and_fails()
    {
        var (code, output, error) = Run("(x, y) => x * q", "--at", "1,2");
        Assert.NotEqual(0, code);
        Assert.Equal("", output);
        Assert.Contains("CS0103", error);
        Assert.Contains("'q'", error);
    }

    [Fact]
    public void Text_that_is_not_a_lambda_fails_with_a_message()
    {
        var (code, _, error) = Run("x + ", "--at", "1");
        Assert.NotEqual(0, code);
        Assert.StartsWith("error", error);
    }

    [Fact]
    public void A_wrong_number_of_values_names_the_parameters_and_fails()
    {
        var (code, output, error) = Run("(x, y, z) => (x + y) * z", "--at", "-2,5");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("3 parameters (x, y, z) but --at gives 2 values", error);
    }

    [Fact]
    public void Functions_without_a_circuit_form_fail_cleanly_when_drawn()
    {
        var svg = Path.Combine(Path.GetTempPath(), $"exprgrad-cli-{Guid.NewGuid():N}.svg");
        var (code, _, error) = Run("(double[] w) => Sum(w.Length, i => w[i] * w[i])", "--at", "[1,2]", "--svg", svg);
        Assert.Equal(4, code);
        Assert.Contains("circuit", error);
        Assert.False(File.Exists(svg));
    }
}
