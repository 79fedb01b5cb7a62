namespace ExprGrad.Cli;

/// <summary>The documented exit codes of <c>exprgrad</c>: scripts tell failures apart by them.</summary>
internal enum ExitCode
{
    /// <summary>Everything asked for was printed or written.</summary>
    Ok = 0,

    /// <summary>The text is not a lambda that compiles.</summary>
    DoesNotCompile = 1,

    /// <summary>A command-line argument is wrong: an unknown option, a bad <c>--at</c> or <c>--timeout</c>, a file that exists without <c>--force</c>.</summary>
    BadArguments = 2,

    /// <summary><c>--check</c> found the gradient disagreeing with central differences.</summary>
    CheckFailed = 3,

    /// <summary>The function cannot be differentiated (or drawn): an unsupported node or parameter type.</summary>
    NotDifferentiable = 4,

    /// <summary>The text threw while it ran at the point (an index out of range, a shape mismatch…).</summary>
    RuntimeError = 5,

    /// <summary>Compiling and running the text took longer than <c>--timeout</c>.</summary>
    TimedOut = 6,
}
