using System.Numerics;
using System.Runtime.CompilerServices;

namespace ExprGrad.Runtime;

public static partial class Kernels
{
    /// <summary><c>SigmoidBackward(MatMulTransposeB(g, b), y)</c> in one pass (<see cref="GradientOptions.FuseProductEpilogues"/>):
    /// the adjoint a dense layer sends back through its sigmoid, each row finished while it is in cache.</summary>
    internal static double[,] MatMulTransposeBSigmoidBackward(double[,] g, double[,] b, double[,] y) =>
        MatMulTransposeBSigmoidBackward(g, b, y, default);

    internal static double[,] MatMulTransposeBSigmoidBackward(double[,] g, double[,] b, double[,] y, Destination destination)
    {
        ArgumentNullException.ThrowIfNull(y);
        return MatMulTransposeB(g, b, y, destination);
    }

    /// <summary>c ← ((1 − y)·y)·c on rows rowStart…rowEnd−1: SigmoidBackward's three operations per element, in its order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see LanesAtTierZero
    private static void SigmoidBackwardRows(double[,] y, double[,] c, int rowStart, int rowEnd)
    {
        int cols = c.GetLength(1), w = Lanes;
        ref double yRef = ref Unsafe.Add(ref DataRef(y), (nint)rowStart * cols);
        ref double cRef = ref Unsafe.Add(ref DataRef(c), (nint)rowStart * cols);
        int count = (rowEnd - rowStart) * cols, i = 0;
        var one = Vector<double>.One;
        for (; i + w <= count; i += w)
        {
            var yv = Vector.LoadUnsafe(ref yRef, (nuint)i);
            ((one - yv) * yv * Vector.LoadUnsafe(ref cRef, (nuint)i)).StoreUnsafe(ref cRef, (nuint)i);
        }
        for (; i < count; i++)
        {
            double yi = Unsafe.Add(ref yRef, i);
            Unsafe.Add(ref cRef, i) = (1.0 - yi) * yi * Unsafe.Add(ref cRef, i);
        }
    }
}
