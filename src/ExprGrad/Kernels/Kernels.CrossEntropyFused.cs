using System.Numerics.Tensors;

namespace ExprGrad.Runtime;

/// <summary>
/// What <see cref="Kernels.CrossEntropyState(double[,], int[])"/> keeps of the forward pass of <see cref="Ops.CrossEntropy"/> for its
/// backward pass (<see cref="FusedCrossEntropy"/>): the loss, and per row exp(x − max) and its sum, which the
/// unfused backward kernel would compute again.
/// </summary>
internal sealed class CrossEntropyState(double value, double[,] exp, double[] sums, int[] labels)
{
    /// <summary>The loss, exactly as <see cref="Ops.CrossEntropy"/> computes it.</summary>
    public double Value { get; } = value;

    /// <summary>exp(x − m) per element, m the row's maximum; becomes the gradient in the backward kernel.</summary>
    public double[,] Exp { get; } = exp;

    /// <summary>Σ exp(x − m) per row.</summary>
    public double[] Sums { get; } = sums;

    /// <summary>The labels the loss was computed with.</summary>
    public int[] Labels { get; } = labels;
}

public static partial class Kernels
{
    /// <summary>
    /// <see cref="Ops.CrossEntropy"/>'s value with the exponentials its backward kernel needs, in one pass: the
    /// same operations in the same order as <see cref="Ops.CrossEntropy"/> and <see cref="CrossEntropyBackward(double[,], int[], double)"/>,
    /// so the value and the gradient are theirs bit for bit.
    /// </summary>
    internal static CrossEntropyState CrossEntropyState(double[,] logits, int[] labels) => CrossEntropyState(logits, labels, null);

    /// <summary>As <see cref="CrossEntropyState(double[,], int[])"/>, the exponentials (and so, after the backward
    /// kernel, the gradient) written into <paramref name="gradient"/>, a caller's buffer of the logits' shape, distinct
    /// from them; a new matrix when null.</summary>
    internal static CrossEntropyState CrossEntropyState(double[,] logits, int[] labels, double[,]? gradient)
    {
        RequireLabels(logits, labels);
        int rows = logits.GetLength(0), classes = logits.GetLength(1);
        if (gradient is not null && (gradient.GetLength(0) != rows || gradient.GetLength(1) != classes))
            throw new ArgumentException($"The gradient buffer is {ShapeOf(gradient)} but the logits are {ShapeOf(logits)}.", nameof(gradient));
        var exp = gradient ?? NewLike(logits);
        var sums = new double[rows];
        Span<double> scratch = classes <= StackRow ? stackalloc double[classes] : new double[classes];
        double total = 0;
        for (int i = 0; i < rows; i++)
        {
            Span<double> x = Row(logits, i), e = Row(exp, i);
            double max = TensorPrimitives.Max(x);
            TensorPrimitives.Subtract(x, max, e);
            TensorPrimitives.Exp(e, e);
            sums[i] = TensorPrimitives.Sum<double>(e);
            // LogSumExp shifts by the maximum only when it is finite; then its exponentials and sum are these.
            double logSumExp = double.IsFinite(max) ? max + Math.Log(sums[i]) : LogSumExp(x, scratch);
            total += logSumExp - logits[i, labels[i]];
        }
        return new CrossEntropyState(total / rows, exp, sums, labels);
    }

    /// <summary>(g / rows)·(softmax − onehot(labels)) from the kept exponentials, written over them: the state's
    /// backward pass runs once (<see cref="FusedCrossEntropy"/> fuses only then).</summary>
    internal static double[,] CrossEntropyBackward(CrossEntropyState state, double g)
    {
        var result = state.Exp;
        int rows = result.GetLength(0);
        double share = g / rows;
        for (int i = 0; i < rows; i++)
        {
            Span<double> row = Row(result, i);
            TensorPrimitives.Multiply(row, share / state.Sums[i], row);
            row[state.Labels[i]] -= share;
        }
        return result;
    }
}
