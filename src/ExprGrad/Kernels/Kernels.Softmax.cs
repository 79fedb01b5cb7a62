using System.Numerics.Tensors;

namespace ExprGrad.Runtime;

/// <summary>
/// Softmax, log-softmax and log-sum-exp over one row, stable by subtracting the row's maximum, and the backward
/// kernels of Softmax, LogSoftmax and CrossEntropy. Rows are spans, so vectors and the rows of a matrix share them.
/// </summary>
public static partial class Kernels
{
    /// <summary>Rows up to this length use a stack buffer for exp(x − max); longer ones allocate one.</summary>
    private const int StackRow = 256;

    /// <summary>log Σ exp(xᵢ), as m + log Σ exp(xᵢ − m) with m the maximum (0 when it is infinite, so a row of −∞
    /// gives −∞ and a +∞ gives +∞); −∞ for an empty row, NaN when an element is NaN.</summary>
    internal static double LogSumExp(ReadOnlySpan<double> x, Span<double> scratch)
    {
        if (x.Length == 0) return double.NegativeInfinity;
        double max = TensorPrimitives.Max(x);
        double shift = double.IsFinite(max) ? max : 0;
        TensorPrimitives.Subtract(x, shift, scratch);
        TensorPrimitives.Exp(scratch, scratch);
        return shift + Math.Log(TensorPrimitives.Sum<double>(scratch));
    }

    /// <summary>exp(xᵢ − m) / Σⱼ exp(xⱼ − m) with m the row's maximum; NaN throughout when m is infinite or NaN.</summary>
    internal static void Softmax(ReadOnlySpan<double> x, Span<double> y)
    {
        if (x.Length == 0) return;
        TensorPrimitives.Subtract(x, TensorPrimitives.Max(x), y);
        TensorPrimitives.Exp(y, y);
        TensorPrimitives.Divide(y, TensorPrimitives.Sum<double>(y), y);
    }

    /// <summary>xᵢ − log Σⱼ exp(xⱼ), with the stable log-sum-exp.</summary>
    internal static void LogSoftmax(ReadOnlySpan<double> x, Span<double> y)
    {
        if (x.Length == 0) return;
        TensorPrimitives.Subtract(x, LogSumExp(x, y), y);
    }

    /// <summary>y∘(g − ⟨g, y⟩) row by row: the adjoint of Softmax given its output y (its Jacobian
    /// diag(y) − yyᵀ is symmetric, so this is also its tangent with g = ẋ).</summary>
    public static double[] SoftmaxBackward(double[] g, double[] y)
    {
        RequireSameShape("SoftmaxBackward", g, y);
        var result = new double[g.Length];
        SoftmaxBackward(g, y, result);
        return result;
    }

    /// <summary>y∘(g − ⟨g, y⟩) row by row: the adjoint of Softmax given its output y.</summary>
    public static double[,] SoftmaxBackward(double[,] g, double[,] y)
    {
        RequireSameShape("SoftmaxBackward", g, y);
        var result = NewLike(g);
        for (int i = 0; i < g.GetLength(0); i++) SoftmaxBackward(Row(g, i), Row(y, i), Row(result, i));
        return result;
    }

    /// <summary>g − exp(y)·Σ g row by row: the adjoint of LogSoftmax given its output y (exp(y) is the softmax).</summary>
    public static double[] LogSoftmaxBackward(double[] g, double[] y)
    {
        RequireSameShape("LogSoftmaxBackward", g, y);
        var result = new double[g.Length];
        LogSoftmaxBackward(g, y, result);
        return result;
    }

    /// <summary>g − exp(y)·Σ g row by row: the adjoint of LogSoftmax given its output y.</summary>
    public static double[,] LogSoftmaxBackward(double[,] g, double[,] y)
    {
        RequireSameShape("LogSoftmaxBackward", g, y);
        var result = NewLike(g);
        for (int i = 0; i < g.GetLength(0); i++) LogSoftmaxBackward(Row(g, i), Row(y, i), Row(result, i));
        return result;
    }

    /// <summary>(g / rows)·(softmax(logits) − onehot(labels)): the adjoint of <see cref="Ops.CrossEntropy"/>.</summary>
    public static double[,] CrossEntropyBackward(double[,] logits, int[] labels, double g)
    {
        RequireLabels(logits, labels);
        int rows = logits.GetLength(0);
        var result = NewLike(logits);
        double share = g / rows;
        for (int i = 0; i < rows; i++)
        {
            // The softmax's division folded into the scaling: four passes over the row instead of six.
            Span<double> x = Row(logits, i), row = Row(result, i);
            TensorPrimitives.Subtract(x, TensorPrimitives.Max(x), row);
            TensorPrimitives.Exp(row, row);
            TensorPrimitives.Multiply(row, share / TensorPrimitives.Sum<double>(row), row);
            row[labels[i]] -= share;
        }
        return result;
    }

    /// <summary>Throws unless there is one label per row of <paramref name="logits"/>, each a column index.</summary>
    internal static void RequireLabels(double[,] logits, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        int rows = logits.GetLength(0), classes = logits.GetLength(1);
        if (labels.Length != rows)
            throw new ArgumentException($"CrossEntropy: {labels.Length} labels for the {rows} rows of {ShapeOf(logits)} logits.", nameof(labels));
        for (int i = 0; i < rows; i++)
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentException(
                    $"CrossEntropy: the label of row {i} is {labels[i]}, not a class of the {classes} columns of the logits (0 to {classes - 1}).", nameof(labels));
    }

    private static void SoftmaxBackward(ReadOnlySpan<double> g, ReadOnlySpan<double> y, Span<double> result)
    {
        TensorPrimitives.Subtract(g, TensorPrimitives.Dot(g, y), result);
        TensorPrimitives.Multiply(result, y, result);
    }

    private static void LogSoftmaxBackward(ReadOnlySpan<double> g, ReadOnlySpan<double> y, Span<double> result)
    {
        double total = TensorPrimitives.Sum(g);
        TensorPrimitives.Exp(y, result);
        TensorPrimitives.MultiplyAdd(result, -total, g, result);
    }
}
