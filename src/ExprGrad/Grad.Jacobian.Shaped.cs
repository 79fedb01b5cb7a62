using System.Linq.Expressions;

namespace ExprGrad;

// Generated: one overload per arity, 1 to 8 parameters (see Grad.Shaped.cs for the shared bodies).
public static partial class Grad
{
    /// <summary>The Jacobian of a function of 1 parameter (rows are the outputs, flattened row-major
    /// when the result is a matrix; a double result is one row). The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). The mode is chosen by shape as for the
    /// double[] overload; one program is built per shape of the arguments, on first use.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="TResult">The result: double, double[] or double[,] (flattened row-major).</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the M×N Jacobian.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, double[,]> Jacobian<T1, TResult>(Expression<Func<T1, TResult>> f, GradientOptions? options = null)
    {
        var jacobian = ShapedJacobian(f, options);
        return (a1) => jacobian([a1]);
    }

    /// <summary>The Jacobian of a function of 2 parameters (rows are the outputs, flattened row-major
    /// when the result is a matrix; a double result is one row). The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). The mode is chosen by shape as for the
    /// double[] overload; one program is built per shape of the arguments, on first use.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="TResult">The result: double, double[] or double[,] (flattened row-major).</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the M×N Jacobian.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, double[,]> Jacobian<T1, T2, TResult>(Expression<Func<T1, T2, TResult>> f, GradientOptions? options = null)
    {
        var jacobian = ShapedJacobian(f, options);
        return (a1, a2) => jacobian([a1, a2]);
    }

    /// <summary>The Jacobian of a function of 3 parameters (rows are the outputs, flattened row-major
    /// when the result is a matrix; a double result is one row). The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). The mode is chosen by shape as for the
    /// double[] overload; one program is built per shape of the arguments, on first use.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="TResult">The result: double, double[] or double[,] (flattened row-major).</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the M×N Jacobian.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, double[,]> Jacobian<T1, T2, T3, TResult>(Expression<Func<T1, T2, T3, TResult>> f, GradientOptions? options = null)
    {
        var jacobian = ShapedJacobian(f, options);
        return (a1, a2, a3) => jacobian([a1, a2, a3]);
    }

    /// <summary>The Jacobian of a function of 4 parameters (rows are the outputs, flattened row-major
    /// when the result is a matrix; a double result is one row). The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). The mode is chosen by shape as for the
    /// double[] overload; one program is built per shape of the arguments, on first use.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="TResult">The result: double, double[] or double[,] (flattened row-major).</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the M×N Jacobian.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, double[,]> Jacobian<T1, T2, T3, T4, TResult>(Expression<Func<T1, T2, T3, T4, TResult>> f, GradientOptions? options = null)
    {
        var jacobian = ShapedJacobian(f, options);
        return (a1, a2, a3, a4) => jacobian([a1, a2, a3, a4]);
    }

    /// <summary>The Jacobian of a function of 5 parameters (rows are the outputs, flattened row-major
    /// when the result is a matrix; a double result is one row). The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). The mode is chosen by shape as for the
    /// double[] overload; one program is built per shape of the arguments, on first use.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="T5">Parameter 5: double, double[] or double[,].</typeparam>
    /// <typeparam name="TResult">The result: double, double[] or double[,] (flattened row-major).</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the M×N Jacobian.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, T5, double[,]> Jacobian<T1, T2, T3, T4, T5, TResult>(Expression<Func<T1, T2, T3, T4, T5, TResult>> f, GradientOptions? options = null)
    {
        var jacobian = ShapedJacobian(f, options);
        return (a1, a2, a3, a4, a5) => jacobian([a1, a2, a3, a4, a5]);
    }

    /// <summary>The Jacobian of a function of 6 parameters (rows are the outputs, flattened row-major
    /// when the result is a matrix; a double result is one row). The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). The mode is chosen by shape as for the
    /// double[] overload; one program is built per shape of the arguments, on first use.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="T5">Parameter 5: double, double[] or double[,].</typeparam>
    /// <typeparam name="T6">Parameter 6: double, double[] or double[,].</typeparam>
    /// <typeparam name="TResult">The result: double, double[] or double[,] (flattened row-major).</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the M×N Jacobian.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, T5, T6, double[,]> Jacobian<T1, T2, T3, T4, T5, T6, TResult>(Expression<Func<T1, T2, T3, T4, T5, T6, TResult>> f, GradientOptions? options = null)
    {
        var jacobian = ShapedJacobian(f, options);
        return (a1, a2, a3, a4, a5, a6) => jacobian([a1, a2, a3, a4, a5, a6]);
    }

    /// <summary>The Jacobian of a function of 7 parameters (rows are the outputs, flattened row-major
    /// when the result is a matrix; a double result is one row). The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). The mode is chosen by shape as for the
    /// double[] overload; one program is built per shape of the arguments, on first use.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="T5">Parameter 5: double, double[] or double[,].</typeparam>
    /// <typeparam name="T6">Parameter 6: double, double[] or double[,].</typeparam>
    /// <typeparam name="T7">Parameter 7: double, double[] or double[,].</typeparam>
    /// <typeparam name="TResult">The result: double, double[] or double[,] (flattened row-major).</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the M×N Jacobian.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, T5, T6, T7, double[,]> Jacobian<T1, T2, T3, T4, T5, T6, T7, TResult>(Expression<Func<T1, T2, T3, T4, T5, T6, T7, TResult>> f, GradientOptions? options = null)
    {
        var jacobian = ShapedJacobian(f, options);
        return (a1, a2, a3, a4, a5, a6, a7) => jacobian([a1, a2, a3, a4, a5, a6, a7]);
    }

    /// <summary>The Jacobian of a function of 8 parameters (rows are the outputs, flattened row-major
    /// when the result is a matrix; a double result is one row). The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). The mode is chosen by shape as for the
    /// double[] overload; one program is built per shape of the arguments, on first use.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="T5">Parameter 5: double, double[] or double[,].</typeparam>
    /// <typeparam name="T6">Parameter 6: double, double[] or double[,].</typeparam>
    /// <typeparam name="T7">Parameter 7: double, double[] or double[,].</typeparam>
    /// <typeparam name="T8">Parameter 8: double, double[] or double[,].</typeparam>
    /// <typeparam name="TResult">The result: double, double[] or double[,] (flattened row-major).</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the M×N Jacobian.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, T5, T6, T7, T8, double[,]> Jacobian<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(Expression<Func<T1, T2, T3, T4, T5, T6, T7, T8, TResult>> f, GradientOptions? options = null)
    {
        var jacobian = ShapedJacobian(f, options);
        return (a1, a2, a3, a4, a5, a6, a7, a8) => jacobian([a1, a2, a3, a4, a5, a6, a7, a8]);
    }
}
