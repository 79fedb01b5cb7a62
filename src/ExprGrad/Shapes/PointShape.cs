using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The shapes of the arguments of a function of several parameters (double, double[], double[,]), and the
/// one flat vector they make: each parameter's elements in parameter order, matrices row-major. The Hessians
/// and Jacobians of such functions are those of <see cref="Rewrite"/>, a function of that flat vector.
/// </summary>
internal sealed class PointShape : IEquatable<PointShape>
{
    // Two per parameter: (−1, −1) a double, (n, −1) a vector of length n, (r, c) an r×c matrix.
    private readonly int[] dims;

    private PointShape(int[] dims)
    {
        this.dims = dims;
        for (int i = 0; i < dims.Length; i += 2)
            Count += dims[i] < 0 ? 1 : dims[i + 1] < 0 ? dims[i] : dims[i] * dims[i + 1];
    }

    /// <summary>How many coordinates the flat vector has.</summary>
    public int Count { get; }

    /// <summary>Throws unless <paramref name="f"/> has 1–8 parameters of supported types and, for a scalar
    /// function, returns double; for a vector function, double, double[] or double[,].</summary>
    public static void RequireFunction(LambdaExpression f, bool vectorResult)
    {
        ArgumentNullException.ThrowIfNull(f);
        foreach (var p in f.Parameters) TensorTypes.RequireSupportedParameter(p, nameof(f));
        if (f.Parameters.Count == 0)
            throw new ArgumentException("The function has no parameters to differentiate with respect to.", nameof(f));
        if (vectorResult ? !TensorTypes.IsDifferentiable(f.ReturnType) : f.ReturnType != typeof(double))
            throw new ArgumentException(vectorResult
                ? $"The function must return double, double[] or double[,]; it returns {f.ReturnType.Name}."
                : $"The function must return double; it returns {f.ReturnType.Name}.", nameof(f));
    }

    /// <summary>The shape of <paramref name="args"/>, which must match <paramref name="f"/>'s parameter types.</summary>
    /// <exception cref="ArgumentNullException">An array argument is null (named after its parameter).</exception>
    public static PointShape Of(LambdaExpression f, object?[] args)
    {
        var dims = new int[2 * args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            var name = f.Parameters[i].Name ?? $"arg{i + 1}";
            (dims[2 * i], dims[2 * i + 1]) = args[i] switch
            {
                null => throw new ArgumentNullException(name, $"The point's parameter '{name}' is null."),
                double => (-1, -1),
                double[] v => (v.Length, -1),
                double[,] m => (m.GetLength(0), m.GetLength(1)),
                _ => throw new ArgumentException($"Parameter '{name}' is a {args[i]!.GetType().Name}.", name),
            };
        }
        return new PointShape(dims);
    }

    /// <summary>A stand-in shape (every vector of length 1, every matrix 1×1), to build a program once up front
    /// so that an unsupported construct is reported when the entry point is created, not at its first call.</summary>
    public static PointShape Probe(LambdaExpression f) =>
        new([.. f.Parameters.SelectMany(p => p.Type == typeof(double) ? new[] { -1, -1 } : p.Type == typeof(double[]) ? [1, -1] : [1, 1])]);

    /// <summary>The arguments' coordinates, flat.</summary>
    public double[] Flatten(object?[] args)
    {
        var x = new double[Count];
        int k = 0;
        foreach (var a in args)
        {
            switch (a)
            {
                case double d: x[k++] = d; break;
                case double[] v: v.CopyTo(x, k); k += v.Length; break;
                case double[,] m: Kernels.Flat(m).CopyTo(x.AsSpan(k)); k += m.Length; break;
            }
        }
        return x;
    }

    /// <summary>
    /// <paramref name="f"/> as a function of the flat vector <c>point</c>: its body inside one
    /// <c>Ops.Let</c> per parameter binding it to <c>point[k]</c>, <c>Ops.Slice(point, k, n)</c> or
    /// <c>Ops.Reshape(Ops.Slice(point, k, r·c), r, c)</c>. The shapes are constants of the program, which is
    /// why one is built per shape. With <paramref name="vectorResult"/> the result is a double[]: a double
    /// result becomes a vector of one, a matrix result is flattened row-major.
    /// </summary>
    public LambdaExpression Rewrite(LambdaExpression f, bool vectorResult)
    {
        var point = Expression.Parameter(typeof(double[]), "point");
        var body = f.Body;
        if (vectorResult && body.Type == typeof(double)) body = Expression.NewArrayInit(typeof(double), body);
        else if (vectorResult && body.Type == typeof(double[,])) body = Expression.Call(typeof(Ops), nameof(Ops.Flatten), null, body);
        var offsets = new int[f.Parameters.Count];
        for (int i = 1; i < offsets.Length; i++) offsets[i] = offsets[i - 1] + Size(i - 1);
        for (int i = f.Parameters.Count - 1; i >= 0; i--)
        {
            var p = f.Parameters[i];
            var value = Bind(point, offsets[i], dims[2 * i], dims[2 * i + 1]);
            var let = OpsMethods.Let.MakeGenericMethod(p.Type, body.Type);
            body = Expression.Call(let, value, Expression.Lambda(body, p));
        }
        return Expression.Lambda(body, point);
    }

    private int Size(int i) => dims[2 * i] < 0 ? 1 : dims[2 * i + 1] < 0 ? dims[2 * i] : dims[2 * i] * dims[2 * i + 1];

    private static Expression Bind(ParameterExpression point, int offset, int rows, int columns)
    {
        if (rows < 0) return Expression.ArrayIndex(point, Expression.Constant(offset));
        var slice = Expression.Call(typeof(Ops), nameof(Ops.Slice), null, point, Expression.Constant(offset),
            Expression.Constant(columns < 0 ? rows : rows * columns));
        return columns < 0 ? slice
            : Expression.Call(typeof(Ops), nameof(Ops.Reshape), null, slice, Expression.Constant(rows), Expression.Constant(columns));
    }

    public bool Equals(PointShape? other) => other is not null && dims.AsSpan().SequenceEqual(other.dims);

    public override bool Equals(object? obj) => Equals(obj as PointShape);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var d in dims) hash.Add(d);
        return hash.ToHashCode();
    }
}
