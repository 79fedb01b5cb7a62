using System.Linq.Expressions;

namespace ExprGrad;

// Batch mode into the caller's buffers: the same numbers as Grad.Batch, bit for bit, without allocating the N×k result
// per call. At N = 4096 that result is a large-object allocation whose fresh pages fault on every call: B12's B2 batch
// took 109–141 µs of thread CPU time allocating it and 20.4–20.9 µs into a kept buffer (medians, one core, three runs
// at load average 19–41).
public static partial class Grad
{
    /// <summary>
    /// <see cref="Batch(Expression{Func{double[], double}}, GradientOptions?)"/> into a caller's matrix: row i of
    /// <c>gradients</c> receives the gradient at row i of <c>points</c>, the same numbers bit for bit, with no N×n result
    /// allocated per call. The delegate may be called from several threads at once, each with its own buffers.
    /// </summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(points, gradients)</c>; <c>gradients</c> must have the points' shape and be another matrix
    /// (<see cref="ArgumentException"/> naming it otherwise).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<double[,], double[,]> BatchInto(Expression<Func<double[], double>> f, GradientOptions? options = null) =>
        BatchProgram.ForArray(f, options).GradientsInto;

    /// <summary>
    /// <see cref="ValueAndGradientBatch(Expression{Func{double[], double}}, GradientOptions?)"/> into a caller's arrays:
    /// <c>values[i]</c> and row i of <c>gradients</c> receive the value and gradient at row i of <c>points</c>, the same
    /// numbers bit for bit, with nothing allocated per point. The delegate may be called from several threads at once,
    /// each with its own buffers.
    /// </summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(points, values, gradients)</c>; <c>values</c> must have one element per row and
    /// <c>gradients</c> the points' shape, another matrix (<see cref="ArgumentException"/> naming the buffer otherwise).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<double[,], double[], double[,]> ValueAndGradientBatchInto(Expression<Func<double[], double>> f, GradientOptions? options = null) =>
        BatchProgram.ForArray(f, options).ValuesAndGradientsInto;

    /// <summary><see cref="Batch(Expression{Func{double, double}}, GradientOptions?)"/> (1 <c>double</c> parameter, column j of
    /// the points matrix is parameter j) into a caller's N×1 matrix: the same numbers bit for bit, no result allocated
    /// per call; safe to call from several threads at once, each with its own buffers.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(points, gradients)</c>; <c>points</c> must have 1 column and <c>gradients</c> its shape
    /// (<see cref="ArgumentException"/> naming the argument otherwise).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<double[,], double[,]> BatchInto(Expression<Func<double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).GradientsInto;

    /// <summary><see cref="ValueAndGradientBatch(Expression{Func{double, double}}, GradientOptions?)"/> (1 <c>double</c>
    /// parameter) into a caller's arrays: the same numbers bit for bit, no result allocated per call; safe to call from
    /// several threads at once, each with its own buffers.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(points, values, gradients)</c>; <c>points</c> must have 1 column, <c>values</c> one element
    /// per row and <c>gradients</c> the points' shape (<see cref="ArgumentException"/> naming the argument otherwise).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<double[,], double[], double[,]> ValueAndGradientBatchInto(Expression<Func<double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).ValuesAndGradientsInto;

    /// <summary><see cref="Batch(Expression{Func{double, double, double}}, GradientOptions?)"/> (2 <c>double</c> parameters, column j of
    /// the points matrix is parameter j) into a caller's N×2 matrix: the same numbers bit for bit, no result allocated
    /// per call; safe to call from several threads at once, each with its own buffers.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(points, gradients)</c>; <c>points</c> must have 2 columns and <c>gradients</c> its shape
    /// (<see cref="ArgumentException"/> naming the argument otherwise).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<double[,], double[,]> BatchInto(Expression<Func<double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).GradientsInto;

    /// <summary><see cref="ValueAndGradientBatch(Expression{Func{double, double, double}}, GradientOptions?)"/> (2 <c>double</c>
    /// parameters) into a caller's arrays: the same numbers bit for bit, no result allocated per call; safe to call from
    /// several threads at once, each with its own buffers.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(points, values, gradients)</c>; <c>points</c> must have 2 columns, <c>values</c> one element
    /// per row and <c>gradients</c> the points' shape (<see cref="ArgumentException"/> naming the argument otherwise).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<double[,], double[], double[,]> ValueAndGradientBatchInto(Expression<Func<double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).ValuesAndGradientsInto;

