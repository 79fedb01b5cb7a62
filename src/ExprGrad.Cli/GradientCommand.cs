using System.CommandLine;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace ExprGrad.Cli;

/// <summary>The <c>exprgrad</c> command: value and gradient at a point, the gradient code, the circuit, the check.
/// Every failure is one line on standard error, starting with <c>error</c>, and a documented <see cref="ExitCode"/>.</summary>
internal static class GradientCommand
{
    private const string Description = """
        ExprGrad: reverse-mode gradients of C# lambdas.

        exprgrad COMPILES AND RUNS the C# text it is given, with your rights: run it only on code you would run yourself.

        Exit codes: 0 ok; 1 the text does not compile; 2 bad arguments (options, --at, --timeout, an existing file
        without --force); 3 --check failed; 4 not differentiable (an unsupported node or parameter type);
        5 the text threw while running; 6 timed out (--timeout).
        """;

    private static readonly Type[] ParameterTypes = [typeof(double), typeof(double[]), typeof(double[,])];

    /// <summary>Parses <paramref name="args"/> and runs the command, writing to the given writers; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var lambda = new Argument<string>("lambda") { Description = "A C# lambda returning double, e.g. \"(x, y, z) => (x + y) * z\"; untyped parameters are double; parameters may be double, double[] or double[,]." };
        var at = new Option<string?>("--at") { Description = "The point: numbers for double parameters, [a,b] for vectors, [[a,b],[c,d]] for matrices, separated by commas." };
        var code = new Option<bool>("--code") { Description = "Print the gradient program as C#." };
        var svg = new Option<FileInfo?>("--svg") { Description = "Write the circuit diagram (values in green, gradients in red) as SVG." };
        var dot = new Option<FileInfo?>("--dot") { Description = "Write the circuit as Graphviz DOT." };
        var force = new Option<bool>("--force") { Description = "Overwrite the --svg or --dot file if it exists." };
        var check = new Option<bool>("--check") { Description = "Compare the gradient with central differences." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds allowed for compiling and running the text (default 10).", DefaultValueFactory = _ => 10 };
        var root = new RootCommand(Description) { lambda, at, code, svg, dot, force, check, timeout };
        root.SetAction(result => (int)Execute(new Request(result.GetValue(lambda)!, result.GetValue(at), result.GetValue(code),
            result.GetValue(svg), result.GetValue(dot), result.GetValue(force), result.GetValue(check), result.GetValue(timeout)), output, error));
        if (args.Length == 0)
            return (int)Fail(error, ExitCode.BadArguments, "give a lambda and a point, e.g. exprgrad \"(x, y) => x * y\" --at 2,3 (exprgrad --help lists the options)");
        var parsed = root.Parse(args);
        // System.CommandLine exits 1 on a parse error; 1 here means "the text does not compile".
        if (parsed.Errors.Count > 0)
            return (int)Fail(error, ExitCode.BadArguments, $"{parsed.Errors[0].Message} (exprgrad --help lists the options)");
        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    private sealed record Request(string Text, string? At, bool Code, FileInfo? Svg, FileInfo? Dot, bool Force, bool Check, double TimeoutSeconds);

    private static ExitCode Execute(Request request, TextWriter output, TextWriter error)
    {
        if (!(request.TimeoutSeconds > 0 && request.TimeoutSeconds <= int.MaxValue / 1000.0))
            return Fail(error, ExitCode.BadArguments, $"--timeout must be a positive number of seconds; it is {request.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)}.");
        if (request.At is null && !request.Code)
            return Fail(error, ExitCode.BadArguments, "give a point with --at (or --code alone to print the gradient program).");
        foreach (var file in new[] { request.Svg, request.Dot })
            if (file is { Exists: true } && !request.Force)
                return Fail(error, ExitCode.BadArguments, $"{file.FullName} exists; add --force to overwrite it.");

        // The worker writes into a buffer, so a run abandoned at its time limit cannot write after the message.
        var buffer = new StringWriter { NewLine = output.NewLine };
        var buffered = TextWriter.Synchronized(buffer);
        try
        {
            var finished = TimeLimit.Run(() => Evaluate(request, buffered, error), TimeSpan.FromSeconds(request.TimeoutSeconds));
            lock (buffered) output.Write(buffer.ToString());
            return finished ?? Fail(error, ExitCode.TimedOut,
                $"compiling and running the text took longer than {request.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s (--timeout); it was stopped.");
        }
        catch (Exception e)
        {
            lock (buffered) output.Write(buffer.ToString());
            return Fail(error, ExitCode.RuntimeError, $"the text threw {e.GetType().Name} while running: {OneLine(e.Message)}");
        }
    }

    /// <summary>Compiles the text and answers the request; exceptions thrown while the text runs propagate.</summary>
    private static ExitCode Evaluate(Request request, TextWriter output, TextWriter error)
    {
        var (f, errors) = LambdaSource.Compile(request.Text);
        if (f is null)
            return Fail(error, ExitCode.DoesNotCompile, OneLine(errors[0]) + (errors.Count > 1 ? $" (and {errors.Count - 1} more)" : ""));
        if (f.Parameters.FirstOrDefault(p => !ParameterTypes.Contains(p.Type)) is { } refused)
            return Fail(error, ExitCode.NotDifferentiable,
                $"parameter '{refused.Name}' is a {refused.Type.Name}; exprgrad differentiates with respect to double, double[] and double[,] parameters (use a constant, or a double and Math.Round inside the lambda).");

        Delegate valueAndGradient;
        try
        {
            if (request.Code) output.Write(GradientCode.Of(f));
            valueAndGradient = Grad.ValueAndGradientExpression(f).Compile();
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException)
        {
            return Fail(error, ExitCode.NotDifferentiable, OneLine(e.Message));
        }
        if (request.At is null) return ExitCode.Ok;
        var (point, problem) = PointParser.Parse(request.At, f.Parameters);
        if (point is null) return Fail(error, ExitCode.BadArguments, OneLine(problem!));

        PrintValueAndGradient(f, Run(valueAndGradient, point), output);
        if (request.Svg is not null || request.Dot is not null)
        {
            Circuit circuit;
            try { circuit = Circuit.Trace(f, point); }
            catch (NotSupportedException e) { return Fail(error, ExitCode.NotDifferentiable, OneLine(e.Message)); }
            if (request.Svg is not null) { SvgRenderer.Save(circuit, request.Svg.FullName, request.Text); output.WriteLine($"circuit written to {request.Svg.FullName}"); }
            if (request.Dot is not null) { File.WriteAllText(request.Dot.FullName, DotRenderer.Render(circuit)); output.WriteLine($"circuit written to {request.Dot.FullName}"); }
        }
        if (request.Check)
        {
            var report = GradientCheck.Run(f, point);
            output.Write(report.ToString());
            if (!report.Passed) return ExitCode.CheckFailed;
        }
        return ExitCode.Ok;
    }

    private static ITuple Run(Delegate compiled, object[] point)
    {
        try { return (ITuple)compiled.DynamicInvoke(point)!; }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
            throw;
        }
    }

    private static ExitCode Fail(TextWriter error, ExitCode code, string message)
    {
        error.WriteLine(message.StartsWith("error", StringComparison.Ordinal) ? message : "error: " + message);
        return code;
    }

    private static string OneLine(string message) => string.Join(" ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static void PrintValueAndGradient(LambdaExpression f, ITuple result, TextWriter output)
    {
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
