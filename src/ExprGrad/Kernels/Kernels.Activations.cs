using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace ExprGrad.Runtime;

public static partial class Kernels
{
    // Below this magnitude the vectorized double tanh of System.Numerics.Tensors 10.0.0 loses relative
    // accuracy: it computes expm1(2x) as exp(2x) − 1 (see dotnet/runtime#97859), so measured errors grow
    // from 7 ulps at |x| ≈ 0.3 to hundreds at 10⁻³, and tanh(1e-20) comes back as −0.
    // At and above it the error is within 3 ulps, like the other vectorized functions.
    private const double TanhExactBelow = 0.5;

    /// <summary>tanh of every element: vectorized, with the small-|x| elements recomputed by
    /// <see cref="Math.Tanh"/>. <paramref name="x"/> and <paramref name="y"/> must not overlap.</summary>
    internal static void Tanh(ReadOnlySpan<double> x, Span<double> y)
    {
        TensorPrimitives.Tanh(x, y);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // Skip whole vectors with no small element, so mostly-saturated inputs stay near vector speed.
            ref double xRef = ref MemoryMarshal.GetReference(x);
            var limit = new Vector<double>(TanhExactBelow);
            for (; i <= x.Length - Vector<double>.Count; i += Vector<double>.Count)
                if (Vector.LessThanAny(Vector.Abs(Vector.LoadUnsafe(ref xRef, (nuint)i)), limit))
                    for (int j = i; j < i + Vector<double>.Count; j++)
                        if (Math.Abs(x[j]) < TanhExactBelow) y[j] = Math.Tanh(x[j]);
        }
        for (; i < x.Length; i++)
            if (Math.Abs(x[i]) < TanhExactBelow) y[i] = Math.Tanh(x[i]);
    }
}
