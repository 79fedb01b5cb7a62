using System.Linq.Expressions;

namespace ExprGrad;

// Generated: one overload per arity, 1 to 8 parameters (see Grad.Shaped.Into.cs for the shared bodies).
public static partial class Grad
{
    /// <summary>H·v for a scalar function of 1 parameter, written into a caller's buffer: the twin of
    /// <c>HessianVectorProduct</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). v and the result are flat vectors in that order. Unlike the double[] overload, a call allocates the flattened point.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, v, result) writing H·v into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, double[], double[]> HessianVectorProductInto<T1>(Expression<Func<T1, double>> f, GradientOptions? options = null)
    {
        var product = ShapedProductInto(f, options, vectorResult: false, FlatHessianVectorProductInto);
        return (a1, v, result) => product([a1], v, result);
    }

    /// <summary>The Hessian of a scalar function of 1 parameter, written into a caller's N×N buffer: the twin of
    /// <c>Hessian</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). Unlike the double[] overload, a call allocates the flattened point.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, result) writing the Hessian into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, double[,]> HessianInto<T1>(Expression<Func<T1, double>> f, GradientOptions? options = null)
    {
        var hessian = ShapedMatrixInto(f, options, vectorResult: false, FlatHessianInto);
        return (a1, result) => hessian([a1], result);
    }

    /// <summary>H·v for a scalar function of 2 parameters, written into a caller's buffer: the twin of
    /// <c>HessianVectorProduct</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). v and the result are flat vectors in that order. Unlike the double[] overload, a call allocates the flattened point.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, v, result) writing H·v into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, T2, double[], double[]> HessianVectorProductInto<T1, T2>(Expression<Func<T1, T2, double>> f, GradientOptions? options = null)
    {
        var product = ShapedProductInto(f, options, vectorResult: false, FlatHessianVectorProductInto);
        return (a1, a2, v, result) => product([a1, a2], v, result);
    }

    /// <summary>The Hessian of a scalar function of 2 parameters, written into a caller's N×N buffer: the twin of
    /// <c>Hessian</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). Unlike the double[] overload, a call allocates the flattened point.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, result) writing the Hessian into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, T2, double[,]> HessianInto<T1, T2>(Expression<Func<T1, T2, double>> f, GradientOptions? options = null)
    {
        var hessian = ShapedMatrixInto(f, options, vectorResult: false, FlatHessianInto);
        return (a1, a2, result) => hessian([a1, a2], result);
    }

    /// <summary>H·v for a scalar function of 3 parameters, written into a caller's buffer: the twin of
    /// <c>HessianVectorProduct</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). v and the result are flat vectors in that order. Unlike the double[] overload, a call allocates the flattened point.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, v, result) writing H·v into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, T2, T3, double[], double[]> HessianVectorProductInto<T1, T2, T3>(Expression<Func<T1, T2, T3, double>> f, GradientOptions? options = null)
    {
        var product = ShapedProductInto(f, options, vectorResult: false, FlatHessianVectorProductInto);
        return (a1, a2, a3, v, result) => product([a1, a2, a3], v, result);
    }

    /// <summary>The Hessian of a scalar function of 3 parameters, written into a caller's N×N buffer: the twin of
    /// <c>Hessian</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). Unlike the double[] overload, a call allocates the flattened point.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, result) writing the Hessian into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, T2, T3, double[,]> HessianInto<T1, T2, T3>(Expression<Func<T1, T2, T3, double>> f, GradientOptions? options = null)
    {
        var hessian = ShapedMatrixInto(f, options, vectorResult: false, FlatHessianInto);
        return (a1, a2, a3, result) => hessian([a1, a2, a3], result);
    }

    /// <summary>H·v for a scalar function of 4 parameters, written into a caller's buffer: the twin of
    /// <c>HessianVectorProduct</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). v and the result are flat vectors in that order. Unlike the double[] overload, a call allocates the flattened point.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, a4, v, result) writing H·v into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, T2, T3, T4, double[], double[]> HessianVectorProductInto<T1, T2, T3, T4>(Expression<Func<T1, T2, T3, T4, double>> f, GradientOptions? options = null)
    {
        var product = ShapedProductInto(f, options, vectorResult: false, FlatHessianVectorProductInto);
        return (a1, a2, a3, a4, v, result) => product([a1, a2, a3, a4], v, result);
    }

