using System.Linq.Expressions;

namespace ExprGrad;

public static partial class Grad
{
    /// <summary>
    /// Compiles a delegate that writes the gradient into arrays the caller provides and returns the value,
    /// so that a training loop allocates nothing per call (when the function's intermediates are scalars).
    /// </summary>
    /// <param name="f">The function; its parameter is a double[] or double[,].</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(x, gradientOfX) =&gt; value</c>; the buffer must have x's shape.</returns>
    public static Func<T1, T1, double> ValueAndGradientInto<T1>(Expression<Func<T1, double>> f, GradientOptions? options = null) where T1 : class =>
        Pipeline.Compile<Func<T1, T1, double>>(f, ProgramKind.IntoBuffers, options);

    /// <summary>Two array parameters, their gradients written into the caller's buffers; returns the value.</summary>
    /// <param name="f">The function; each parameter is a double[] or double[,].</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(x1, x2, gradientOfX1, gradientOfX2) =&gt; value</c>.</returns>
    public static Func<T1, T2, T1, T2, double> ValueAndGradientInto<T1, T2>(Expression<Func<T1, T2, double>> f, GradientOptions? options = null)
        where T1 : class where T2 : class =>
        Pipeline.Compile<Func<T1, T2, T1, T2, double>>(f, ProgramKind.IntoBuffers, options);

    /// <summary>Three array parameters, their gradients written into the caller's buffers; returns the value.</summary>
    /// <param name="f">The function; each parameter is a double[] or double[,].</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(x1, x2, x3, gradientOfX1, gradientOfX2, gradientOfX3) =&gt; value</c>.</returns>
    public static Func<T1, T2, T3, T1, T2, T3, double> ValueAndGradientInto<T1, T2, T3>(Expression<Func<T1, T2, T3, double>> f, GradientOptions? options = null)
        where T1 : class where T2 : class where T3 : class =>
        Pipeline.Compile<Func<T1, T2, T3, T1, T2, T3, double>>(f, ProgramKind.IntoBuffers, options);
}
