using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace ExprGrad.Runtime;

public static partial class Kernels
{
    /// <summary>g∘y∘(1−y): the adjoint of Sigmoid given its forward output y.</summary>
    public static double[,] SigmoidBackward(double[,] g, double[,] y) => SigmoidBackward(g, y, default);

    internal static double[,] SigmoidBackward(double[,] g, double[,] y, Destination destination)
    {
        RequireSameShape("SigmoidBackward", g, y);
        var result = destination.Matrix(g.GetLength(0), g.GetLength(1));
        SigmoidBackward(Flat(g), Flat(y), Flat(result));
        return result;
    }

    /// <summary>g∘y∘(1−y): the adjoint of Sigmoid given its forward output y.</summary>
    public static double[] SigmoidBackward(double[] g, double[] y)
    {
        RequireSameShape("SigmoidBackward", g, y);
        var result = new double[g.Length];
        SigmoidBackward(g, y, result);
        return result;
    }

    /// <summary>g∘(1−y²): the adjoint of Tanh given its forward output y.</summary>
    public static double[,] TanhBackward(double[,] g, double[,] y) => TanhBackward(g, y, default);

    internal static double[,] TanhBackward(double[,] g, double[,] y, Destination destination)
    {
        RequireSameShape("TanhBackward", g, y);
        var result = destination.Matrix(g.GetLength(0), g.GetLength(1));
        TanhBackward(Flat(g), Flat(y), Flat(result));
        return result;
    }

    /// <summary>g∘(1−y²): the adjoint of Tanh given its forward output y.</summary>
    public static double[] TanhBackward(double[] g, double[] y)
    {
        RequireSameShape("TanhBackward", g, y);
        var result = new double[g.Length];
        TanhBackward(g, y, result);
        return result;
    }

    /// <summary>g where x &gt; 0, else 0 (Relu'(0) = 0); NaN where x is NaN.</summary>
    public static double[,] ReluBackward(double[,] g, double[,] x) => ReluBackward(g, x, default);

    internal static double[,] ReluBackward(double[,] g, double[,] x, Destination destination)
    {
        RequireSameShape("ReluBackward", g, x);
        var result = destination.Matrix(g.GetLength(0), g.GetLength(1));
        ReluBackward(Flat(g), Flat(x), Flat(result));
        return result;
    }

    /// <summary>g where x &gt; 0, else 0 (Relu'(0) = 0); NaN where x is NaN.</summary>
    public static double[] ReluBackward(double[] g, double[] x)
    {
        RequireSameShape("ReluBackward", g, x);
        var result = new double[g.Length];
        ReluBackward(g, x, result);
        return result;
    }

    /// <summary>An adjoint over a value, elementwise: aᵢ / bᵢ, except that a zero adjoint stays zero where
    /// 1/bᵢ is infinite (the adjoint of Log is Divide(g, x)).</summary>
    public static double[,] Divide(double[,] a, double[,] b)
    {
        RequireSameShape("Divide", a, b);
        var result = NewLike(a);
        TensorPrimitives.Divide(Flat(a), Flat(b), Flat(result));
        KeepZeroAdjointsZero(Flat(a), Flat(b), Flat(result));
        return result;
    }

    /// <summary>An adjoint over a value, elementwise: aᵢ / bᵢ, except that a zero adjoint stays zero where
    /// 1/bᵢ is infinite.</summary>
    public static double[] Divide(double[] a, double[] b)
    {
        RequireSameShape("Divide", a, b);
        var result = new double[a.Length];
        TensorPrimitives.Divide(a, b, result);
        KeepZeroAdjointsZero(a, b, result);
        return result;
    }

    /// <summary>The elementwise form of <see cref="ZeroAdjointGuard"/>: 0 · (1/0) is 0, not NaN; a NaN
    /// element is not infinite, so it stays NaN.</summary>
    private static void KeepZeroAdjointsZero(ReadOnlySpan<double> adjoint, ReadOnlySpan<double> value, Span<double> result)
    {
        for (int i = 0; i < result.Length; i++)
            if (adjoint[i] == 0 && double.IsInfinity(1 / value[i])) result[i] = 0;
    }

    /// <summary>−a, elementwise.</summary>
    public static double[,] Negate(double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var result = NewLike(a);
        TensorPrimitives.Negate(Flat(a), Flat(result));
        return result;
    }

    /// <summary>−a, elementwise.</summary>
    public static double[] Negate(double[] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var result = new double[a.Length];
        TensorPrimitives.Negate(a, result);
        return result;
    }

    private static void SigmoidBackward(ReadOnlySpan<double> g, ReadOnlySpan<double> y, Span<double> result)
    {
        // Three in-place passes over one buffer beat a scalar loop and keep the kernel allocation-free.
        TensorPrimitives.Subtract(1.0, y, result);
        TensorPrimitives.Multiply(result, y, result);
        TensorPrimitives.Multiply(result, g, result);
    }

    private static void TanhBackward(ReadOnlySpan<double> g, ReadOnlySpan<double> y, Span<double> result)
    {
        TensorPrimitives.Multiply(y, y, result);
        TensorPrimitives.Subtract(1.0, result, result);
        TensorPrimitives.Multiply(result, g, result);
    }

    private static void ReluBackward(ReadOnlySpan<double> g, ReadOnlySpan<double> x, Span<double> result)
    {
        // A select, not g·[x > 0]: a NaN (or infinite) adjoint where the unit is off must not leak
        // through as 0·NaN, while a NaN input must surface as NaN rather than a silent 0.
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref double gRef = ref MemoryMarshal.GetReference(g);
            ref double xRef = ref MemoryMarshal.GetReference(x);
            ref double rRef = ref MemoryMarshal.GetReference(result);
            for (; i <= g.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var xv = Vector.LoadUnsafe(ref xRef, (nuint)i);
                var gv = Vector.LoadUnsafe(ref gRef, (nuint)i);
                var offOrNaN = Vector.ConditionalSelect(Vector.Equals(xv, xv), Vector<double>.Zero, xv);
                Vector.ConditionalSelect(Vector.GreaterThan(xv, Vector<double>.Zero), gv, offOrNaN)
                    .StoreUnsafe(ref rRef, (nuint)i);
            }
        }
        for (; i < g.Length; i++)
            result[i] = x[i] > 0 ? g[i] : double.IsNaN(x[i]) ? x[i] : 0.0;
    }
}
