using System.Linq.Expressions;

namespace ExprGrad;

// Generated: one overload per arity, 1 to 8 parameters (see Grad.Shaped.cs for the shared bodies).
public static partial class Grad
{
    /// <summary>Reverse mode: ȳᵀ·J for a function of 1 parameter, without forming J. The seed ȳ is the
    /// output flattened (row-major for a matrix, one element for a double); the result is flat over the parameters'
    /// elements in parameter order, matrices row-major.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="TResult">The result: double, double[] or double[,] (flattened row-major).</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, ȳ) =&gt; ȳᵀ·J.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, double[], double[]> VectorJacobianProduct<T1, TResult>(Expression<Func<T1, TResult>> f, GradientOptions? options = null)
    {
        var product = ShapedVectorJacobianProduct(f, options);
        return (a1, seed) => product([a1], seed);
    }

    /// <summary>Reverse mode: ȳᵀ·J for a function of 2 parameters, without forming J. The seed ȳ is the
    /// output flattened (row-major for a matrix, one element for a double); the result is flat over the parameters'
    /// elements in parameter order, matrices row-major.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="TResult">The result: double, double[] or double[,] (flattened row-major).</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, ȳ) =&gt; ȳᵀ·J.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, double[], double[]> VectorJacobianProduct<T1, T2, TResult>(Expression<Func<T1, T2, TResult>> f, GradientOptions? options = null)
    {
        var product = ShapedVectorJacobianProduct(f, options);
        return (a1, a2, seed) => product([a1, a2], seed);
    }

    /// <summary>Reverse mode: ȳᵀ·J for a function of 3 parameters, without forming J. The seed ȳ is the
    /// output flattened (row-major for a matrix, one element for a double); the result is flat over the parameters'
    /// elements in parameter order, matrices row-major.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="TResult">The result: double, double[] or double[,] (flattened row-major).</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, ȳ) =&gt; ȳᵀ·J.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, double[], double[]> VectorJacobianProduct<T1, T2, T3, TResult>(Expression<Func<T1, T2, T3, TResult>> f, GradientOptions? options = null)
    {
        var product = ShapedVectorJacobianProduct(f, options);
        return (a1, a2, a3, seed) => product([a1, a2, a3], seed);
    }

    /// <summary>Reverse mode: ȳᵀ·J for a function of 4 parameters, without forming J. The seed ȳ is the
    /// output flattened (row-major for a matrix, one element for a double); the result is flat over the parameters'
    /// elements in parameter order, matrices row-major.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="TResult">The result: double, double[] or double[,] (flattened row-major).</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, a4, ȳ) =&gt; ȳᵀ·J.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, double[], double[]> VectorJacobianProduct<T1, T2, T3, T4, TResult>(Expression<Func<T1, T2, T3, T4, TResult>> f, GradientOptions? options = null)
    {
        var product = ShapedVectorJacobianProduct(f, options);
        return (a1, a2, a3, a4, seed) => product([a1, a2, a3, a4], seed);
    }

    /// <summary>Reverse mode: ȳᵀ·J for a function of 5 parameters, without forming J. The seed ȳ is the
    /// output flattened (row-major for a matrix, one element for a double); the result is flat over the parameters'
    /// elements in parameter order, matrices row-major.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="T5">Parameter 5: double, double[] or double[,].</typeparam>
    /// <typeparam name="TResult">The result: double, double[] or double[,] (flattened row-major).</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, a4, a5, ȳ) =&gt; ȳᵀ·J.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, T5, double[], double[]> VectorJacobianProduct<T1, T2, T3, T4, T5, TResult>(Expression<Func<T1, T2, T3, T4, T5, TResult>> f, GradientOptions? options = null)
    {
        var product = ShapedVectorJacobianProduct(f, options);
        return (a1, a2, a3, a4, a5, seed) => product([a1, a2, a3, a4, a5], seed);
    }

    /// <summary>Reverse mode: ȳᵀ·J for a function of 6 parameters, without forming J. The seed ȳ is the
    /// output flattened (row-major for a matrix, one element for a double); the result is flat over the parameters'
    /// elements in parameter order, matrices row-major.</summary>
    /// <typeparam name="T1">Parameter 1: double, double[] or double[,].</typeparam>
    /// <typeparam name="T2">Parameter 2: double, double[] or double[,].</typeparam>
    /// <typeparam name="T3">Parameter 3: double, double[] or double[,].</typeparam>
    /// <typeparam name="T4">Parameter 4: double, double[] or double[,].</typeparam>
    /// <typeparam name="T5">Parameter 5: double, double[] or double[,].</typeparam>
    /// <typeparam name="T6">Parameter 6: double, double[] or double[,].</typeparam>
    /// <typeparam name="TResult">The result: double, double[] or double[,] (flattened row-major).</typeparam>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate (a1, a2, a3, a4, a5, a6, ȳ) =&gt; ȳᵀ·J.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, T5, T6, double[], double[]> VectorJacobianProduct<T1, T2, T3, T4, T5, T6, TResult>(Expression<Func<T1, T2, T3, T4, T5, T6, TResult>> f, GradientOptions? options = null)
    {
        var product = ShapedVectorJacobianProduct(f, options);
        return (a1, a2, a3, a4, a5, a6, seed) => product([a1, a2, a3, a4, a5, a6], seed);
    }

    /// <summary>Reverse mode: ȳᵀ·J for a function of 7 parameters, without forming J. The seed ȳ is the
    /// output flattened (row-major for a matrix, one element for a double); the result is flat over the parameters'
    /// elements in parameter order, matrices row-major.</summary>
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
    /// <returns>A delegate (a1, a2, a3, a4, a5, a6, a7, ȳ) =&gt; ȳᵀ·J.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, T5, T6, T7, double[], double[]> VectorJacobianProduct<T1, T2, T3, T4, T5, T6, T7, TResult>(Expression<Func<T1, T2, T3, T4, T5, T6, T7, TResult>> f, GradientOptions? options = null)
    {
        var product = ShapedVectorJacobianProduct(f, options);
        return (a1, a2, a3, a4, a5, a6, a7, seed) => product([a1, a2, a3, a4, a5, a6, a7], seed);
    }

    /// <summary>Reverse mode: ȳᵀ·J for a function of 8 parameters, without forming J. The seed ȳ is the
    /// output flattened (row-major for a matrix, one element for a double); the result is flat over the parameters'
    /// elements in parameter order, matrices row-major.</summary>
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
    /// <returns>A delegate (a1, a2, a3, a4, a5, a6, a7, a8, ȳ) =&gt; ȳᵀ·J.</returns>
    /// <exception cref="ArgumentException">A parameter or the result has an unsupported type.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<T1, T2, T3, T4, T5, T6, T7, T8, double[], double[]> VectorJacobianProduct<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(Expression<Func<T1, T2, T3, T4, T5, T6, T7, T8, TResult>> f, GradientOptions? options = null)
    {
        var product = ShapedVectorJacobianProduct(f, options);
        return (a1, a2, a3, a4, a5, a6, a7, a8, seed) => product([a1, a2, a3, a4, a5, a6, a7, a8], seed);
    }
}
