using System.Linq.Expressions;

namespace ExprGrad;

// Generated: one overload per arity, 1 to 8 parameters (see Grad.Shaped.cs for the shared bodies).
public static partial class Grad
{
    /// <summary>The Hessian of a scalar function of 1 parameter, by forward-over-reverse. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major).
    /// One program is built per shape of the arguments, on first use.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the N×N matrix of second derivatives, N the total number of elements.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, double[,]> Hessian<T1>(Expression<Func<T1, double>> f, GradientOptions? options = null)
    {
        var hessian = ShapedHessian(f, options);
        return (a1) => hessian([a1]);
    }

    /// <summary>H·v for a scalar function of 1 parameter, without forming H. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). v and the result
    /// are flat vectors in that order.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, v) =&gt; H·v.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, double[], double[]> HessianVectorProduct<T1>(Expression<Func<T1, double>> f, GradientOptions? options = null)
    {
        var product = ShapedHessianVectorProduct(f, options);
        return (a1, v) => product([a1], v);
    }

    /// <summary>The Hessian of a scalar function of 2 parameters, by forward-over-reverse. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major).
    /// One program is built per shape of the arguments, on first use.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the N×N matrix of second derivatives, N the total number of elements.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, double[,]> Hessian<T1, T2>(Expression<Func<T1, T2, double>> f, GradientOptions? options = null)
    {
        var hessian = ShapedHessian(f, options);
        return (a1, a2) => hessian([a1, a2]);
    }

    /// <summary>H·v for a scalar function of 2 parameters, without forming H. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). v and the result
    /// are flat vectors in that order.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, v) =&gt; H·v.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, double[], double[]> HessianVectorProduct<T1, T2>(Expression<Func<T1, T2, double>> f, GradientOptions? options = null)
    {
        var product = ShapedHessianVectorProduct(f, options);
        return (a1, a2, v) => product([a1, a2], v);
    }

    /// <summary>The Hessian of a scalar function of 3 parameters, by forward-over-reverse. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major).
    /// One program is built per shape of the arguments, on first use.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the N×N matrix of second derivatives, N the total number of elements.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, double[,]> Hessian<T1, T2, T3>(Expression<Func<T1, T2, T3, double>> f, GradientOptions? options = null)
    {
        var hessian = ShapedHessian(f, options);
        return (a1, a2, a3) => hessian([a1, a2, a3]);
    }

    /// <summary>H·v for a scalar function of 3 parameters, without forming H. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). v and the result
    /// are flat vectors in that order.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, v) =&gt; H·v.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, double[], double[]> HessianVectorProduct<T1, T2, T3>(Expression<Func<T1, T2, T3, double>> f, GradientOptions? options = null)
    {
        var product = ShapedHessianVectorProduct(f, options);
        return (a1, a2, a3, v) => product([a1, a2, a3], v);
    }

    /// <summary>The Hessian of a scalar function of 4 parameters, by forward-over-reverse. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major).
    /// One program is built per shape of the arguments, on first use.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the N×N matrix of second derivatives, N the total number of elements.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, double[,]> Hessian<T1, T2, T3, T4>(Expression<Func<T1, T2, T3, T4, double>> f, GradientOptions? options = null)
    {
        var hessian = ShapedHessian(f, options);
        return (a1, a2, a3, a4) => hessian([a1, a2, a3, a4]);
    }

    /// <summary>H·v for a scalar function of 4 parameters, without forming H. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). v and the result
    /// are flat vectors in that order.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, a4, v) =&gt; H·v.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, double[], double[]> HessianVectorProduct<T1, T2, T3, T4>(Expression<Func<T1, T2, T3, T4, double>> f, GradientOptions? options = null)
    {
        var product = ShapedHessianVectorProduct(f, options);
        return (a1, a2, a3, a4, v) => product([a1, a2, a3, a4], v);
    }

    /// <summary>The Hessian of a scalar function of 5 parameters, by forward-over-reverse. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major).
    /// One program is built per shape of the arguments, on first use.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="T5">Parameter 5: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the N×N matrix of second derivatives, N the total number of elements.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, T5, double[,]> Hessian<T1, T2, T3, T4, T5>(Expression<Func<T1, T2, T3, T4, T5, double>> f, GradientOptions? options = null)
    {
        var hessian = ShapedHessian(f, options);
        return (a1, a2, a3, a4, a5) => hessian([a1, a2, a3, a4, a5]);
    }

    /// <summary>H·v for a scalar function of 5 parameters, without forming H. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). v and the result
    /// are flat vectors in that order.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="T5">Parameter 5: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, a4, a5, v) =&gt; H·v.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, T5, double[], double[]> HessianVectorProduct<T1, T2, T3, T4, T5>(Expression<Func<T1, T2, T3, T4, T5, double>> f, GradientOptions? options = null)
    {
        var product = ShapedHessianVectorProduct(f, options);
        return (a1, a2, a3, a4, a5, v) => product([a1, a2, a3, a4, a5], v);
    }