    /// <summary><see cref="Batch(Expression{Func{double, double, double, double}}, GradientOptions?)"/> (3 <c>double</c> parameters, column j of
    /// the points matrix is parameter j) into a caller's N×3 matrix: the same numbers bit for bit, no result allocated
    /// per call; safe to call from several threads at once, each with its own buffers.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(points, gradients)</c>; <c>points</c> must have 3 columns and <c>gradients</c> its shape
    /// (<see cref="ArgumentException"/> naming the argument otherwise).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<double[,], double[,]> BatchInto(Expression<Func<double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).GradientsInto;

    /// <summary><see cref="ValueAndGradientBatch(Expression{Func{double, double, double, double}}, GradientOptions?)"/> (3 <c>double</c>
    /// parameters) into a caller's arrays: the same numbers bit for bit, no result allocated per call; safe to call from
    /// several threads at once, each with its own buffers.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(points, values, gradients)</c>; <c>points</c> must have 3 columns, <c>values</c> one element
    /// per row and <c>gradients</c> the points' shape (<see cref="ArgumentException"/> naming the argument otherwise).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<double[,], double[], double[,]> ValueAndGradientBatchInto(Expression<Func<double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).ValuesAndGradientsInto;

    /// <summary><see cref="Batch(Expression{Func{double, double, double, double, double}}, GradientOptions?)"/> (4 <c>double</c> parameters, column j of
    /// the points matrix is parameter j) into a caller's N×4 matrix: the same numbers bit for bit, no result allocated
    /// per call; safe to call from several threads at once, each with its own buffers.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(points, gradients)</c>; <c>points</c> must have 4 columns and <c>gradients</c> its shape
    /// (<see cref="ArgumentException"/> naming the argument otherwise).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<double[,], double[,]> BatchInto(Expression<Func<double, double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).GradientsInto;

    /// <summary><see cref="ValueAndGradientBatch(Expression{Func{double, double, double, double, double}}, GradientOptions?)"/> (4 <c>double</c>
    /// parameters) into a caller's arrays: the same numbers bit for bit, no result allocated per call; safe to call from
    /// several threads at once, each with its own buffers.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(points, values, gradients)</c>; <c>points</c> must have 4 columns, <c>values</c> one element
    /// per row and <c>gradients</c> the points' shape (<see cref="ArgumentException"/> naming the argument otherwise).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<double[,], double[], double[,]> ValueAndGradientBatchInto(Expression<Func<double, double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).ValuesAndGradientsInto;

    /// <summary><see cref="Batch(Expression{Func{double, double, double, double, double, double}}, GradientOptions?)"/> (5 <c>double</c> parameters, column j of
    /// the points matrix is parameter j) into a caller's N×5 matrix: the same numbers bit for bit, no result allocated
    /// per call; safe to call from several threads at once, each with its own buffers.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(points, gradients)</c>; <c>points</c> must have 5 columns and <c>gradients</c> its shape
    /// (<see cref="ArgumentException"/> naming the argument otherwise).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<double[,], double[,]> BatchInto(Expression<Func<double, double, double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).GradientsInto;

    /// <summary><see cref="ValueAndGradientBatch(Expression{Func{double, double, double, double, double, double}}, GradientOptions?)"/> (5 <c>double</c>
    /// parameters) into a caller's arrays: the same numbers bit for bit, no result allocated per call; safe to call from
    /// several threads at once, each with its own buffers.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(points, values, gradients)</c>; <c>points</c> must have 5 columns, <c>values</c> one element
    /// per row and <c>gradients</c> the points' shape (<see cref="ArgumentException"/> naming the argument otherwise).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<double[,], double[], double[,]> ValueAndGradientBatchInto(Expression<Func<double, double, double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).ValuesAndGradientsInto;

