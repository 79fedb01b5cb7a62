using System.Linq.Expressions;

namespace ExprGrad;

// Batch mode (issue 16): one call evaluates the gradient at many points, the rows of a matrix. The tape runs
// vectorized across the points where it is straight-line scalar code, else per point (BatchProgram).
public static partial class Grad
{
    /// <summary>
    /// Compiles the gradient of a function of one <c>double[]</c> for many points at once: row i of the matrix
    /// passed to the delegate is a point (its columns the array's elements), row i of the result is the gradient
    /// there. Straight-line scalar tapes run vectorized across the points and the batch is split over the cores;
    /// other programs run per point (see the README's batch section). Each call allocates its N×n result; called in a
    /// loop, <see cref="BatchInto(Expression{Func{double[], double}}, GradientOptions?)"/> writes into a matrix the
    /// caller keeps instead, the same numbers bit for bit.
    /// </summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate mapping an N×n matrix of points to the N×n matrix of their gradients.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<double[,], double[,]> Batch(Expression<Func<double[], double>> f, GradientOptions? options = null) =>
        BatchProgram.ForArray(f, options).Gradients;

    /// <summary>Compiles the value and gradient of a function of one <c>double[]</c> for many points at once
    /// (rows of the matrix), in one pass; see <see cref="Batch(Expression{Func{double[], double}}, GradientOptions?)"/>.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the value at each point and the gradients, one row per point.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<double[,], (double[] Values, double[,] Gradients)> ValueAndGradientBatch(Expression<Func<double[], double>> f, GradientOptions? options = null) =>
        BatchProgram.ForArray(f, options).ValuesAndGradients;

    /// <summary>Compiles the gradient of a function of 1 <c>double</c> parameter for many points at once: column j of the
    /// points matrix is parameter j, one row per point; row i of the result is the gradient at point i.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate mapping an N×1 matrix of points to the N×1 matrix of their gradients; it throws
    /// <see cref="ArgumentException"/> for a matrix with another number of columns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<double[,], double[,]> Batch(Expression<Func<double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).Gradients;

    /// <summary>Compiles the value and gradient of a function of 1 <c>double</c> parameter for many points at once
    /// (column j of the points matrix is parameter j, one row per point), in one pass.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the value at each point and the N×1 gradients; it throws
    /// <see cref="ArgumentException"/> for a matrix with another number of columns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<double[,], (double[] Values, double[,] Gradients)> ValueAndGradientBatch(Expression<Func<double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).ValuesAndGradients;

    /// <summary>Compiles the gradient of a function of 2 <c>double</c> parameters for many points at once: column j of the
    /// points matrix is parameter j, one row per point; row i of the result is the gradient at point i.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate mapping an N×2 matrix of points to the N×2 matrix of their gradients; it throws
    /// <see cref="ArgumentException"/> for a matrix with another number of columns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<double[,], double[,]> Batch(Expression<Func<double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).Gradients;

    /// <summary>Compiles the value and gradient of a function of 2 <c>double</c> parameters for many points at once
    /// (column j of the points matrix is parameter j, one row per point), in one pass.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the value at each point and the N×2 gradients; it throws
    /// <see cref="ArgumentException"/> for a matrix with another number of columns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<double[,], (double[] Values, double[,] Gradients)> ValueAndGradientBatch(Expression<Func<double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).ValuesAndGradients;

    /// <summary>Compiles the gradient of a function of 3 <c>double</c> parameters for many points at once: column j of the
    /// points matrix is parameter j, one row per point; row i of the result is the gradient at point i.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate mapping an N×3 matrix of points to the N×3 matrix of their gradients; it throws
    /// <see cref="ArgumentException"/> for a matrix with another number of columns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<double[,], double[,]> Batch(Expression<Func<double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).Gradients;

    /// <summary>Compiles the value and gradient of a function of 3 <c>double</c> parameters for many points at once
    /// (column j of the points matrix is parameter j, one row per point), in one pass.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the value at each point and the N×3 gradients; it throws
    /// <see cref="ArgumentException"/> for a matrix with another number of columns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<double[,], (double[] Values, double[,] Gradients)> ValueAndGradientBatch(Expression<Func<double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).ValuesAndGradients;

