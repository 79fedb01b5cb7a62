using System.Numerics.Tensors;

namespace ExprGrad;

public static partial class Ops
{
    /// <summary>The mean of all elements; NaN for an empty vector (0/0), as in NumPy and PyTorch.</summary>
    /// <param name="a">A vector.</param>
    public static double Mean(double[] a) => Sum(a) / a.Length;

    /// <summary>The mean of all elements; NaN for an empty matrix (0/0), as in NumPy and PyTorch.</summary>
    /// <param name="a">A matrix.</param>
    public static double Mean(double[,] a) => Sum(a) / a.Length;

    /// <summary>The largest element; NaN if any element is NaN. Where several elements tie for the largest, the
    /// gradient is split evenly among them (as <c>Math.Max</c> splits ½/½ on a tie, and as JAX and PyTorch do),
    /// so Max of k equal elements sends 1/k to each.</summary>
    /// <param name="a">A non-empty vector.</param>
    /// <exception cref="ArgumentException"><paramref name="a"/> is empty.</exception>
    public static double Max(double[] a) => TensorPrimitives.Max<double>(NonEmpty(a, nameof(Max)));

    /// <summary>The largest element; NaN if any element is NaN. Where several elements tie for the largest, the
    /// gradient is split evenly among them (1/k to each of k), as for <see cref="Max(double[])"/>.</summary>
    /// <param name="a">A non-empty matrix.</param>
    /// <exception cref="ArgumentException"><paramref name="a"/> is empty.</exception>
    public static double Max(double[,] a) => TensorPrimitives.Max<double>(NonEmpty(a, nameof(Max)));

    /// <summary>The smallest element; NaN if any element is NaN. Where several elements tie for the smallest, the
    /// gradient is split evenly among them (1/k to each of k), as <c>Math.Min</c> splits ½/½ on a tie.</summary>
    /// <param name="a">A non-empty vector.</param>
    /// <exception cref="ArgumentException"><paramref name="a"/> is empty.</exception>
    public static double Min(double[] a) => TensorPrimitives.Min<double>(NonEmpty(a, nameof(Min)));

    /// <summary>The smallest element; NaN if any element is NaN. Where several elements tie for the smallest, the
    /// gradient is split evenly among them (1/k to each of k), as <c>Math.Min</c> splits ½/½ on a tie.</summary>
    /// <param name="a">A non-empty matrix.</param>
    /// <exception cref="ArgumentException"><paramref name="a"/> is empty.</exception>
    public static double Min(double[,] a) => TensorPrimitives.Min<double>(NonEmpty(a, nameof(Min)));

    /// <summary>The sum of each row: element i is Σⱼ m[i, j].</summary>
    /// <param name="m">An r×c matrix.</param>
    /// <returns>A new vector of length r.</returns>
    public static double[] SumRows(double[,] m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var result = new double[m.GetLength(0)];
        for (int i = 0; i < result.Length; i++) result[i] = TensorPrimitives.Sum<double>(Kernels.Row(m, i));
        return result;
    }

    /// <summary>The mean of each row: element i is Σⱼ m[i, j] / c (NaN when c = 0).</summary>
    /// <param name="m">An r×c matrix.</param>
    /// <returns>A new vector of length r.</returns>
    public static double[] MeanRows(double[,] m)
    {
        var sums = SumRows(m);
        TensorPrimitives.Divide(sums, m.GetLength(1), sums);
        return sums;
    }

    /// <summary>The largest element of each row (NaN for a row holding a NaN); ties within a row split the gradient
    /// evenly, as for <see cref="Max(double[])"/>.</summary>
    /// <param name="m">An r×c matrix with c ≥ 1 (or r = 0).</param>
    /// <returns>A new vector of length r.</returns>
    /// <exception cref="ArgumentException"><paramref name="m"/> has rows but no columns.</exception>
    public static double[] MaxRows(double[,] m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var result = new double[m.GetLength(0)];
        if (result.Length > 0 && m.GetLength(1) == 0)
            throw new ArgumentException($"MaxRows: the rows of a {Kernels.ShapeOf(m)} matrix are empty and have no largest element.", nameof(m));
        for (int i = 0; i < result.Length; i++) result[i] = TensorPrimitives.Max<double>(Kernels.Row(m, i));
        return result;
    }

    /// <summary>The sum of each column: element j is Σᵢ m[i, j].</summary>
    /// <param name="m">An r×c matrix.</param>
    /// <returns>A new vector of length c.</returns>
    public static double[] SumColumns(double[,] m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var result = new double[m.GetLength(1)];
        // Row-wise accumulation reads m contiguously; summing down each column would stride.
        for (int i = 0; i < m.GetLength(0); i++)
            TensorPrimitives.Add(result, Kernels.Row(m, i), result);
        return result;
    }

    private static ReadOnlySpan<double> NonEmpty(double[] a, string op)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Length == 0) throw new ArgumentException($"{op}: an empty vector has no {(op == nameof(Max) ? "largest" : "smallest")} element.", nameof(a));
        return a;
    }

    private static ReadOnlySpan<double> NonEmpty(double[,] a, string op)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Length == 0)
            throw new ArgumentException($"{op}: an empty {Kernels.ShapeOf(a)} matrix has no {(op == nameof(Max) ? "largest" : "smallest")} element.", nameof(a));
        return Kernels.Flat(a);
    }
}