    /// <summary>The Hessian of a scalar function of 4 parameters, written into a caller's N×N buffer: the twin of
    /// <c>Hessian</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). Unlike the double[] overload, a call allocates the flattened point.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, a4, result) writing the Hessian into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, T2, T3, T4, double[,]> HessianInto<T1, T2, T3, T4>(Expression<Func<T1, T2, T3, T4, double>> f, GradientOptions? options = null)
    {
        var hessian = ShapedMatrixInto(f, options, vectorResult: false, FlatHessianInto);
        return (a1, a2, a3, a4, result) => hessian([a1, a2, a3, a4], result);
    }

    /// <summary>H·v for a scalar function of 5 parameters, written into a caller's buffer: the twin of
    /// <c>HessianVectorProduct</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). v and the result are flat vectors in that order. Unlike the double[] overload, a call allocates the flattened point.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="T5">Parameter 5: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, a4, a5, v, result) writing H·v into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, T2, T3, T4, T5, double[], double[]> HessianVectorProductInto<T1, T2, T3, T4, T5>(Expression<Func<T1, T2, T3, T4, T5, double>> f, GradientOptions? options = null)
    {
        var product = ShapedProductInto(f, options, vectorResult: false, FlatHessianVectorProductInto);
        return (a1, a2, a3, a4, a5, v, result) => product([a1, a2, a3, a4, a5], v, result);
    }

    /// <summary>The Hessian of a scalar function of 5 parameters, written into a caller's N×N buffer: the twin of
    /// <c>Hessian</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). Unlike the double[] overload, a call allocates the flattened point.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="T5">Parameter 5: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, a4, a5, result) writing the Hessian into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, T2, T3, T4, T5, double[,]> HessianInto<T1, T2, T3, T4, T5>(Expression<Func<T1, T2, T3, T4, T5, double>> f, GradientOptions? options = null)
    {
        var hessian = ShapedMatrixInto(f, options, vectorResult: false, FlatHessianInto);
        return (a1, a2, a3, a4, a5, result) => hessian([a1, a2, a3, a4, a5], result);
    }

    /// <summary>H·v for a scalar function of 6 parameters, written into a caller's buffer: the twin of
    /// <c>HessianVectorProduct</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). v and the result are flat vectors in that order. Unlike the double[] overload, a call allocates the flattened point.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="T5">Parameter 5: double, double[] or double[,].</typeparam>
    /// <typeparam name="T6">Parameter 6: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, a4, a5, a6, v, result) writing H·v into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, T2, T3, T4, T5, T6, double[], double[]> HessianVectorProductInto<T1, T2, T3, T4, T5, T6>(Expression<Func<T1, T2, T3, T4, T5, T6, double>> f, GradientOptions? options = null)
    {
        var product = ShapedProductInto(f, options, vectorResult: false, FlatHessianVectorProductInto);
        return (a1, a2, a3, a4, a5, a6, v, result) => product([a1, a2, a3, a4, a5, a6], v, result);
    }

    /// <summary>The Hessian of a scalar function of 6 parameters, written into a caller's N×N buffer: the twin of
    /// <c>Hessian</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). Unlike the double[] overload, a call allocates the flattened point.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="T5">Parameter 5: double, double[] or double[,].</typeparam>
    /// <typeparam name="T6">Parameter 6: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, a4, a5, a6, result) writing the Hessian into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, T2, T3, T4, T5, T6, double[,]> HessianInto<T1, T2, T3, T4, T5, T6>(Expression<Func<T1, T2, T3, T4, T5, T6, double>> f, GradientOptions? options = null)
    {
        var hessian = ShapedMatrixInto(f, options, vectorResult: false, FlatHessianInto);
        return (a1, a2, a3, a4, a5, a6, result) => hessian([a1, a2, a3, a4, a5, a6], result);
    }

