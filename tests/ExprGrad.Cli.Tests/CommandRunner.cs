namespace ExprGrad.Cli.Tests;

/// <summary>The command's handler run in-process with its output and error captured.</summary>
internal static class CommandRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var code = GradientCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
