namespace ExprGrad.Cli;

/// <summary>Entry point of the <c>exprgrad</c> tool.</summary>
public static class Program
{
    /// <summary>Runs the command on the process's console.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <returns>0 on success; 1 for lambda text that does not compile; 2 for a bad point; 3 when --check fails;
    /// 4 when the function cannot be differentiated or drawn.</returns>
    public static int Main(string[] args) => GradientCommand.Run(args, Console.Out, Console.Error);
}
