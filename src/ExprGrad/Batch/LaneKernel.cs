using System.Numerics;

namespace ExprGrad;

/// <summary>
/// A value-and-gradient tape compiled to run on Vector&lt;double&gt;.Count points at a time
/// (<see cref="LaneVectorizer"/>). Its body reads each parameter's column of Count consecutive rows straight from
/// the points matrix into a vector, runs the tape, and writes the value and each gradient column back the same
/// way, for every full group of rows in the range; the last, partial group goes through a small matrix padded
/// with copies of its last row.
/// </summary>
internal sealed class LaneKernel(LaneKernel.Body body, int inputs)
{
    /// <summary>(points, values or null, gradients, first row, end row): the full lane groups of the range.</summary>
    public delegate void Body(double[,] points, double[]? values, double[,] gradients, int first, int end);

    /// <summary>The columns the tape reads: the function's parameters, or the array elements up to the highest read.</summary>
    public int Inputs { get; } = inputs;

    /// <summary>Rows <paramref name="first"/> to <paramref name="end"/>; values skipped when null. Columns past
    /// <see cref="Inputs"/> get gradient zero (a caller's buffer may hold anything there).</summary>
    public void Run(double[,] points, int first, int end, double[]? values, double[,] gradients)
    {
        int lanes = Vector<double>.Count;
        int tail = first + (end - first) / lanes * lanes;
        body(points, values, gradients, first, tail);
        int columns = points.GetLength(1);
        if (columns > Inputs)
            for (int r = first; r < tail; r++)
                for (int j = Inputs; j < columns; j++) gradients[r, j] = 0;
        if (tail == end) return;
        // The spare lanes repeat the last point: real inputs, so nothing in them can throw or take a path no
        // point takes.
        var lastPoints = new double[lanes, columns];
        for (int r = 0; r < lanes; r++)
            for (int j = 0; j < columns; j++) lastPoints[r, j] = points[Math.Min(tail + r, end - 1), j];
        var lastValues = new double[lanes];
        var lastGradients = new double[lanes, columns];
        body(lastPoints, lastValues, lastGradients, 0, lanes);
        for (int r = 0; tail + r < end; r++)
        {
            if (values is not null) values[tail + r] = lastValues[r];
            for (int j = 0; j < columns; j++) gradients[tail + r, j] = lastGradients[r, j];
        }
    }
}
