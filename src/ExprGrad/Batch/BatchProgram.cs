using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// What <see cref="Grad.Batch(Expression{Func{double[], double}}, GradientOptions?)"/> and its twins compile: the
/// value-and-gradient program of the function, run over the rows of a points matrix. A straight-line scalar
/// tape runs as a <see cref="LaneKernel"/> (<see cref="LaneVectorizer"/>), Vector&lt;double&gt;.Count points at
/// a time; anything else (loops, arrays, branches on what the vectorizer does not know) runs the scalar
/// compiled delegate once per point (<see cref="PointLoop"/>). Either way the rows are cut into blocks that
/// <see cref="BatchSplit"/> shares among the cores.
/// </summary>
internal sealed class BatchProgram
{
    private readonly int? parameters;
    private readonly LaneKernel? kernel;
    private readonly Lazy<PointLoop> perPoint;
    private readonly int blockRows, parallelRows;

    private BatchProgram(int? parameters, LaneKernel? kernel, Func<PointLoop> perPoint, GradientOptions? options)
    {
        this.parameters = parameters;
        this.kernel = kernel;
        this.perPoint = new Lazy<PointLoop>(perPoint);
        (blockRows, parallelRows) = ((options ?? GradientOptions.Default).BatchBlockRows, (options ?? GradientOptions.Default).BatchParallelRows);
    }

    /// <summary>Whether the tape runs vectorized across points (else once per point).</summary>
    public bool Vectorized => kernel is not null;

    /// <summary>A function of one double[]: vectorized when it reads its array only at constant indices
    /// (<see cref="PointScalarizer"/>), the scalar form of it then being vectorizable.</summary>
    public static BatchProgram ForArray(Expression<Func<double[], double>> f, GradientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(f);
        LaneKernel? kernel = null;
        if ((options ?? GradientOptions.Default).VectorizeBatches && PointScalarizer.TryScalarize(f) is { } scalar)
        {
            try
            {
                kernel = LaneVectorizer.TryVectorize(Pipeline.BuildGradient(scalar, withValue: true, options));
            }
            catch (NotSupportedException)
            {
                // The scalar form is only a faster route; the array form decides what is supported (below).
            }
        }
        var batch = new BatchProgram(null, kernel, () => PointLoop.ForArray(f, options), options);
        // Grad.Of's errors, at the same moment as Grad.Of's: building, not calling.
        if (kernel is null) _ = batch.perPoint.Value;
        return batch;
    }

    /// <summary>A function of 1–8 doubles, one column per parameter.</summary>
    public static BatchProgram ForScalars(LambdaExpression f, GradientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(f);
        var kernel = (options ?? GradientOptions.Default).VectorizeBatches
            ? LaneVectorizer.TryVectorize(Pipeline.BuildGradient(f, withValue: true, options))
            : null;
        var batch = new BatchProgram(f.Parameters.Count, kernel, () => PointLoop.ForScalars(f, options), options);
        if (kernel is null) _ = batch.perPoint.Value;
        return batch;
    }

    /// <summary>The gradient at every row of <paramref name="points"/>.</summary>
    public double[,] Gradients(double[,] points)
    {
        var gradients = new double[Rows(points), points.GetLength(1)];
        Run(points, null, gradients);
        return gradients;
    }

    /// <summary>The value and gradient at every row of <paramref name="points"/>.</summary>
    public (double[] Values, double[,] Gradients) ValuesAndGradients(double[,] points)
    {
        int rows = Rows(points);
        var (values, gradients) = (new double[rows], new double[rows, points.GetLength(1)]);
        Run(points, values, gradients);
        return (values, gradients);
    }

    /// <summary>The gradient at every row of <paramref name="points"/>, into the caller's N×k matrix.</summary>
    public void GradientsInto(double[,] points, double[,] gradients)
    {
        CheckBuffers(points, null, gradients);
        Run(points, null, gradients);
    }

    /// <summary>The value and gradient at every row of <paramref name="points"/>, into the caller's arrays.</summary>
    public void ValuesAndGradientsInto(double[,] points, double[] values, double[,] gradients)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckBuffers(points, values, gradients);
        Run(points, values, gradients);
    }

    /// <summary>The number of points, after checking the matrix has one column per parameter.</summary>
    private int Rows(double[,] points)
    {
        ArgumentNullException.ThrowIfNull(points);
        int columns = points.GetLength(1);
        if (parameters is { } k && columns != k)
            throw new ArgumentException($"The points matrix has {columns} columns; the function has {k} parameters, one column each.", nameof(points));
        return points.GetLength(0);
    }

    /// <summary>The lane kernels read and write the matrices without bounds checks, with the points' row stride: a
    /// buffer of another shape would be written past its end, so it is rejected here.</summary>
    private void CheckBuffers(double[,] points, double[]? values, double[,] gradients)
    {
        int rows = Rows(points), columns = points.GetLength(1);
        ArgumentNullException.ThrowIfNull(gradients);
        if (gradients.GetLength(0) != rows || gradients.GetLength(1) != columns)
            throw new ArgumentException(
                $"The gradients matrix is {gradients.GetLength(0)}×{gradients.GetLength(1)}; the points matrix is {rows}×{columns}, and the gradients need its shape.",
                nameof(gradients));
        if (ReferenceEquals(gradients, points))
            throw new ArgumentException("The gradients matrix is the points matrix; pass a separate matrix.", nameof(gradients));
        if (values is not null && values.Length != rows)
            throw new ArgumentException($"The values array has {values.Length} elements; the points matrix has {rows} rows, one value each.", nameof(values));
    }

    /// <summary>Every row of the checked buffers; <paramref name="values"/> skipped when null. Each row is written by
    /// one thread from that row of <paramref name="points"/> alone, so fresh and caller-owned results hold the same bits.</summary>
    private void Run(double[,] points, double[]? values, double[,] gradients)
    {
        int rows = points.GetLength(0), columns = points.GetLength(1);
        if (rows == 0) return;
        // An array form reading an element past the row's end throws as Grad.Of does, from the per-point loop.
        if (kernel is not null && columns >= kernel.Inputs)
            BatchSplit.Run(rows, blockRows, parallelRows, (first, end) => kernel.Run(points, first, end, values, gradients));
        else
        {
            var loop = perPoint.Value;
            BatchSplit.Run(rows, blockRows, parallelRows, (first, end) => loop.Run(points, first, end, values, gradients));
        }
    }
}
