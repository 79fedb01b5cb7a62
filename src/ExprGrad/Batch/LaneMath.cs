using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ExprGrad;

/// <summary>
/// The primitives of a <see cref="LaneKernel"/>, one lane per point: SIMD where .NET has the operation on
/// Vector&lt;double&gt; (arithmetic, comparisons, Exp, Log, Sqrt, Sin, Cos), TensorPrimitives over the lanes where
/// only it has it (Tanh), and the scalar method lane by lane otherwise. A mask lane is all ones for true.
/// </summary>
internal static class LaneMath
{
    public static Vector<double> Broadcast(double value) => new(value);

    /// <summary>Lane l = the matrix's element at flat index offset + l·stride: one column of consecutive rows.
    /// Unchecked: the kernel's loop keeps every lane inside the matrix.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Gather(double[,] m, int offset, int stride)
    {
        ref double first = ref Element(m, offset);
        if (Vector<double>.Count == 4)
            return Vector256.Create(first, Unsafe.Add(ref first, stride), Unsafe.Add(ref first, 2 * stride), Unsafe.Add(ref first, 3 * stride)).AsVector();
        return GatherAnyWidth(ref first, stride);
    }

    /// <summary>The inverse of <see cref="Gather"/>: lane l to flat index offset + l·stride.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Scatter(double[,] m, int offset, int stride, Vector<double> v)
    {
        ref double first = ref Element(m, offset);
        if (Vector<double>.Count == 4)
        {
            var v256 = v.AsVector256();
            first = v256.GetElement(0);
            Unsafe.Add(ref first, stride) = v256.GetElement(1);
            Unsafe.Add(ref first, 2 * stride) = v256.GetElement(2);
            Unsafe.Add(ref first, 3 * stride) = v256.GetElement(3);
        }
        else
        {
            for (int l = 0; l < Vector<double>.Count; l++) Unsafe.Add(ref first, l * stride) = v[l];
        }
    }

    private static Vector<double> GatherAnyWidth(ref double first, int stride)
    {
        var result = default(Vector<double>);
        var r = Lanes(ref result);
        for (int l = 0; l < r.Length; l++) r[l] = Unsafe.Add(ref first, l * stride);
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref double Element(double[,] m, int offset) =>
        ref Unsafe.Add(ref Unsafe.As<byte, double>(ref MemoryMarshal.GetArrayDataReference(m)), offset);

    public static Vector<double> Exp(Vector<double> x) => Vector.Exp(x);

    public static Vector<double> Log(Vector<double> x) => Vector.Log(x);

    public static Vector<double> Sqrt(Vector<double> x) => Vector.SquareRoot(x);

    public static Vector<double> Abs(Vector<double> x) => Vector.Abs(x);

    public static Vector<double> Sin(Vector<double> x) => Vector.Sin(x);

    public static Vector<double> Cos(Vector<double> x) => Vector.Cos(x);

    /// <summary>Ops.Sigmoid's formula, 1 / (1 + e^−x).</summary>
    public static Vector<double> Sigmoid(Vector<double> x) => Vector<double>.One / (Vector<double>.One + Vector.Exp(Negate(x)));

    /// <summary>tanh by TensorPrimitives, except below 1e-8 in size, where tanh x rounds to x itself
    /// (x³/3 is under half an ulp): TensorPrimitives gives −0 for a positive subnormal (tested).</summary>
    public static Vector<double> Tanh(Vector<double> x)
    {
        var result = default(Vector<double>);
        TensorPrimitives.Tanh(Lanes(ref x), Lanes(ref result));
        return Vector.ConditionalSelect(Vector.LessThan<double>(Vector.Abs(x), new Vector<double>(1e-8)), x, result);
    }

    /// <summary>−x with IEEE sign: the sign bit flipped, so −(+0) is −0 (0 − x would give +0).</summary>
    public static Vector<double> Negate(Vector<double> x) => Vector.Xor(x, new Vector<double>(-0.0));

    public static Vector<double> Select(Vector<double> mask, Vector<double> whenTrue, Vector<double> whenFalse) =>
        Vector.ConditionalSelect(mask, whenTrue, whenFalse);

    public static Vector<double> LessThan(Vector<double> a, Vector<double> b) => Vector.LessThan<double>(a, b);

    public static Vector<double> LessThanOrEqual(Vector<double> a, Vector<double> b) => Vector.LessThanOrEqual<double>(a, b);

    public static Vector<double> GreaterThan(Vector<double> a, Vector<double> b) => Vector.GreaterThan<double>(a, b);

    public static Vector<double> GreaterThanOrEqual(Vector<double> a, Vector<double> b) => Vector.GreaterThanOrEqual<double>(a, b);

    public static Vector<double> Equal(Vector<double> a, Vector<double> b) => Vector.Equals<double>(a, b);

    /// <summary>IEEE ≠: true where either side is NaN.</summary>
    public static Vector<double> NotEqual(Vector<double> a, Vector<double> b) => Vector.OnesComplement(Vector.Equals<double>(a, b));

    public static Vector<double> IsNaN(Vector<double> x) => Vector.OnesComplement(Vector.Equals<double>(x, x));

    public static Vector<double> IsInfinity(Vector<double> x) => Vector.Equals<double>(Vector.Abs(x), new Vector<double>(double.PositiveInfinity));

    public static Vector<double> IsFinite(Vector<double> x) => Vector.LessThan<double>(Vector.Abs(x), new Vector<double>(double.PositiveInfinity));

    public static Vector<double> IsPositiveInfinity(Vector<double> x) => Vector.Equals<double>(x, new Vector<double>(double.PositiveInfinity));

    public static Vector<double> IsNegativeInfinity(Vector<double> x) => Vector.Equals<double>(x, new Vector<double>(double.NegativeInfinity));

    public static Vector<double> And(Vector<double> a, Vector<double> b) => Vector.BitwiseAnd(a, b);

    public static Vector<double> Or(Vector<double> a, Vector<double> b) => Vector.BitwiseOr(a, b);

    public static Vector<double> Xor(Vector<double> a, Vector<double> b) => Vector.Xor(a, b);

    public static Vector<double> Not(Vector<double> a) => Vector.OnesComplement(a);

    /// <summary>Mask equality: lanes where both are true or both false.</summary>
    public static Vector<double> SameMask(Vector<double> a, Vector<double> b) => Vector.OnesComplement(Vector.Xor(a, b));

    // Lanes outside the mask (a side no point of theirs takes) are left zero, never computed.
    public static Vector<double> PerLane(Func<double, double> f, Vector<double> mask, Vector<double> a)
    {
        var result = default(Vector<double>);
        var r = Lanes(ref result);
        for (int i = 0; i < r.Length; i++)
            if (mask[i] != 0) r[i] = f(a[i]);
        return result;
    }

    public static Vector<double> PerLane(Func<double, double, double> f, Vector<double> mask, Vector<double> a, Vector<double> b)
    {
        var result = default(Vector<double>);
        var r = Lanes(ref result);
        for (int i = 0; i < r.Length; i++)
            if (mask[i] != 0) r[i] = f(a[i], b[i]);
        return result;
    }

    public static Vector<double> PerLane(Func<double, double, double, double> f, Vector<double> mask, Vector<double> a, Vector<double> b, Vector<double> c)
    {
        var result = default(Vector<double>);
        var r = Lanes(ref result);
        for (int i = 0; i < r.Length; i++)
            if (mask[i] != 0) r[i] = f(a[i], b[i], c[i]);
        return result;
    }

    private static Span<double> Lanes(ref Vector<double> v) =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<Vector<double>, double>(ref v), Vector<double>.Count);
}
