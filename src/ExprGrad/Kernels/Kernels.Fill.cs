using System.Numerics.Tensors;

namespace ExprGrad.Runtime;

public static partial class Kernels
{
    /// <summary>A rows×cols matrix whose every element is <paramref name="value"/> (the adjoint of a sum).</summary>
    public static double[,] Fill(int rows, int cols, double value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        var result = new double[rows, cols];
        if (value != 0 || double.IsNegative(value)) Flat(result).Fill(value);
        return result;
    }

    /// <summary>A vector of length <paramref name="n"/> whose every element is <paramref name="value"/>.</summary>
    public static double[] Fill(int n, double value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var result = new double[n];
        if (value != 0 || double.IsNegative(value)) result.AsSpan().Fill(value);
        return result;
    }

    /// <summary>A matrix of the shape of <paramref name="like"/> filled with <paramref name="value"/>.</summary>
    public static double[,] Fill(double[,] like, double value)
    {
        ArgumentNullException.ThrowIfNull(like);
        return Fill(like.GetLength(0), like.GetLength(1), value);
    }

    /// <summary>A vector of the length of <paramref name="like"/> filled with <paramref name="value"/>.</summary>
    public static double[] Fill(double[] like, double value)
    {
        ArgumentNullException.ThrowIfNull(like);
        return Fill(like.Length, value);
    }

    /// <summary>acc += c, elementwise: the fan-out accumulation of adjoints.</summary>
    public static void AddInPlace(double[,] acc, double[,] c)
    {
        RequireSameShape("AddInPlace", acc, c);
        TensorPrimitives.Add(Flat(acc), Flat(c), Flat(acc));
    }

    /// <summary>acc += c, elementwise: the fan-out accumulation of adjoints.</summary>
    public static void AddInPlace(double[] acc, double[] c)
    {
        RequireSameShape("AddInPlace", acc, c);
        TensorPrimitives.Add(acc, c, acc);
    }

    /// <summary>A copy of <paramref name="a"/>.</summary>
    public static double[,] Clone(double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var result = NewLike(a);
        Flat(a).CopyTo(Flat(result));
        return result;
    }

    /// <summary>A copy of <paramref name="a"/>.</summary>
    public static double[] Clone(double[] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return a.AsSpan().ToArray();
    }
}
