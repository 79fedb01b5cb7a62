using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>Argument checks for gradients written into caller-provided buffers.</summary>
internal static class GradientBuffers
{
    /// <summary>
    /// The checks that no buffer is the same array as an input or as another buffer. Either alias gives
    /// wrong numbers: the reverse sweep clears and accumulates into a buffer while the forward values are
    /// still being read from it, and two parameters' adjoints would land in one array. Inputs aliased to
    /// each other are fine (each buffer then receives its own parameter's partials). One call per pair,
    /// so the check allocates nothing.
    /// </summary>
    public static IEnumerable<Expression> AliasChecks(IReadOnlyList<ParameterExpression> inputs, IReadOnlyList<ParameterExpression> buffers)
    {
        for (int i = 0; i < buffers.Count; i++)
        {
            foreach (var input in inputs) yield return DistinctCall(buffers[i], input);
            for (int j = 0; j < i; j++) yield return DistinctCall(buffers[i], buffers[j]);
        }
    }

    public static void Distinct(object buffer, object other, string bufferName, string otherName)
    {
        if (ReferenceEquals(buffer, other))
            throw new ArgumentException(
                $"The gradient buffer '{bufferName}' is the same array as '{otherName}'; pass a separate array for each gradient, distinct from the inputs.",
                bufferName);
    }

    private static Expression DistinctCall(ParameterExpression buffer, ParameterExpression other) =>
        Expression.Call(typeof(GradientBuffers), nameof(Distinct), null,
            buffer, other, Expression.Constant(buffer.Name), Expression.Constant(other.Name));

    public static void Check(double[] x, double[] buffer, string name)
    {
        ArgumentNullException.ThrowIfNull(buffer, name);
        if (buffer.Length != x.Length)
            throw new ArgumentException($"The gradient buffer has {buffer.Length} elements but its parameter has {x.Length}.", name);
    }

    /// <summary>The check of a buffer receiving a vector function's output (or its tangent) of <paramref name="length"/> elements.</summary>
    public static void CheckOutput(double[]? result, int length)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Length != length)
            throw new ArgumentException($"The result buffer has {result.Length} elements but the function's output has {length}.", nameof(result));
    }

    public static void Check(double[,] x, double[,] buffer, string name)
    {
        ArgumentNullException.ThrowIfNull(buffer, name);
        if (buffer.GetLength(0) != x.GetLength(0) || buffer.GetLength(1) != x.GetLength(1))
            throw new ArgumentException(
                $"The gradient buffer is {buffer.GetLength(0)}×{buffer.GetLength(1)} but its parameter is {x.GetLength(0)}×{x.GetLength(1)}.", name);
    }
}
