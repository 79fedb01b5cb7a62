using System.CommandLine;
using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace ExprGrad.Cli;

/// <summary>The <c>exprgrad</c> command: value and gradient at a point, the gradient code, the circuit, the check.</summary>
internal static class GradientCommand
{
    /// <summary>Parses <paramref name="args"/> and runs the command, writing to the given writers; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var lambda = new Argument<string>("lambda") { Description = "A C# lambda returning double, e.g. \"(x, y, z) => (x + y) * z\"; untyped parameters are double." };
        var at = new Option<string?>("--at") { Description = "The point: numbers for double parameters, [a,b] for vectors, [[a,b],[c,d]] for matrices, separated by commas." };
        var code = new Option<bool>("--code") { Description = "Print the gradient program as C#." };
        var svg = new Option<FileInfo?>("--svg") { Description = "Write the circuit diagram (values in green, gradients in red) as SVG." };
        var dot = new Option<FileInfo?>("--dot") { Description = "Write the circuit as Graphviz DOT." };
        var check = new Option<bool>("--check") { Description = "Compare the gradient with central differences." };
        var root = new RootCommand("ExprGrad: reverse-mode gradients of C# lambdas.") { lambda, at, code, svg, dot, check };
        root.SetAction(result => Execute(result.GetValue(lambda)!, result.GetValue(at), result.GetValue(code), result.GetValue(svg),
            result.GetValue(dot), result.GetValue(check), output, error));
        return root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    private static int Execute(string text, string? at, bool code, FileInfo? svg, FileInfo? dot, bool check, TextWriter output, TextWriter error)
    {
        var (f, errors) = LambdaSource.Compile(text);
        if (f is null)
        {
            foreach (var e in errors) error.WriteLine(e);
            return 1;
        }
        try
        {
            if (code) output.Write(GradientCode.Of(f));
            if (at is null)
            {
                if (!code) { error.WriteLine("Give a point with --at (or --code alone to print the gradient program)."); return 2; }
                return 0;
            }
            var (point, problem) = PointParser.Parse(at, f.Parameters);
            if (point is null)
            {
                error.WriteLine(problem);
                return 2;
            }
            PrintValueAndGradient(f, point, output);
            if (svg is not null || dot is not null)
            {
                var circuit = Circuit.Trace(f, point);
                if (svg is not null) { SvgRenderer.Save(circuit, svg.FullName, text); output.WriteLine($"circuit written to {svg.FullName}"); }
                if (dot is not null) { File.WriteAllText(dot.FullName, DotRenderer.Render(circuit)); output.WriteLine($"circuit written to {dot.FullName}"); }
            }
            if (check)
            {
                var report = GradientCheck.Run(f, point);
                output.Write(report.ToString());
                if (!report.Passed) return 3;
            }
            return 0;
        }
        catch (NotSupportedException e)
        {
            error.WriteLine(e.Message);
            return 4;
        }
    }

    private static void PrintValueAndGradient(LambdaExpression f, object[] point, TextWriter output)
    {
        var result = (ITuple)Grad.ValueAndGradientExpression(f).Compile().DynamicInvoke(point)!;
        output.WriteLine($"value = {Format(result[0])}");
        var gradient = f.Parameters.Count == 1 ? [result[1]] : Items((ITuple)result[1]!);
        for (int i = 0; i < f.Parameters.Count; i++)
            output.WriteLine($"d/d{f.Parameters[i].Name} = {Format(gradient[i])}");
    }

    private static object?[] Items(ITuple t) => [.. Enumerable.Range(0, t.Length).Select(i => t[i])];

    private static string Format(object? value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        double[] v => "[" + string.Join(", ", v.Select(d => d.ToString("R", CultureInfo.InvariantCulture))) + "]",
        double[,] m => "[" + string.Join(", ", Enumerable.Range(0, m.GetLength(0)).Select(i =>
            "[" + string.Join(", ", Enumerable.Range(0, m.GetLength(1)).Select(j => m[i, j].ToString("R", CultureInfo.InvariantCulture))) + "]")) + "]",
        _ => value?.ToString() ?? "null",
    };
}