    /// <summary>H·v for a scalar function of 7 parameters, written into a caller's buffer: the twin of
    /// <c>HessianVectorProduct</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). v and the result are flat vectors in that order. Unlike the double[] overload, a call allocates the flattened point.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="T5">Parameter 5: double, double[] or double[,].</typeparam>
    /// <typeparam name="T6">Parameter 6: double, double[] or double[,].</typeparam>
    /// <typeparam name="T7">Parameter 7: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, a4, a5, a6, a7, v, result) writing H·v into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, T2, T3, T4, T5, T6, T7, double[], double[]> HessianVectorProductInto<T1, T2, T3, T4, T5, T6, T7>(Expression<Func<T1, T2, T3, T4, T5, T6, T7, double>> f, GradientOptions? options = null)
    {
        var product = ShapedProductInto(f, options, vectorResult: false, FlatHessianVectorProductInto);
        return (a1, a2, a3, a4, a5, a6, a7, v, result) => product([a1, a2, a3, a4, a5, a6, a7], v, result);
    }

    /// <summary>The Hessian of a scalar function of 7 parameters, written into a caller's N×N buffer: the twin of
    /// <c>Hessian</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). Unlike the double[] overload, a call allocates the flattened point.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="T5">Parameter 5: double, double[] or double[,].</typeparam>
    /// <typeparam name="T6">Parameter 6: double, double[] or double[,].</typeparam>
    /// <typeparam name="T7">Parameter 7: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, a4, a5, a6, a7, result) writing the Hessian into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, T2, T3, T4, T5, T6, T7, double[,]> HessianInto<T1, T2, T3, T4, T5, T6, T7>(Expression<Func<T1, T2, T3, T4, T5, T6, T7, double>> f, GradientOptions? options = null)
    {
        var hessian = ShapedMatrixInto(f, options, vectorResult: false, FlatHessianInto);
        return (a1, a2, a3, a4, a5, a6, a7, result) => hessian([a1, a2, a3, a4, a5, a6, a7], result);
    }

    /// <summary>H·v for a scalar function of 8 parameters, written into a caller's buffer: the twin of
    /// <c>HessianVectorProduct</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). v and the result are flat vectors in that order. Unlike the double[] overload, a call allocates the flattened point.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="T5">Parameter 5: double, double[] or double[,].</typeparam>
    /// <typeparam name="T6">Parameter 6: double, double[] or double[,].</typeparam>
    /// <typeparam name="T7">Parameter 7: double, double[] or double[,].</typeparam>
    /// <typeparam name="T8">Parameter 8: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, a4, a5, a6, a7, a8, v, result) writing H·v into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, T2, T3, T4, T5, T6, T7, T8, double[], double[]> HessianVectorProductInto<T1, T2, T3, T4, T5, T6, T7, T8>(Expression<Func<T1, T2, T3, T4, T5, T6, T7, T8, double>> f, GradientOptions? options = null)
    {
        var product = ShapedProductInto(f, options, vectorResult: false, FlatHessianVectorProductInto);
        return (a1, a2, a3, a4, a5, a6, a7, a8, v, result) => product([a1, a2, a3, a4, a5, a6, a7, a8], v, result);
    }

    /// <summary>The Hessian of a scalar function of 8 parameters, written into a caller's N×N buffer: the twin of
    /// <c>Hessian</c>, bit for bit. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). Unlike the double[] overload, a call allocates the flattened point.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="T5">Parameter 5: double, double[] or double[,].</typeparam>
    /// <typeparam name="T6">Parameter 6: double, double[] or double[,].</typeparam>
    /// <typeparam name="T7">Parameter 7: double, double[] or double[,].</typeparam>
    /// <typeparam name="T8">Parameter 8: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, a4, a5, a6, a7, a8, result) writing the Hessian into result.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<T1, T2, T3, T4, T5, T6, T7, T8, double[,]> HessianInto<T1, T2, T3, T4, T5, T6, T7, T8>(Expression<Func<T1, T2, T3, T4, T5, T6, T7, T8, double>> f, GradientOptions? options = null)
    {
        var hessian = ShapedMatrixInto(f, options, vectorResult: false, FlatHessianInto);
        return (a1, a2, a3, a4, a5, a6, a7, a8, result) => hessian([a1, a2, a3, a4, a5, a6, a7, a8], result);
    }
}
