using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Shows a gradient program as readable C#: the forward stages one per line (<c>var t3 = x + y;</c>),
/// then the backward stages, with <c>+=</c> where a value fans out, as in the staged examples of the
/// backpropagation notes. The text is real code: with <c>using System; using System.Collections.Generic;
/// using ExprGrad; using ExprGrad.Runtime;</c> it compiles and computes what the compiled gradient computes, calling
/// only public API (<see cref="Ops"/>, and <see cref="ExprGrad.Runtime.Kernels"/> for the backward kernels).
/// </summary>
/// <example><code>
/// Console.WriteLine(GradientCode.Of((Expression&lt;Func&lt;double, double, double, double&gt;&gt;)((x, y, z) =&gt; (x + y) * z)));
/// </code></example>
public static class GradientCode
{
    /// <summary>Prints any lambda expression, typically one returned by
    /// <see cref="Grad.ValueAndGradientExpression"/>, as a C# local function.</summary>
    /// <param name="gradientProgram">The lambda to print.</param>
    /// <returns>C# source text; lines end with <c>\n</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="gradientProgram"/> is null.</exception>
    public static string ToCSharp(LambdaExpression gradientProgram)
    {
        ArgumentNullException.ThrowIfNull(gradientProgram);
        return CSharpPrinter.Function((LambdaExpression)PrintableCalls.Rewrite(gradientProgram));
    }

    /// <summary>Prints any expression (a statement, a block or a single value) as C#.</summary>
    /// <param name="expression">The expression to print.</param>
    /// <returns>C# source text; lines end with <c>\n</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="expression"/> is null.</exception>
    public static string ToCSharp(Expression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        expression = PrintableCalls.Rewrite(expression);
        return expression is LambdaExpression lambda ? CSharpPrinter.Function(lambda) : CSharpPrinter.Statements(expression);
    }

    /// <summary>Differentiates <paramref name="f"/> and prints its value-and-gradient program as C#.</summary>
    /// <param name="f">The function, as a lambda expression the engine accepts.</param>
    /// <returns>The program that computes <c>(value, gradient)</c>, as C# source text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The engine cannot differentiate <paramref name="f"/>.</exception>
    public static string Of(LambdaExpression f) => ToCSharp(Grad.ValueAndGradientExpression(f));
}
