using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ExprGrad;

/// <summary>
/// The numeric kernels behind the matrix and vector <see cref="Ops"/> and their derivative rules.
/// Every kernel allocates at most its result; none calls a delegate per element.
/// </summary>
internal static partial class Kernels
{
    /// <summary>A row-major <c>double[,]</c> seen as one contiguous span, so that the vectorized
    /// one-dimensional primitives apply to matrices without copying.</summary>
    public static Span<double> Flat(double[,] a) =>
        MemoryMarshal.CreateSpan(ref DataRef(a), a.Length);

    /// <summary>The first element of <paramref name="a"/>; valid (but not to be read) when it is empty.</summary>
    public static ref double DataRef(double[,] a) =>
        ref Unsafe.As<byte, double>(ref MemoryMarshal.GetArrayDataReference(a));

    /// <summary>Row <paramref name="i"/> of <paramref name="a"/> as a span.</summary>
    public static Span<double> Row(double[,] a, int i) => Flat(a).Slice(i * a.GetLength(1), a.GetLength(1));

    /// <summary>"rows×cols", as shapes appear in error messages.</summary>
    public static string ShapeOf(double[,] a) => $"{a.GetLength(0)}×{a.GetLength(1)}";

    /// <summary>Throws unless both matrices are non-null and of one shape.</summary>
    public static void RequireSameShape(string op, double[,] a, double[,] b,
        [CallerArgumentExpression(nameof(a))] string? aName = null,
        [CallerArgumentExpression(nameof(b))] string? bName = null)
    {
        ArgumentNullException.ThrowIfNull(a, aName);
        ArgumentNullException.ThrowIfNull(b, bName);
        if (a.GetLength(0) != b.GetLength(0) || a.GetLength(1) != b.GetLength(1))
            throw new ArgumentException($"{op}: shapes {ShapeOf(a)} and {ShapeOf(b)} differ; an elementwise operation needs equal shapes.", bName);
    }

    /// <summary>Throws unless both vectors are non-null and of one length.</summary>
    public static void RequireSameShape(string op, double[] a, double[] b,
        [CallerArgumentExpression(nameof(a))] string? aName = null,
        [CallerArgumentExpression(nameof(b))] string? bName = null)
    {
        ArgumentNullException.ThrowIfNull(a, aName);
        ArgumentNullException.ThrowIfNull(b, bName);
        if (a.Length != b.Length)
            throw new ArgumentException($"{op}: lengths {a.Length} and {b.Length} differ; an elementwise operation needs equal lengths.", bName);
    }

    /// <summary>A new matrix of the shape of <paramref name="like"/>, contents unspecified (zero).</summary>
    public static double[,] NewLike(double[,] like) => new double[like.GetLength(0), like.GetLength(1)];
}
