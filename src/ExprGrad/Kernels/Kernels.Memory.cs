using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ExprGrad.Runtime;

/// <summary>
/// The numeric kernels behind the matrix and vector <see cref="Ops"/> and their derivative rules: what a gradient
/// program calls besides <see cref="Ops"/> and <see cref="Math"/>. Public so that the code
/// <see cref="GradientCode"/> prints compiles as it stands (with <c>using ExprGrad.Runtime;</c>) and computes what
/// the compiled gradient computes; not meant to be called by hand. Every kernel allocates at most its result;
/// none but the partial-derivative kernels calls a delegate per element.
/// </summary>
public static partial class Kernels
{
    /// <summary>A row-major <c>double[,]</c> seen as one contiguous span, so that the vectorized
    /// one-dimensional primitives apply to matrices without copying.</summary>
    internal static Span<double> Flat(double[,] a) =>
        MemoryMarshal.CreateSpan(ref DataRef(a), a.Length);

    /// <summary>The first element of <paramref name="a"/>; valid (but not to be read) when it is empty.</summary>
    internal static ref double DataRef(double[,] a) =>
        ref Unsafe.As<byte, double>(ref MemoryMarshal.GetArrayDataReference(a));

    /// <summary>Row <paramref name="i"/> of <paramref name="a"/> as a span.</summary>
    internal static Span<double> Row(double[,] a, int i) => Flat(a).Slice(i * a.GetLength(1), a.GetLength(1));

    /// <summary>"rows×cols", as shapes appear in error messages.</summary>
    internal static string ShapeOf(double[,] a) => $"{a.GetLength(0)}×{a.GetLength(1)}";

    /// <summary>Throws unless both matrices are non-null and of one shape.</summary>
    internal static void RequireSameShape(string op, double[,] a, double[,] b,
        [CallerArgumentExpression(nameof(a))] string? aName = null,
        [CallerArgumentExpression(nameof(b))] string? bName = null)
    {
        ArgumentNullException.ThrowIfNull(a, aName);
        ArgumentNullException.ThrowIfNull(b, bName);
        if (a.GetLength(0) != b.GetLength(0) || a.GetLength(1) != b.GetLength(1))
            throw new ArgumentException($"{op}: shapes {ShapeOf(a)} and {ShapeOf(b)} differ; an elementwise operation needs equal shapes.", bName);
    }

    /// <summary>Throws unless both vectors are non-null and of one length.</summary>
    internal static void RequireSameShape(string op, double[] a, double[] b,
        [CallerArgumentExpression(nameof(a))] string? aName = null,
        [CallerArgumentExpression(nameof(b))] string? bName = null)
    {
        ArgumentNullException.ThrowIfNull(a, aName);
        ArgumentNullException.ThrowIfNull(b, bName);
        if (a.Length != b.Length)
            throw new ArgumentException($"{op}: lengths {a.Length} and {b.Length} differ; an elementwise operation needs equal lengths.", bName);
    }

    /// <summary>A new matrix of the shape of <paramref name="like"/>, contents unspecified (zero).</summary>
    internal static double[,] NewLike(double[,] like) => new double[like.GetLength(0), like.GetLength(1)];
}