    /// <summary><see cref="Batch(Expression{Func{double, double, double, double, double, double, double}}, GradientOptions?)"/> (6 <c>double</c> parameters, column j of
    /// the points matrix is parameter j) into a caller's N×6 matrix: the same numbers bit for bit, no result allocated
    /// per call; safe to call from several threads at once, each with its own buffers.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(points, gradients)</c>; <c>points</c> must have 6 columns and <c>gradients</c> its shape
    /// (<see cref="ArgumentException"/> naming the argument otherwise).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<double[,], double[,]> BatchInto(Expression<Func<double, double, double, double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).GradientsInto;

    /// <summary><see cref="ValueAndGradientBatch(Expression{Func{double, double, double, double, double, double, double}}, GradientOptions?)"/> (6 <c>double</c>
    /// parameters) into a caller's arrays: the same numbers bit for bit, no result allocated per call; safe to call from
    /// several threads at once, each with its own buffers.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(points, values, gradients)</c>; <c>points</c> must have 6 columns, <c>values</c> one element
    /// per row and <c>gradients</c> the points' shape (<see cref="ArgumentException"/> naming the argument otherwise).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<double[,], double[], double[,]> ValueAndGradientBatchInto(Expression<Func<double, double, double, double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).ValuesAndGradientsInto;

    /// <summary><see cref="Batch(Expression{Func{double, double, double, double, double, double, double, double}}, GradientOptions?)"/> (7 <c>double</c> parameters, column j of
    /// the points matrix is parameter j) into a caller's N×7 matrix: the same numbers bit for bit, no result allocated
    /// per call; safe to call from several threads at once, each with its own buffers.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(points, gradients)</c>; <c>points</c> must have 7 columns and <c>gradients</c> its shape
    /// (<see cref="ArgumentException"/> naming the argument otherwise).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<double[,], double[,]> BatchInto(Expression<Func<double, double, double, double, double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).GradientsInto;

    /// <summary><see cref="ValueAndGradientBatch(Expression{Func{double, double, double, double, double, double, double, double}}, GradientOptions?)"/> (7 <c>double</c>
    /// parameters) into a caller's arrays: the same numbers bit for bit, no result allocated per call; safe to call from
    /// several threads at once, each with its own buffers.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(points, values, gradients)</c>; <c>points</c> must have 7 columns, <c>values</c> one element
    /// per row and <c>gradients</c> the points' shape (<see cref="ArgumentException"/> naming the argument otherwise).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<double[,], double[], double[,]> ValueAndGradientBatchInto(Expression<Func<double, double, double, double, double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).ValuesAndGradientsInto;

    /// <summary><see cref="Batch(Expression{Func{double, double, double, double, double, double, double, double, double}}, GradientOptions?)"/> (8 <c>double</c> parameters, column j of
    /// the points matrix is parameter j) into a caller's N×8 matrix: the same numbers bit for bit, no result allocated
    /// per call; safe to call from several threads at once, each with its own buffers.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(points, gradients)</c>; <c>points</c> must have 8 columns and <c>gradients</c> its shape
    /// (<see cref="ArgumentException"/> naming the argument otherwise).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<double[,], double[,]> BatchInto(Expression<Func<double, double, double, double, double, double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).GradientsInto;

    /// <summary><see cref="ValueAndGradientBatch(Expression{Func{double, double, double, double, double, double, double, double, double}}, GradientOptions?)"/> (8 <c>double</c>
    /// parameters) into a caller's arrays: the same numbers bit for bit, no result allocated per call; safe to call from
    /// several threads at once, each with its own buffers.</summary>
    /// <param name="f">The function, as a lambda expression.</param>
    /// <param name="options">Which optional compiler passes run; <see cref="GradientOptions.Default"/> when null.</param>
    /// <returns>A delegate <c>(points, values, gradients)</c>; <c>points</c> must have 8 columns, <c>values</c> one element
    /// per row and <c>gradients</c> the points' shape (<see cref="ArgumentException"/> naming the argument otherwise).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    /// <exception cref="NotSupportedException">The lambda contains a node ExprGrad cannot differentiate.</exception>
    public static Action<double[,], double[], double[,]> ValueAndGradientBatchInto(Expression<Func<double, double, double, double, double, double, double, double, double>> f, GradientOptions? options = null) =>
        BatchProgram.ForScalars(f, options).ValuesAndGradientsInto;
}
