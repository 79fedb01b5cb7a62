namespace ExprGrad.Cli;

/// <summary>Entry point of the <c>exprgrad</c> tool.</summary>
public static class Program
{
    /// <summary>Runs the command on the process's console.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <returns>0 ok; 1 the text does not compile; 2 bad arguments; 3 --check failed; 4 not differentiable;
    /// 5 the text threw while running; 6 timed out (see <c>ExitCode</c>).</returns>
    public static int Main(string[] args) => GradientCommand.Run(args, Console.Out, Console.Error);
}
