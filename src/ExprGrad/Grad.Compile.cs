using System.Linq.Expressions;

namespace ExprGrad;

// Grad.Compile: the function itself, compiled through the same pipeline as its gradient (the forward program
// alone), so Ops.Sum, Scan, Map and index loops run as loops over locals instead of the delegate call per term
// that Expression.Compile() makes of them.
public static partial class Grad
{
    /// <summary>Compiles a function of 1 parameter itself (no gradient), through ExprGrad's loop lowering: as fast as
    /// the forward part of its gradient, allocation-free for scalar intermediates.</summary>
    /// <param name="f">The function, as a lambda expression over double, double[], double[,] or parameter-set parameters.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the function's value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not supported.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot compile (an <see cref="UnsupportedExpressionException"/>).</exception>
    public static Func<T1, double> Compile<T1>(Expression<Func<T1, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, double>>(f, ProgramKind.Forward, options);

    /// <summary>Compiles a function of 2 parameters itself (no gradient), through ExprGrad's loop lowering: as fast as
    /// the forward part of its gradient, allocation-free for scalar intermediates.</summary>
    /// <param name="f">The function, as a lambda expression over double, double[], double[,] or parameter-set parameters.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the function's value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not supported.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot compile (an <see cref="UnsupportedExpressionException"/>).</exception>
    public static Func<T1, T2, double> Compile<T1, T2>(Expression<Func<T1, T2, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, T2, double>>(f, ProgramKind.Forward, options);

    /// <summary>Compiles a function of 3 parameters itself (no gradient), through ExprGrad's loop lowering: as fast as
    /// the forward part of its gradient, allocation-free for scalar intermediates.</summary>
    /// <param name="f">The function, as a lambda expression over double, double[], double[,] or parameter-set parameters.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the function's value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not supported.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot compile (an <see cref="UnsupportedExpressionException"/>).</exception>
    public static Func<T1, T2, T3, double> Compile<T1, T2, T3>(Expression<Func<T1, T2, T3, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, T2, T3, double>>(f, ProgramKind.Forward, options);

    /// <summary>Compiles a function of 4 parameters itself (no gradient), through ExprGrad's loop lowering: as fast as
    /// the forward part of its gradient, allocation-free for scalar intermediates.</summary>
    /// <param name="f">The function, as a lambda expression over double, double[], double[,] or parameter-set parameters.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the function's value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not supported.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot compile (an <see cref="UnsupportedExpressionException"/>).</exception>
    public static Func<T1, T2, T3, T4, double> Compile<T1, T2, T3, T4>(Expression<Func<T1, T2, T3, T4, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, T2, T3, T4, double>>(f, ProgramKind.Forward, options);

    /// <summary>Compiles a function of 5 parameters itself (no gradient), through ExprGrad's loop lowering: as fast as
    /// the forward part of its gradient, allocation-free for scalar intermediates.</summary>
    /// <param name="f">The function, as a lambda expression over double, double[], double[,] or parameter-set parameters.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the function's value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not supported.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot compile (an <see cref="UnsupportedExpressionException"/>).</exception>
    public static Func<T1, T2, T3, T4, T5, double> Compile<T1, T2, T3, T4, T5>(Expression<Func<T1, T2, T3, T4, T5, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, T2, T3, T4, T5, double>>(f, ProgramKind.Forward, options);

    /// <summary>Compiles a function of 6 parameters itself (no gradient), through ExprGrad's loop lowering: as fast as
    /// the forward part of its gradient, allocation-free for scalar intermediates.</summary>
    /// <param name="f">The function, as a lambda expression over double, double[], double[,] or parameter-set parameters.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the function's value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not supported.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot compile (an <see cref="UnsupportedExpressionException"/>).</exception>
    public static Func<T1, T2, T3, T4, T5, T6, double> Compile<T1, T2, T3, T4, T5, T6>(Expression<Func<T1, T2, T3, T4, T5, T6, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, T2, T3, T4, T5, T6, double>>(f, ProgramKind.Forward, options);

    /// <summary>Compiles a function of 7 parameters itself (no gradient), through ExprGrad's loop lowering: as fast as
    /// the forward part of its gradient, allocation-free for scalar intermediates.</summary>
    /// <param name="f">The function, as a lambda expression over double, double[], double[,] or parameter-set parameters.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the function's value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not supported.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot compile (an <see cref="UnsupportedExpressionException"/>).</exception>
    public static Func<T1, T2, T3, T4, T5, T6, T7, double> Compile<T1, T2, T3, T4, T5, T6, T7>(Expression<Func<T1, T2, T3, T4, T5, T6, T7, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, T2, T3, T4, T5, T6, T7, double>>(f, ProgramKind.Forward, options);

    /// <summary>Compiles a function of 8 parameters itself (no gradient), through ExprGrad's loop lowering: as fast as
    /// the forward part of its gradient, allocation-free for scalar intermediates.</summary>
    /// <param name="f">The function, as a lambda expression over double, double[], double[,] or parameter-set parameters.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the function's value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter type is not supported.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot compile (an <see cref="UnsupportedExpressionException"/>).</exception>
    public static Func<T1, T2, T3, T4, T5, T6, T7, T8, double> Compile<T1, T2, T3, T4, T5, T6, T7, T8>(Expression<Func<T1, T2, T3, T4, T5, T6, T7, T8, double>> f, GradientOptions? options = null) =>
        Pipeline.Compile<Func<T1, T2, T3, T4, T5, T6, T7, T8, double>>(f, ProgramKind.Forward, options);
}
