using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ExprGrad;

/// <summary>
/// A value-and-gradient tape compiled to run on Vector&lt;double&gt;.Count points at a time
/// (<see cref="LaneVectorizer"/>). The compiled body reads column j of a block at <c>inputs[j·stride + i]</c> and
/// writes the value at <c>outputs[i]</c>, ∂f/∂x_j at <c>outputs[(1 + j)·stride + i]</c>, for i a multiple of the
/// lane count below <c>count</c>. Here a block of rows is transposed into that layout and back.
/// </summary>
internal sealed class LaneKernel(Action<double[], double[], int, int> body, int inputs)
{
    /// <summary>The columns the tape reads: the function's parameters, or the array elements up to the highest read.</summary>
    public int Inputs { get; } = inputs;

    // One pair of buffers per thread, taken while in use so a nested batch call on the same thread gets its own.
    [ThreadStatic] private static double[]? spareInputs, spareOutputs;

    /// <summary>Rows <paramref name="first"/> to <paramref name="end"/>; values skipped when null. Columns past
    /// <see cref="Inputs"/> have gradient zero (the fresh result's).</summary>
    public void Run(double[,] points, int first, int end, double[]? values, double[,] gradients)
    {
        const int stride = BatchSplit.BlockRows;
        var ins = Take(ref spareInputs, Inputs * stride);
        var outs = Take(ref spareOutputs, (1 + Inputs) * stride);
        int columns = points.GetLength(1);
        var x = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, double>(ref MemoryMarshal.GetArrayDataReference(points)), points.Length);
        var g = MemoryMarshal.CreateSpan(ref Unsafe.As<byte, double>(ref MemoryMarshal.GetArrayDataReference(gradients)), gradients.Length);
        int lanes = Vector<double>.Count;
        for (int start = first; start < end; start += stride)
        {
            int n = Math.Min(stride, end - start);
            for (int r = 0; r < n; r++)
            {
                var row = x.Slice((start + r) * columns, Inputs);
                for (int j = 0; j < row.Length; j++) ins[j * stride + r] = row[j];
            }
            // The last vector's spare lanes repeat the last point: real inputs, so nothing in them can throw or
            // take a path no point takes.
            int padded = (n + lanes - 1) / lanes * lanes;
            for (int r = n; r < padded; r++)
                for (int j = 0; j < Inputs; j++) ins[j * stride + r] = ins[j * stride + n - 1];
            body(ins, outs, stride, padded);
            if (values is not null) outs.AsSpan(0, n).CopyTo(values.AsSpan(start, n));
            for (int r = 0; r < n; r++)
            {
                var row = g.Slice((start + r) * columns, Inputs);
                for (int j = 0; j < row.Length; j++) row[j] = outs[(1 + j) * stride + r];
            }
        }
        spareInputs = ins;
        spareOutputs = outs;
    }

    private static double[] Take(ref double[]? spare, int length)
    {
        var buffer = spare is { } s && s.Length >= length ? s : new double[length];
        spare = null;
        return buffer;
    }
}
