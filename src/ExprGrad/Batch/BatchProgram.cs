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

    private BatchProgram(int? parameters, LaneKernel? kernel, Func<PointLoop> perPoint)
    {
        this.parameters = parameters;
        this.kernel = kernel;
        this.perPoint = new Lazy<PointLoop>(perPoint);
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
        var batch = new BatchProgram(null, kernel, () => PointLoop.ForArray(f, options));
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
        var batch = new BatchProgram(f.Parameters.Count, kernel, () => PointLoop.ForScalars(f, options));
        if (kernel is null) _ = batch.perPoint.Value;
        return batch;
    }

    /// <summary>The gradient at every row of <paramref name="points"/>.</summary>
    public double[,] Gradients(double[,] points) => Run(points, withValues: false).Gradients;

    /// <summary>The value and gradient at every row of <paramref name="points"/>.</summary>
    public (double[] Values, double[,] Gradients) ValuesAndGradients(double[,] points) => Run(points, withValues: true);

    private (double[] Values, double[,] Gradients) Run(double[,] points, bool withValues)
    {
        ArgumentNullException.ThrowIfNull(points);
        int rows = points.GetLength(0), columns = points.GetLength(1);
        if (parameters is { } k && columns != k)
            throw new ArgumentException($"The points matrix has {columns} columns; the function has {k} parameters, one column each.", nameof(points));
        var values = withValues ? new double[rows] : [];
        var gradients = new double[rows, columns];
        if (rows == 0) return (values, gradients);
        // An array form reading an element past the row's end throws as Grad.Of does, from the per-point loop.
        if (kernel is not null && columns >= kernel.Inputs)
            BatchSplit.Run(rows, (first, end) => kernel.Run(points, first, end, withValues ? values : null, gradients));
        else
        {
            var loop = perPoint.Value;
            BatchSplit.Run(rows, (first, end) => loop.Run(points, first, end, withValues ? values : null, gradients));
        }
        return (values, gradients);
    }
}
