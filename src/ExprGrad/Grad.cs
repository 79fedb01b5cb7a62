using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Reverse-mode automatic differentiation of C# and F# lambdas. <c>Grad.Of(f)</c> differentiates the
/// expression tree of <c>f</c> into a new tree and compiles it once into a delegate that computes the
/// gradient. Each parameter may be <c>double</c>, <c>double[]</c> or <c>double[,]</c>; its gradient has
/// the parameter's own type and shape. Compiled gradients are thread-safe and may be called any number
/// of times; closure variables are read at each call.
/// </summary>
/// <example><code>
/// var grad = Grad.Of((double x, double y, double z) =&gt; (x + y) * z);
/// var (dx, dy, dz) = grad(-2, 5, -4);   // (-4, -4, 3)
/// </code></example>
public static partial class Grad
{

    /// <summary>Compiles the gradient of a function of 1 parameter.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the gradient.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not double, double[] or double[,].</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate (an <see cref="UnsupportedExpressionException"/>).</exception>
    public static Func<T1, T1> Of<T1>(Expression<Func<T1, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, T1>>(f, ProgramKind.Gradient, options);

    /// <summary>Compiles a delegate returning the value and the gradient of a function of 1 parameter, in one pass.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning <c>(Value, Gradient)</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not double, double[] or double[,].</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, (double Value, T1 Gradient)> ValueAndGradient<T1>(Expression<Func<T1, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, (double Value, T1 Gradient)>>(f, ProgramKind.ValueAndGradient, options);

    /// <summary>Compiles the gradient of a function of 2 parameters.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the gradient with respect to each parameter, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not double, double[] or double[,].</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate (an <see cref="UnsupportedExpressionException"/>).</exception>
    public static Func<T1, T2, (T1, T2)> Of<T1, T2>(Expression<Func<T1, T2, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, T2, (T1, T2)>>(f, ProgramKind.Gradient, options);

    /// <summary>Compiles a delegate returning the value and the gradient of a function of 2 parameters, in one pass.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning <c>(Value, Gradient)</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not double, double[] or double[,].</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, (double Value, (T1, T2) Gradient)> ValueAndGradient<T1, T2>(Expression<Func<T1, T2, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, T2, (double Value, (T1, T2) Gradient)>>(f, ProgramKind.ValueAndGradient, options);

    /// <summary>Compiles the gradient of a function of 3 parameters.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the gradient with respect to each parameter, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not double, double[] or double[,].</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate (an <see cref="UnsupportedExpressionException"/>).</exception>
    public static Func<T1, T2, T3, (T1, T2, T3)> Of<T1, T2, T3>(Expression<Func<T1, T2, T3, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, T2, T3, (T1, T2, T3)>>(f, ProgramKind.Gradient, options);

    /// <summary>Compiles a delegate returning the value and the gradient of a function of 3 parameters, in one pass.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning <c>(Value, Gradient)</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not double, double[] or double[,].</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, (double Value, (T1, T2, T3) Gradient)> ValueAndGradient<T1, T2, T3>(Expression<Func<T1, T2, T3, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, T2, T3, (double Value, (T1, T2, T3) Gradient)>>(f, ProgramKind.ValueAndGradient, options);

    /// <summary>Compiles the gradient of a function of 4 parameters.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the gradient with respect to each parameter, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not double, double[] or double[,].</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate (an <see cref="UnsupportedExpressionException"/>).</exception>
    public static Func<T1, T2, T3, T4, (T1, T2, T3, T4)> Of<T1, T2, T3, T4>(Expression<Func<T1, T2, T3, T4, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, T2, T3, T4, (T1, T2, T3, T4)>>(f, ProgramKind.Gradient, options);

    /// <summary>Compiles a delegate returning the value and the gradient of a function of 4 parameters, in one pass.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning <c>(Value, Gradient)</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not double, double[] or double[,].</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, (double Value, (T1, T2, T3, T4) Gradient)> ValueAndGradient<T1, T2, T3, T4>(Expression<Func<T1, T2, T3, T4, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, T2, T3, T4, (double Value, (T1, T2, T3, T4) Gradient)>>(f, ProgramKind.ValueAndGradient, options);

    /// <summary>Compiles the gradient of a function of 5 parameters.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the gradient with respect to each parameter, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not double, double[] or double[,].</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate (an <see cref="UnsupportedExpressionException"/>).</exception>
    public static Func<T1, T2, T3, T4, T5, (T1, T2, T3, T4, T5)> Of<T1, T2, T3, T4, T5>(Expression<Func<T1, T2, T3, T4, T5, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, T2, T3, T4, T5, (T1, T2, T3, T4, T5)>>(f, ProgramKind.Gradient, options);

    /// <summary>Compiles a delegate returning the value and the gradient of a function of 5 parameters, in one pass.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning <c>(Value, Gradient)</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not double, double[] or double[,].</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, T5, (double Value, (T1, T2, T3, T4, T5) Gradient)> ValueAndGradient<T1, T2, T3, T4, T5>(Expression<Func<T1, T2, T3, T4, T5, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, T2, T3, T4, T5, (double Value, (T1, T2, T3, T4, T5) Gradient)>>(f, ProgramKind.ValueAndGradient, options);

    /// <summary>Compiles the gradient of a function of 6 parameters.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the gradient with respect to each parameter, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not double, double[] or double[,].</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate (an <see cref="UnsupportedExpressionException"/>).</exception>
    public static Func<T1, T2, T3, T4, T5, T6, (T1, T2, T3, T4, T5, T6)> Of<T1, T2, T3, T4, T5, T6>(Expression<Func<T1, T2, T3, T4, T5, T6, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, T2, T3, T4, T5, T6, (T1, T2, T3, T4, T5, T6)>>(f, ProgramKind.Gradient, options);

    /// <summary>Compiles a delegate returning the value and the gradient of a function of 6 parameters, in one pass.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning <c>(Value, Gradient)</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not double, double[] or double[,].</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, T5, T6, (double Value, (T1, T2, T3, T4, T5, T6) Gradient)> ValueAndGradient<T1, T2, T3, T4, T5, T6>(Expression<Func<T1, T2, T3, T4, T5, T6, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, T2, T3, T4, T5, T6, (double Value, (T1, T2, T3, T4, T5, T6) Gradient)>>(f, ProgramKind.ValueAndGradient, options);

    /// <summary>Compiles the gradient of a function of 7 parameters.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the gradient with respect to each parameter, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not double, double[] or double[,].</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate (an <see cref="UnsupportedExpressionException"/>).</exception>
    public static Func<T1, T2, T3, T4, T5, T6, T7, (T1, T2, T3, T4, T5, T6, T7)> Of<T1, T2, T3, T4, T5, T6, T7>(Expression<Func<T1, T2, T3, T4, T5, T6, T7, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, T2, T3, T4, T5, T6, T7, (T1, T2, T3, T4, T5, T6, T7)>>(f, ProgramKind.Gradient, options);

    /// <summary>Compiles a delegate returning the value and the gradient of a function of 7 parameters, in one pass.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning <c>(Value, Gradient)</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not double, double[] or double[,].</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, T5, T6, T7, (double Value, (T1, T2, T3, T4, T5, T6, T7) Gradient)> ValueAndGradient<T1, T2, T3, T4, T5, T6, T7>(Expression<Func<T1, T2, T3, T4, T5, T6, T7, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, T2, T3, T4, T5, T6, T7, (double Value, (T1, T2, T3, T4, T5, T6, T7) Gradient)>>(f, ProgramKind.ValueAndGradient, options);

    /// <summary>Compiles the gradient of a function of 8 parameters.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the gradient with respect to each parameter, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not double, double[] or double[,].</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate (an <see cref="UnsupportedExpressionException"/>).</exception>
    public static Func<T1, T2, T3, T4, T5, T6, T7, T8, (T1, T2, T3, T4, T5, T6, T7, T8)> Of<T1, T2, T3, T4, T5, T6, T7, T8>(Expression<Func<T1, T2, T3, T4, T5, T6, T7, T8, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, T2, T3, T4, T5, T6, T7, T8, (T1, T2, T3, T4, T5, T6, T7, T8)>>(f, ProgramKind.Gradient, options);

    /// <summary>Compiles a delegate returning the value and the gradient of a function of 8 parameters, in one pass.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning <c>(Value, Gradient)</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not double, double[] or double[,].</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, T5, T6, T7, T8, (double Value, (T1, T2, T3, T4, T5, T6, T7, T8) Gradient)> ValueAndGradient<T1, T2, T3, T4, T5, T6, T7, T8>(Expression<Func<T1, T2, T3, T4, T5, T6, T7, T8, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, T2, T3, T4, T5, T6, T7, T8, (double Value, (T1, T2, T3, T4, T5, T6, T7, T8) Gradient)>>(f, ProgramKind.ValueAndGradient, options);

    /// <summary>
    /// The gradient program of any supported lambda as an expression tree, before compilation: a lambda
    /// over the same parameters returning <c>(value, gradient)</c>, where the gradient is the single
    /// parameter's adjoint or a tuple of them. Useful to print the generated code, to compile it with
    /// another back-end, or to differentiate it again.
    /// </summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    public static LambdaExpression ValueAndGradientExpression(LambdaExpression f, GradientOptions? options = null) =>
        Pipeline.BuildGradient(f, withValue: true, options);

    /// <summary>The gradient program of <paramref name="f"/> as an expression tree returning only the gradient.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    public static LambdaExpression GradientExpression(LambdaExpression f, GradientOptions? options = null) =>
        Pipeline.BuildGradient(f, withValue: false, options);
}