    /// <summary>Compiles the gradient of a function of 4 <c>double</c> parameters for many points at once: column j of the
    /// points matrix is parameter j, one row per point; row i of the result is the gradient at point i.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate mapping an N×4 matrix of points to the N×4 matrix of their gradients; it throws
    /// <see cref="ArgumentException"/> for a matrix with another number of columns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<double[,], double[,]> Batch(Expression<Func<double, double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).Gradients;

    /// <summary>Compiles the value and gradient of a function of 4 <c>double</c> parameters for many points at once
    /// (column j of the points matrix is parameter j, one row per point), in one pass.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the value at each point and the N×4 gradients; it throws
    /// <see cref="ArgumentException"/> for a matrix with another number of columns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<double[,], (double[] Values, double[,] Gradients)> ValueAndGradientBatch(Expression<Func<double, double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).ValuesAndGradients;

    /// <summary>Compiles the gradient of a function of 5 <c>double</c> parameters for many points at once: column j of the
    /// points matrix is parameter j, one row per point; row i of the result is the gradient at point i.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate mapping an N×5 matrix of points to the N×5 matrix of their gradients; it throws
    /// <see cref="ArgumentException"/> for a matrix with another number of columns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<double[,], double[,]> Batch(Expression<Func<double, double, double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).Gradients;

    /// <summary>Compiles the value and gradient of a function of 5 <c>double</c> parameters for many points at once
    /// (column j of the points matrix is parameter j, one row per point), in one pass.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the value at each point and the N×5 gradients; it throws
    /// <see cref="ArgumentException"/> for a matrix with another number of columns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<double[,], (double[] Values, double[,] Gradients)> ValueAndGradientBatch(Expression<Func<double, double, double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).ValuesAndGradients;

    /// <summary>Compiles the gradient of a function of 6 <c>double</c> parameters for many points at once: column j of the
    /// points matrix is parameter j, one row per point; row i of the result is the gradient at point i.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate mapping an N×6 matrix of points to the N×6 matrix of their gradients; it throws
    /// <see cref="ArgumentException"/> for a matrix with another number of columns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<double[,], double[,]> Batch(Expression<Func<double, double, double, double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).Gradients;

    /// <summary>Compiles the value and gradient of a function of 6 <c>double</c> parameters for many points at once
    /// (column j of the points matrix is parameter j, one row per point), in one pass.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the value at each point and the N×6 gradients; it throws
    /// <see cref="ArgumentException"/> for a matrix with another number of columns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<double[,], (double[] Values, double[,] Gradients)> ValueAndGradientBatch(Expression<Func<double, double, double, double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).ValuesAndGradients;

    /// <summary>Compiles the gradient of a function of 7 <c>double</c> parameters for many points at once: column j of the
    /// points matrix is parameter j, one row per point; row i of the result is the gradient at point i.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate mapping an N×7 matrix of points to the N×7 matrix of their gradients; it throws
    /// <see cref="ArgumentException"/> for a matrix with another number of columns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<double[,], double[,]> Batch(Expression<Func<double, double, double, double, double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).Gradients;

    /// <summary>Compiles the value and gradient of a function of 7 <c>double</c> parameters for many points at once
    /// (column j of the points matrix is parameter j, one row per point), in one pass.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the value at each point and the N×7 gradients; it throws
    /// <see cref="ArgumentException"/> for a matrix with another number of columns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<double[,], (double[] Values, double[,] Gradients)> ValueAndGradientBatch(Expression<Func<double, double, double, double, double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).ValuesAndGradients;

    /// <summary>Compiles the gradient of a function of 8 <c>double</c> parameters for many points at once: column j of the
    /// points matrix is parameter j, one row per point; row i of the result is the gradient at point i.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate mapping an N×8 matrix of points to the N×8 matrix of their gradients; it throws
    /// <see cref="ArgumentException"/> for a matrix with another number of columns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<double[,], double[,]> Batch(Expression<Func<double, double, double, double, double, double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).Gradients;

    /// <summary>Compiles the value and gradient of a function of 8 <c>double</c> parameters for many points at once
    /// (column j of the points matrix is parameter j, one row per point), in one pass.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate returning the value at each point and the N×8 gradients; it throws
    /// <see cref="ArgumentException"/> for a matrix with another number of columns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Func<double[,], (double[] Values, double[,] Gradients)> ValueAndGradientBatch(Expression<Func<double, double, double, double, double, double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).ValuesAndGradients;
}
