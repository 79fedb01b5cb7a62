using System.Diagnostics;

namespace ExprGrad.Cli.Tests;

/// <summary>Issue 19: each hostile input gets its documented exit code and one line on standard error, never a stack trace.</summary>
public class HostileInputTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CommandRunner.Run(args);

    private static void OneErrorLine(string error, string contains)
    {
        Assert.Equal(1, error.Count(c => c == '\n'));
        Assert.StartsWith("error", error);
        Assert.Contains(contains, error);
        Assert.DoesNotContain("   at ", error);
    }

    [Theory]
    [InlineData("(int n) => n * 2.0", "'n' is a Int32")]
    [InlineData("(float x) => x * 2.0", "'x' is a Single")]
    [InlineData("(double[][] rows) => rows[0][0]", "'rows' is a Double[][]")]
    [InlineData("(string s) => s.Length", "'s' is a String")]
    public void A_parameter_type_it_cannot_differentiate_is_refused_with_a_sentence(string lambda, string named)
    {
        var (code, output, error) = Run(lambda, "--at", "1");
        Assert.Equal(4, code);
        Assert.Equal("", output);
        OneErrorLine(error, named);
    }

    [Fact]
    public void A_node_it_cannot_differentiate_exits_4()
    {
        var (code, _, error) = Run("x => BitIncrement(x)", "--at", "1");
        Assert.Equal(4, code);
        OneErrorLine(error, "BitIncrement");
    }

    [Fact]
    public void Text_that_throws_while_running_exits_5_and_keeps_what_was_printed_before()
    {
        var (code, output, error) = Run("(double[] w) => w[0] * w[3]", "--at", "[1,2]", "--code");
        Assert.Equal(5, code);
        Assert.Contains("return", output);   // the gradient program, printed before the point was evaluated
        OneErrorLine(error, "IndexOutOfRangeException");
    }

    [Fact]
    public void Text_that_does_not_compile_exits_1_on_one_line_counting_the_other_errors()
    {
        var (code, _, error) = Run("(x, y) => q * r", "--at", "1,2");
        Assert.Equal(1, code);
        OneErrorLine(error, "CS0103");
        Assert.Contains("(and 1 more)", error);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--timeout", "soon")]
    [InlineData("--timeout", "-1")]
    [InlineData("--timeout", "0")]
    [InlineData("--at", "1,[2")]
    public void Bad_arguments_exit_2(params string[] extra)
    {
        var (code, output, error) = Run(["x => x * x", .. extra]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        OneErrorLine(error, "");
    }

    [Fact]
    public void No_lambda_at_all_exits_2()
    {
        var (code, _, error) = Run();
        Assert.Equal(2, code);
        OneErrorLine(error, "lambda");
    }

    [Fact]
    public void A_failing_check_exits_3()
    {
        // |x − 10⁻⁴| at x = 10⁻⁴ + 10⁻⁶: the derivative is 1, the central difference across the kink ≈ 10⁻³.
        var (code, output, _) = Run("x => Abs(x - 0.0001)", "--at", "0.000101", "--check");
        Assert.Equal(3, code);
        Assert.Contains("FAILED", output);
    }

    [Fact]
    public void An_existing_file_is_not_overwritten_without_force()
    {
        var svg = Path.Combine(Path.GetTempPath(), $"exprgrad-cli-{Guid.NewGuid():N}.svg");
        File.WriteAllText(svg, "keep me");
        try
        {
            var (code, output, error) = Run("(x, y) => x * y", "--at", "2,3", "--svg", svg);
            Assert.Equal(2, code);
            Assert.Equal("", output);
            OneErrorLine(error, "--force");
            Assert.Equal("keep me", File.ReadAllText(svg));

            (code, _, error) = Run("(x, y) => x * y", "--at", "2,3", "--svg", svg, "--force");
            Assert.Equal(0, code);
            Assert.Equal("", error);
            Assert.Contains("<svg", File.ReadAllText(svg));
        }
        finally
        {
            File.Delete(svg);
        }
    }

    [Fact]
    public void Help_says_it_runs_the_code_and_lists_the_exit_codes()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("COMPILES AND RUNS", output);
        Assert.Contains("6 timed out", output);
    }

    /// <summary>A run that would take minutes is stopped at --timeout. Run as the real tool in its own process, so the
    /// abandoned computation dies with it instead of burning the test host's CPU.</summary>
    [Fact]
    public void A_run_past_its_time_limit_exits_6()
    {
        var tool = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "ExprGrad.Cli.exe" : "ExprGrad.Cli");
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "x => Sum(int.MaxValue, i => Sin(x + i))", "--at", "1", "--timeout", "3" }) start.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(120)), "the tool did not stop");
        Assert.Equal(6, process.ExitCode);
        OneErrorLine(error.Result, "--timeout");
        Assert.Equal("", output.Result);
        // 2³¹ sines take far longer than the 3 s limit plus the tool's start.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }
}
