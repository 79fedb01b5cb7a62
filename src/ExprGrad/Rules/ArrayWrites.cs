using System.Linq.Expressions;

namespace ExprGrad.Runtime;

/// <summary>
/// Writes to local arrays, in place (<see cref="GradientOptions.WriteArraysInPlace"/>): <c>a[i] = v</c> writes the
/// element and hands the same array on, where <see cref="ArrayValues"/> would copy it. The linearizer uses them
/// only for arrays whose every write comes before any read (<see cref="FillPattern"/>), so no value the backward
/// pass reads was overwritten. The backward pass clears the written element of the adjoint in place
/// (<see cref="Cleared(double[], int)"/>) after reading it, on an adjoint array it owns.
/// Not registered in the rule table: these calls are the compiler's own and have no tangent, so a gradient
/// program holding them cannot be differentiated again by accident. Public, as <see cref="Kernels"/> is, so that
/// printed gradient code compiles; not meant to be used by hand.
/// </summary>
public static class ArrayWrites
{
    /// <summary>The stage rule of an in-place write to a double[]. The reverse sweep recognises it by reference
    /// (<see cref="IsWrite"/>), since the value's contribution must be read before the adjoint is cleared.</summary>
    internal static Rule VectorRule { get; } = new("in-place write",
    [
        (Expression<Func<double[], double[], double[], int, double, double[]>>)((g, y, a, i, v) => Cleared(g, i)),
        null,
        (Expression<Func<double[], double[], double[], int, double, double>>)((g, y, a, i, v) => g[i]),
    ], tangent: null);

    /// <summary>The stage rule of an in-place write to a double[,].</summary>
    internal static Rule MatrixRule { get; } = new("in-place write",
    [
        (Expression<Func<double[,], double[,], double[,], int, int, double, double[,]>>)((g, y, a, r, c, v) => Cleared(g, r, c)),
        null, null,
        (Expression<Func<double[,], double[,], double[,], int, int, double, double>>)((g, y, a, r, c, v) => g[r, c]),
    ], tangent: null);

    internal static bool IsWrite(Rule rule) => rule == VectorRule || rule == MatrixRule;

    /// <summary>Sets <paramref name="array"/>[<paramref name="index"/>] to <paramref name="value"/> and returns the array.</summary>
    public static double[] Set(double[] array, int index, double value)
    {
        array[index] = value;
        return array;
    }

    /// <summary>Sets element (<paramref name="row"/>, <paramref name="column"/>) to <paramref name="value"/> and returns the array.</summary>
    public static double[,] Set(double[,] array, int row, int column, double value)
    {
        array[row, column] = value;
        return array;
    }

    /// <summary>Zeroes <paramref name="gradient"/>[<paramref name="index"/>] and returns the array: the adjoint before the write.</summary>
    public static double[] Cleared(double[] gradient, int index)
    {
        gradient[index] = 0;
        return gradient;
    }

    /// <summary>Zeroes element (<paramref name="row"/>, <paramref name="column"/>) and returns the array.</summary>
    public static double[,] Cleared(double[,] gradient, int row, int column)
    {
        gradient[row, column] = 0;
        return gradient;
    }
}
