using System.Linq.Expressions;

namespace ExprGrad.Interactive;

/// <summary>
/// A gradient program printed as C#, as a value of its own type, so that a notebook shows it as highlighted code
/// rather than as one long string.
/// </summary>
/// <param name="Code">The C# text, as <see cref="GradientCode"/> prints it.</param>
public sealed record PrintedGradient(string Code)
{
    /// <summary>Differentiates <paramref name="f"/> and prints its value-and-gradient program (<see cref="GradientCode.Of"/>).</summary>
    /// <param name="f">The function, as a lambda expression the engine accepts.</param>
    /// <returns>The printed program.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The engine cannot differentiate <paramref name="f"/>.</exception>
    public static PrintedGradient Of(LambdaExpression f) => new(GradientCode.Of(f));

    /// <inheritdoc/>
    public override string ToString() => Code;
}