    /// <summary>The Hessian of a scalar function of 6 parameters, by forward-over-reverse. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major).
    /// One program is built per shape of the arguments, on first use.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="T5">Parameter 5: double, double[] or double[,].</typeparam>
    /// <typeparam name="T6">Parameter 6: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the N×N matrix of second derivatives, N the total number of elements.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, T5, T6, double[,]> Hessian<T1, T2, T3, T4, T5, T6>(Expression<Func<T1, T2, T3, T4, T5, T6, double>> f, GradientOptions? options = null)
    {
        var hessian = ShapedHessian(f, options);
        return (a1, a2, a3, a4, a5, a6) => hessian([a1, a2, a3, a4, a5, a6]);
    }

    /// <summary>H·v for a scalar function of 6 parameters, without forming H. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). v and the result
    /// are flat vectors in that order.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="T5">Parameter 5: double, double[] or double[,].</typeparam>
    /// <typeparam name="T6">Parameter 6: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, a4, a5, a6, v) =&gt; H·v.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, T5, T6, double[], double[]> HessianVectorProduct<T1, T2, T3, T4, T5, T6>(Expression<Func<T1, T2, T3, T4, T5, T6, double>> f, GradientOptions? options = null)
    {
        var product = ShapedHessianVectorProduct(f, options);
        return (a1, a2, a3, a4, a5, a6, v) => product([a1, a2, a3, a4, a5, a6], v);
    }

    /// <summary>The Hessian of a scalar function of 7 parameters, by forward-over-reverse. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major).
    /// One program is built per shape of the arguments, on first use.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="T5">Parameter 5: double, double[] or double[,].</typeparam>
    /// <typeparam name="T6">Parameter 6: double, double[] or double[,].</typeparam>
    /// <typeparam name="T7">Parameter 7: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the N×N matrix of second derivatives, N the total number of elements.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, T5, T6, T7, double[,]> Hessian<T1, T2, T3, T4, T5, T6, T7>(Expression<Func<T1, T2, T3, T4, T5, T6, T7, double>> f, GradientOptions? options = null)
    {
        var hessian = ShapedHessian(f, options);
        return (a1, a2, a3, a4, a5, a6, a7) => hessian([a1, a2, a3, a4, a5, a6, a7]);
    }

    /// <summary>H·v for a scalar function of 7 parameters, without forming H. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). v and the result
    /// are flat vectors in that order.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="T5">Parameter 5: double, double[] or double[,].</typeparam>
    /// <typeparam name="T6">Parameter 6: double, double[] or double[,].</typeparam>
    /// <typeparam name="T7">Parameter 7: double, double[] or double[,].</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, a4, a5, a6, a7, v) =&gt; H·v.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, T5, T6, T7, double[], double[]> HessianVectorProduct<T1, T2, T3, T4, T5, T6, T7>(Expression<Func<T1, T2, T3, T4, T5, T6, T7, double>> f, GradientOptions? options = null)
    {
        var product = ShapedHessianVectorProduct(f, options);
        return (a1, a2, a3, a4, a5, a6, a7, v) => product([a1, a2, a3, a4, a5, a6, a7], v);
    }

    /// <summary>The Hessian of a scalar function of 8 parameters, by forward-over-reverse. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major).
    /// One program is built per shape of the arguments, on first use.</summary>
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
    /// <returns>A delegate returning the N×N matrix of second derivatives, N the total number of elements.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, T5, T6, T7, T8, double[,]> Hessian<T1, T2, T3, T4, T5, T6, T7, T8>(Expression<Func<T1, T2, T3, T4, T5, T6, T7, T8, double>> f, GradientOptions? options = null)
    {
        var hessian = ShapedHessian(f, options);
        return (a1, a2, a3, a4, a5, a6, a7, a8) => hessian([a1, a2, a3, a4, a5, a6, a7, a8]);
    }

    /// <summary>H·v for a scalar function of 8 parameters, without forming H. The point is passed as the parameters themselves; rows and columns run over their elements flattened in parameter order (a double is one element, a vector its elements, a matrix its elements row-major). v and the result
    /// are flat vectors in that order.</summary>
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
    /// <returns>A delegate (a1, a2, a3, a4, a5, a6, a7, a8, v) =&gt; H·v.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, T5, T6, T7, T8, double[], double[]> HessianVectorProduct<T1, T2, T3, T4, T5, T6, T7, T8>(Expression<Func<T1, T2, T3, T4, T5, T6, T7, T8, double>> f, GradientOptions? options = null)
    {
        var product = ShapedHessianVectorProduct(f, options);
        return (a1, a2, a3, a4, a5, a6, a7, a8, v) => product([a1, a2, a3, a4, a5, a6, a7, a8], v);
    }
}
