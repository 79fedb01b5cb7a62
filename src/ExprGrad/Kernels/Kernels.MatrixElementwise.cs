using System.Numerics.Tensors;

namespace ExprGrad.Runtime;

public static partial class Kernels
{
    // The matrix elementwise Ops, each writing into a Destination: Ops' public forms pass default (a new matrix),
    // and a compiled gradient that keeps its intermediates (GradientOptions.ReuseIntermediates) passes a scratch
    // slot. One body for both, so the two agree bit for bit.

    internal static double[,] Add(double[,] a, double[,] b, Destination destination)
    {
        RequireSameShape(nameof(Ops.Add), a, b);
        var c = destination.Matrix(a.GetLength(0), a.GetLength(1));
        TensorPrimitives.Add(Flat(a), Flat(b), Flat(c));
        return c;
    }

    internal static double[,] Subtract(double[,] a, double[,] b, Destination destination)
    {
        RequireSameShape(nameof(Ops.Subtract), a, b);
        var c = destination.Matrix(a.GetLength(0), a.GetLength(1));
        TensorPrimitives.Subtract(Flat(a), Flat(b), Flat(c));
        return c;
    }

    internal static double[,] Multiply(double[,] a, double[,] b, Destination destination)
    {
        RequireSameShape(nameof(Ops.Multiply), a, b);
        var c = destination.Matrix(a.GetLength(0), a.GetLength(1));
        TensorPrimitives.Multiply(Flat(a), Flat(b), Flat(c));
        return c;
    }

    internal static double[,] Scale(double s, double[,] a, Destination destination)
    {
        ArgumentNullException.ThrowIfNull(a);
        var c = destination.Matrix(a.GetLength(0), a.GetLength(1));
        TensorPrimitives.Multiply(Flat(a), s, Flat(c));
        return c;
    }

    internal static double[,] Sigmoid(double[,] a, Destination destination) =>
        Elementwise(a, destination, static (x, y) => TensorPrimitives.Sigmoid(x, y));

    internal static double[,] Relu(double[,] a, Destination destination) =>
        Elementwise(a, destination, static (x, y) => TensorPrimitives.Max(x, 0.0, y));

    internal static double[,] Tanh(double[,] a, Destination destination) => Elementwise(a, destination, static (x, y) => Tanh(x, y));

    internal static double[,] Exp(double[,] a, Destination destination) =>
        Elementwise(a, destination, static (x, y) => TensorPrimitives.Exp(x, y));

    internal static double[,] Log(double[,] a, Destination destination) =>
        Elementwise(a, destination, static (x, y) => TensorPrimitives.Log(x, y));

    private static double[,] Elementwise(double[,] a, Destination destination, SpanMap map)
    {
        ArgumentNullException.ThrowIfNull(a);
        var c = destination.Matrix(a.GetLength(0), a.GetLength(1));
        if (c.Length > 0) map(Flat(a), Flat(c)); // TensorPrimitives.Sigmoid rejects empty spans
        return c;
    }

    /// <summary>One vectorized pass from a source span into a destination span of the same length.</summary>
    private delegate void SpanMap(ReadOnlySpan<double> source, Span<double> destination);
}
