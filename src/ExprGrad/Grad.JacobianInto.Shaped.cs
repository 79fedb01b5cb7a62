using System.Linq.Expressions;

namespace ExprGrad;

// Generated: one overload per arity, 1 to 8 parameters (see Grad.Shaped.Into.cs for the shared bodies).
public static partial class Grad
{
    /// <summary>The Jacobian of a function of 1 parameter, written into a caller's M×N buffer whose rows give the
    /// number of outputs: the twin of <c>Jacobian</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). Unlike the double[] overload, a call allocates the flattened point.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="TResult">The result: double, double[] or double[,] (flattened row-major).</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, result) writing the Jacobian into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, double[,]> JacobianInto<T1, TResult>(Expression<Func<T1, TResult>> f, GradientOptions? options = null)
    {
        var jacobian = ShapedMatrixInto(f, options, vectorResult: true, FlatJacobianInto);
        return (a1, result) => jacobian([a1], result);
    }

    /// <summary>The Jacobian of a function of 2 parameters, written into a caller's M×N buffer whose rows give the
    /// number of outputs: the twin of <c>Jacobian</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). Unlike the double[] overload, a call allocates the flattened point.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="TResult">The result: double, double[] or double[,] (flattened row-major).</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, result) writing the Jacobian into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, T2, double[,]> JacobianInto<T1, T2, TResult>(Expression<Func<T1, T2, TResult>> f, GradientOptions? options = null)
    {
        var jacobian = ShapedMatrixInto(f, options, vectorResult: true, FlatJacobianInto);
        return (a1, a2, result) => jacobian([a1, a2], result);
    }

    /// <summary>The Jacobian of a function of 3 parameters, written into a caller's M×N buffer whose rows give the
    /// number of outputs: the twin of <c>Jacobian</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). Unlike the double[] overload, a call allocates the flattened point.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="TResult">The result: double, double[] or double[,] (flattened row-major).</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, result) writing the Jacobian into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, T2, T3, double[,]> JacobianInto<T1, T2, T3, TResult>(Expression<Func<T1, T2, T3, TResult>> f, GradientOptions? options = null)
    {
        var jacobian = ShapedMatrixInto(f, options, vectorResult: true, FlatJacobianInto);
        return (a1, a2, a3, result) => jacobian([a1, a2, a3], result);
    }

    /// <summary>The Jacobian of a function of 4 parameters, written into a caller's M×N buffer whose rows give the
    /// number of outputs: the twin of <c>Jacobian</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). Unlike the double[] overload, a call allocates the flattened point.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="TResult">The result: double, double[] or double[,] (flattened row-major).</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, a4, result) writing the Jacobian into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, T2, T3, T4, double[,]> JacobianInto<T1, T2, T3, T4, TResult>(Expression<Func<T1, T2, T3, T4, TResult>> f, GradientOptions? options = null)
    {
        var jacobian = ShapedMatrixInto(f, options, vectorResult: true, FlatJacobianInto);
        return (a1, a2, a3, a4, result) => jacobian([a1, a2, a3, a4], result);
    }

    /// <summary>The Jacobian of a function of 5 parameters, written into a caller's M×N buffer whose rows give the
    /// number of outputs: the twin of <c>Jacobian</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). Unlike the double[] overload, a call allocates the flattened point.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="T5">Parameter 5: double, double[] or double[,].</typeparam>
    /// <typeparam name="TResult">The result: double, double[] or double[,] (flattened row-major).</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, a4, a5, result) writing the Jacobian into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, T2, T3, T4, T5, double[,]> JacobianInto<T1, T2, T3, T4, T5, TResult>(Expression<Func<T1, T2, T3, T4, T5, TResult>> f, GradientOptions? options = null)
    {
        var jacobian = ShapedMatrixInto(f, options, vectorResult: true, FlatJacobianInto);
        return (a1, a2, a3, a4, a5, result) => jacobian([a1, a2, a3, a4, a5], result);
    }

    /// <summary>The Jacobian of a function of 6 parameters, written into a caller's M×N buffer whose rows give the
    /// number of outputs: the twin of <c>Jacobian</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). Unlike the double[] overload, a call allocates the flattened point.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="T5">Parameter 5: double, double[] or double[,].</typeparam>
    /// <typeparam name="T6">Parameter 6: double, double[] or double[,].</typeparam>
    /// <typeparam name="TResult">The result: double, double[] or double[,] (flattened row-major).</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, a4, a5, a6, result) writing the Jacobian into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, T2, T3, T4, T5, T6, double[,]> JacobianInto<T1, T2, T3, T4, T5, T6, TResult>(Expression<Func<T1, T2, T3, T4, T5, T6, TResult>> f, GradientOptions? options = null)
    {
        var jacobian = ShapedMatrixInto(f, options, vectorResult: true, FlatJacobianInto);
        return (a1, a2, a3, a4, a5, a6, result) => jacobian([a1, a2, a3, a4, a5, a6], result);
    }

    /// <summary>The Jacobian of a function of 7 parameters, written into a caller's M×N buffer whose rows give the
    /// number of outputs: the twin of <c>Jacobian</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). Unlike the double[] overload, a call allocates the flattened point.</summary>
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
    /// <returns>A delegate (a1, a2, a3, a4, a5, a6, a7, result) writing the Jacobian into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, T2, T3, T4, T5, T6, T7, double[,]> JacobianInto<T1, T2, T3, T4, T5, T6, T7, TResult>(Expression<Func<T1, T2, T3, T4, T5, T6, T7, TResult>> f, GradientOptions? options = null)
    {
        var jacobian = ShapedMatrixInto(f, options, vectorResult: true, FlatJacobianInto);
        return (a1, a2, a3, a4, a5, a6, a7, result) => jacobian([a1, a2, a3, a4, a5, a6, a7], result);
    }

    /// <summary>The Jacobian of a function of 8 parameters, written into a caller's M×N buffer whose rows give the
    /// number of outputs: the twin of <c>Jacobian</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). Unlike the double[] overload, a call allocates the flattened point.</summary>
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
    /// <returns>A delegate (a1, a2, a3, a4, a5, a6, a7, a8, result) writing the Jacobian into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, T2, T3, T4, T5, T6, T7, T8, double[,]> JacobianInto<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(Expression<Func<T1, T2, T3, T4, T5, T6, T7, T8, TResult>> f, GradientOptions? options = null)
    {
        var jacobian = ShapedMatrixInto(f, options, vectorResult: true, FlatJacobianInto);
        return (a1, a2, a3, a4, a5, a6, a7, a8, result) => jacobian([a1, a2, a3, a4, a5, a6, a7, a8], result);
    }
}
