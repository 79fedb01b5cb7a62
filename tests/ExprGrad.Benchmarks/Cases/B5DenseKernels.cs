using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace ExprGrad.Benchmarks;

/// <summary>
/// The matrix products a careful engineer writes with TensorPrimitives: every inner loop is one
/// vectorized span call over a contiguous row, so no transpose is ever materialized.
/// </summary>
internal static class B5DenseKernels
{
    public static Span<double> Flat(double[,] m) => MemoryMarshal.CreateSpan(ref m[0, 0], m.Length);

    private static Span<double> Row(double[,] m, int i) =>
        MemoryMarshal.CreateSpan(ref m[i, 0], m.GetLength(1));

    /// <summary>C = A·B, accumulated row by row: C[i,:] += A[i,p]·B[p,:].</summary>
    public static void MatMul(double[,] a, double[,] b, double[,] c)
    {
        Flat(c).Clear();
        for (int i = 0; i < a.GetLength(0); i++)
        {
            var ci = Row(c, i);
            for (int p = 0; p < a.GetLength(1); p++) TensorPrimitives.MultiplyAdd(Row(b, p), a[i, p], ci, ci);
        }
    }

    /// <summary>C = Aᵀ·B: C[i,:] += A[p,i]·B[p,:].</summary>
    public static void MatMulTransposedLeft(double[,] a, double[,] b, double[,] c)
    {
        Flat(c).Clear();
        for (int p = 0; p < a.GetLength(0); p++)
        {
            var bp = Row(b, p);
            for (int i = 0; i < a.GetLength(1); i++)
            {
                var ci = Row(c, i);
                TensorPrimitives.MultiplyAdd(bp, a[p, i], ci, ci);
            }
        }
    }

    /// <summary>C = A·Bᵀ: C[i,j] = A[i,:]·B[j,:].</summary>
    public static void MatMulTransposedRight(double[,] a, double[,] b, double[,] c)
    {
        for (int i = 0; i < a.GetLength(0); i++)
        {
            var ai = Row(a, i);
            for (int j = 0; j < b.GetLength(0); j++) c[i, j] = TensorPrimitives.Dot(ai, Row(b, j));
        }
    }

    /// <summary>dZ = dH ∘ H ∘ (1 − H): the sigmoid's backward rule from its forward output.</summary>
    public static void SigmoidBackward(double[,] h, double[,] dh, double[,] dz)
    {
        var z = Flat(dz);
        TensorPrimitives.Subtract(1.0, Flat(h), z);
        TensorPrimitives.Multiply(z, Flat(h), z);
        TensorPrimitives.Multiply(z, Flat(dh), z);
    }
}
