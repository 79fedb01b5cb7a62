using System.Numerics.Tensors;
using static ExprGrad.Runtime.Kernels;

namespace ExprGrad;

public static partial class Ops
{
    /// <summary>The elementwise sum a + b.</summary>
    /// <param name="a">A vector.</param>
    /// <param name="b">A vector of the same length.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double[] Add(double[] a, double[] b)
    {
        RequireSameShape(nameof(Add), a, b);
        var c = new double[a.Length];
        TensorPrimitives.Add(a, b, c);
        return c;
    }

    /// <summary>The elementwise difference a − b.</summary>
    /// <param name="a">A vector.</param>
    /// <param name="b">A vector of the same length.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double[] Subtract(double[] a, double[] b)
    {
        RequireSameShape(nameof(Subtract), a, b);
        var c = new double[a.Length];
        TensorPrimitives.Subtract(a, b, c);
        return c;
    }

    /// <summary>The elementwise product a∘b.</summary>
    /// <param name="a">A vector.</param>
    /// <param name="b">A vector of the same length.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double[] Multiply(double[] a, double[] b)
    {
        RequireSameShape(nameof(Multiply), a, b);
        var c = new double[a.Length];
        TensorPrimitives.Multiply(a, b, c);
        return c;
    }

    /// <summary>The scalar multiple s·a.</summary>
    /// <param name="s">The factor.</param>
    /// <param name="a">A vector.</param>
    public static double[] Scale(double s, double[] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var c = new double[a.Length];
        TensorPrimitives.Multiply(a, s, c);
        return c;
    }

    /// <summary>The logistic sigmoid of every element.</summary>
    /// <param name="a">A vector.</param>
    public static double[] Sigmoid(double[] a) => Elementwise(a, static (x, y) => TensorPrimitives.Sigmoid(x, y));

    /// <summary>max(x, 0) of every element; NaN stays NaN.</summary>
    /// <param name="a">A vector.</param>
    public static double[] Relu(double[] a) => Elementwise(a, static (x, y) => TensorPrimitives.Max(x, 0.0, y));

    /// <summary>The hyperbolic tangent of every element.</summary>
    /// <param name="a">A vector.</param>
    public static double[] Tanh(double[] a) => Elementwise(a, static (x, y) => Kernels.Tanh(x, y));

    /// <summary>e^x of every element.</summary>
    /// <param name="a">A vector.</param>
    public static double[] Exp(double[] a) => Elementwise(a, static (x, y) => TensorPrimitives.Exp(x, y));

    /// <summary>The natural logarithm of every element (NaN for negatives, −∞ for zero).</summary>
    /// <param name="a">A vector.</param>
    public static double[] Log(double[] a) => Elementwise(a, static (x, y) => TensorPrimitives.Log(x, y));

    /// <summary>Applies <paramref name="f"/> to every element. Inside a gradient, <paramref name="f"/> is
    /// differentiated with the scalar rules; called directly, this is the plain forward loop.</summary>
    /// <param name="a">A vector.</param>
    /// <param name="f">The elementwise function.</param>
    public static double[] Map(double[] a, Func<double, double> f)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(f);
        var c = new double[a.Length];
        for (int i = 0; i < a.Length; i++) c[i] = f(a[i]);
        return c;
    }

    /// <summary>The sum of all elements.</summary>
    /// <param name="a">A vector.</param>
    public static double Sum(double[] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return TensorPrimitives.Sum<double>(a);
    }

    /// <summary>The sum of the squares of all elements.</summary>
    /// <param name="a">A vector.</param>
    public static double SumOfSquares(double[] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return TensorPrimitives.SumOfSquares<double>(a);
    }

    /// <summary>The inner product Σᵢ aᵢ·bᵢ.</summary>
    /// <param name="a">A vector.</param>
    /// <param name="b">A vector of the same length.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double Dot(double[] a, double[] b)
    {
        RequireSameShape(nameof(Dot), a, b);
        return TensorPrimitives.Dot<double>(a, b);
    }

    /// <summary>The matrix–vector product a·x.</summary>
    /// <param name="a">An m×n matrix.</param>
    /// <param name="x">A vector of length n.</param>
    /// <returns>A new vector of length m.</returns>
    /// <exception cref="ArgumentException">The matrix's column count is not the vector's length.</exception>
    public static double[] MatMul(double[,] a, double[] x) => Kernels.MatMul(a, x);

    private static double[] Elementwise(double[] a, SpanMap map)
    {
        ArgumentNullException.ThrowIfNull(a);
        var c = new double[a.Length];
        if (c.Length > 0) map(a, c); // TensorPrimitives.Sigmoid rejects empty spans
        return c;
    }

    /// <summary>One vectorized pass from a source span into a destination span of the same length.</summary>
    private delegate void SpanMap(ReadOnlySpan<double> source, Span<double> destination);
}
