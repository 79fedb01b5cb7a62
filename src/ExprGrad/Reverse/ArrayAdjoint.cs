using System.Linq.Expressions;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ExprGrad;

/// <summary>The accumulation primitives for adjoints of vectors and matrices, called by generated code.</summary>
internal static class ArrayAdjoint
{
    public static double[] Plus(double[] a, double[] b)
    {
        var sum = new double[a.Length];
        TensorPrimitives.Add(a, b, sum);
        return sum;
    }

    public static double[,] Plus(double[,] a, double[,] b)
    {
        var sum = new double[a.GetLength(0), a.GetLength(1)];
        TensorPrimitives.Add(Flat(a), Flat(b), Flat(sum));
        return sum;
    }

    public static void AddInPlace(double[] accumulator, double[] contribution) =>
        TensorPrimitives.Add(accumulator, contribution, accumulator);

    public static void AddInPlace(double[,] accumulator, double[,] contribution) =>
        TensorPrimitives.Add(Flat(accumulator), Flat(contribution), Flat(accumulator));

    public static double[] Clone(double[] a) => (double[])a.Clone();

    public static double[,] Clone(double[,] a) => (double[,])a.Clone();

    public static Span<double> Flat(double[,] a) =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<byte, double>(ref MemoryMarshal.GetArrayDataReference(a)), a.Length);

    public static Expression Call(string name, params Expression[] args) =>
        Expression.Call(typeof(ArrayAdjoint), name, null, args);
}
