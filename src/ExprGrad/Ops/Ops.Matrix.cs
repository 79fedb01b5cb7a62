using System.Numerics.Tensors;
using static ExprGrad.Runtime.Kernels;

namespace ExprGrad;

public static partial class Ops
{
    /// <summary>The matrix product a·b (cache-blocked, vectorized, multi-threaded for large operands).</summary>
    /// <param name="a">An m×k matrix.</param>
    /// <param name="b">A k×n matrix.</param>
    /// <returns>A new m×n matrix.</returns>
    /// <exception cref="ArgumentException">The inner dimensions differ.</exception>
    public static double[,] MatMul(double[,] a, double[,] b) => Kernels.MatMul(a, b);

    /// <summary>The transpose aᵀ.</summary>
    /// <param name="a">An m×n matrix.</param>
    /// <returns>A new n×m matrix.</returns>
    public static double[,] Transpose(double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int m = a.GetLength(0), n = a.GetLength(1);
        var t = new double[n, m];
        // Square tiles keep both the rows read and the columns written within a few cache lines.
        const int tile = 32;
        for (int i0 = 0; i0 < m; i0 += tile)
            for (int j0 = 0; j0 < n; j0 += tile)
            {
                int i1 = Math.Min(m, i0 + tile), j1 = Math.Min(n, j0 + tile);
                for (int i = i0; i < i1; i++)
                    for (int j = j0; j < j1; j++)
                        t[j, i] = a[i, j];
            }
        return t;
    }

    /// <summary>The elementwise sum a + b.</summary>
    /// <param name="a">A matrix.</param>
    /// <param name="b">A matrix of the same shape.</param>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static double[,] Add(double[,] a, double[,] b) => Kernels.Add(a, b, default);

    /// <summary>The elementwise difference a − b.</summary>
    /// <param name="a">A matrix.</param>
    /// <param name="b">A matrix of the same shape.</param>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static double[,] Subtract(double[,] a, double[,] b) => Kernels.Subtract(a, b, default);

    /// <summary>The elementwise (Hadamard) product a∘b.</summary>
    /// <param name="a">A matrix.</param>
    /// <param name="b">A matrix of the same shape.</param>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static double[,] Multiply(double[,] a, double[,] b) => Kernels.Multiply(a, b, default);

    /// <summary>The scalar multiple s·a.</summary>
    /// <param name="s">The factor.</param>
    /// <param name="a">A matrix.</param>
    public static double[,] Scale(double s, double[,] a) => Kernels.Scale(s, a, default);

    /// <summary>Adds <paramref name="row"/> to every row of <paramref name="a"/> (a bias broadcast).</summary>
    /// <param name="a">An m×n matrix.</param>
    /// <param name="row">A vector of length n.</param>
    /// <exception cref="ArgumentException">The row's length is not the matrix's column count.</exception>
    public static double[,] AddRow(double[,] a, double[] row)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(row);
        if (row.Length != a.GetLength(1))
            throw new ArgumentException(
                $"AddRow: shapes {ShapeOf(a)} and [{row.Length}] do not fit (a row of length {row.Length} added to rows of length {a.GetLength(1)}).", nameof(row));
        var c = NewLike(a);
        for (int i = 0; i < a.GetLength(0); i++)
            TensorPrimitives.Add(Kernels.Row(a, i), row, Kernels.Row(c, i));
        return c;
    }

    /// <summary>The logistic sigmoid of every element.</summary>
    /// <param name="a">A matrix.</param>
    public static double[,] Sigmoid(double[,] a) => Kernels.Sigmoid(a, default);

    /// <summary>max(x, 0) of every element; NaN stays NaN.</summary>
    /// <param name="a">A matrix.</param>
    public static double[,] Relu(double[,] a) => Kernels.Relu(a, default);

    /// <summary>The hyperbolic tangent of every element.</summary>
    /// <param name="a">A matrix.</param>
    public static double[,] Tanh(double[,] a) => Kernels.Tanh(a, default);

    /// <summary>e^x of every element.</summary>
    /// <param name="a">A matrix.</param>
    public static double[,] Exp(double[,] a) => Kernels.Exp(a, default);

    /// <summary>The natural logarithm of every element (NaN for negatives, −∞ for zero).</summary>
    /// <param name="a">A matrix.</param>
    public static double[,] Log(double[,] a) => Kernels.Log(a, default);

    /// <summary>Applies <paramref name="f"/> to every element. Inside a gradient, <paramref name="f"/> is
    /// differentiated with the scalar rules; called directly, this is the plain forward loop.</summary>
    /// <param name="a">A matrix.</param>
    /// <param name="f">The elementwise function.</param>
    public static double[,] Map(double[,] a, Func<double, double> f)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(f);
        var c = NewLike(a);
        Span<double> source = Flat(a), target = Flat(c);
        for (int i = 0; i < source.Length; i++) target[i] = f(source[i]);
        return c;
    }

    /// <summary>The sum of all elements.</summary>
    /// <param name="a">A matrix.</param>
    public static double Sum(double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return TensorPrimitives.Sum<double>(Flat(a));
    }

    /// <summary>The sum of the squares of all elements (the squared Frobenius norm).</summary>
    /// <param name="a">A matrix.</param>
    public static double SumOfSquares(double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return TensorPrimitives.SumOfSquares<double>(Flat(a));
    }

    /// <summary>The Frobenius inner product Σᵢⱼ aᵢⱼ·bᵢⱼ.</summary>
    /// <param name="a">A matrix.</param>
    /// <param name="b">A matrix of the same shape.</param>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static double Dot(double[,] a, double[,] b)
    {
        RequireSameShape(nameof(Dot), a, b);
        return TensorPrimitives.Dot<double>(Flat(a), Flat(b));
    }

}
