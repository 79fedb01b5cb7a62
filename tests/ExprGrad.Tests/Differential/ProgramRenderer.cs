using System.Linq.Expressions;
using System.Reflection;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Differential;

/// <summary>
/// Turns a <see cref="ProgramSpec"/> into an expression tree exactly as the C# compiler would build the
/// lambda (LINQ and Ops calls with lambda arguments, closure reads through a captured object, imperative
/// blocks and loops), or — <see cref="Unrolled"/> — into a loop-free scalar tree over one <c>double[] x</c>
/// of all coordinates, which the dual-number oracle interprets.
/// </summary>
public sealed partial class ProgramRenderer
{
    private readonly ProgramSpec _spec;
    private readonly bool _unrolled;
    private readonly ParameterExpression[] _parameters;
    private readonly ParameterExpression _x = Parameter(typeof(double[]), "x");
    private readonly int[] _offsets;
    private readonly Captured _closure = new();
    private readonly Captured _values;
    private readonly object[] _arguments;

    private ProgramRenderer(ProgramSpec spec, bool unrolled)
    {
        _spec = spec;
        _unrolled = unrolled;
        int l = spec.Length, k = 0;
        _parameters = [.. spec.Parameters.Select((p, i) => Parameter(TypeOf(p), $"{Name(p)}{i}"))];
        _offsets = new int[spec.Parameters.Length];
        _arguments = new object[spec.Parameters.Length];
        double Next() => spec.Values[k++ % spec.Values.Length];
        int flat = 0;
        for (int p = 0; p < spec.Parameters.Length; p++)
        {
            _offsets[p] = flat;
            _arguments[p] = spec.Parameters[p] switch
            {
                ParameterKind.Scalar => Next(),
                ParameterKind.Vector => Enumerable.Range(0, l).Select(_ => Next()).ToArray(),
                _ => Matrix(l, Next),
            };
            flat += spec.Parameters[p] switch { ParameterKind.Scalar => 1, ParameterKind.Vector => l, _ => l * l };
        }
        _values = new Captured { Data = [.. Enumerable.Range(0, l).Select(_ => Next())], Matrix = Matrix(l, Next), Scale = Next() };
    }

    /// <summary>The program as users write it.</summary>
    public static RenderedProgram Render(ProgramSpec spec)
    {
        var r = new ProgramRenderer(spec, unrolled: false);
        var body = r.Scalar(spec.Body, r.TopScope());
        var result = new RenderedProgram(spec, Lambda(body, r._parameters), r._arguments, r._closure, r._values);
        result.UseValues();
        return result;
    }

    /// <summary>The same function without loops, lets or tensors, over x = all coordinates (parameter order,
    /// matrices row-major); closure data appear as constants.</summary>
    public static Expression<Func<double[], double>> Unrolled(ProgramSpec spec)
    {
        var r = new ProgramRenderer(spec, unrolled: true);
        return Lambda<Func<double[], double>>(r.Scalar(spec.Body, r.TopScope()), r._x);
    }

    private static Type TypeOf(ParameterKind p) => p switch
    {
        ParameterKind.Scalar => typeof(double),
        ParameterKind.Vector => typeof(double[]),
        _ => typeof(double[,]),
    };

    private static string Name(ParameterKind p) => p switch { ParameterKind.Scalar => "a", ParameterKind.Vector => "w", _ => "m" };

    private static double[,] Matrix(int l, Func<double> next)
    {
        var m = new double[l, l];
        for (int r = 0; r < l; r++)
            for (int c = 0; c < l; c++) m[r, c] = next();
        return m;
    }

    private int L => _spec.Length;

    /// <summary>What a term can read: atoms by position, and the loop indices around it.</summary>
    private sealed record Scope(IReadOnlyList<Expression> Atoms, Expression? Index, Expression? OuterIndex)
    {
        public Scope Prepend(params Expression[] atoms) => this with { Atoms = [.. atoms, .. Atoms] };
    }

    private Scope TopScope()
    {
        var atoms = new List<Expression>();
        for (int p = 0; p < _parameters.Length; p++)
            if (_spec.Parameters[p] == ParameterKind.Scalar) atoms.Add(ScalarParameter(p));
        for (int p = 0; p < _parameters.Length; p++)
        {
            if (_spec.Parameters[p] == ParameterKind.Vector)
            {
                atoms.Add(VectorElement(p, IndexConstant(0)));
                if (L > 1) atoms.Add(VectorElement(p, IndexConstant(L - 1)));
            }
            else if (_spec.Parameters[p] == ParameterKind.Matrix)
            {
                atoms.Add(MatrixElement(p, IndexConstant(0), IndexConstant(0)));
                if (L > 1) atoms.Add(MatrixElement(p, IndexConstant(L - 1), IndexConstant(0)));
            }
        }
        atoms.Add(_unrolled ? Constant(_values.Scale) : Field(Constant(_closure), nameof(Captured.Scale)));
        return new Scope(atoms, null, null);
    }

    /// <summary>The scope inside a loop at <paramref name="index"/>: the elements there come first.</summary>
    private Scope Enter(Scope outer, Expression index)
    {
        var atoms = new List<Expression>();
        for (int p = 0; p < _parameters.Length; p++)
            if (_spec.Parameters[p] == ParameterKind.Vector) atoms.Add(VectorElement(p, index));
        atoms.Add(VectorElement(-1, index));
        for (int p = 0; p < _parameters.Length; p++)
            if (_spec.Parameters[p] == ParameterKind.Matrix) atoms.Add(MatrixElement(p, outer.Index ?? index, index));
        atoms.Add(Convert(index, typeof(double)));
        return new Scope([.. atoms, .. outer.Atoms], index, outer.Index);
    }

    private static Expression IndexConstant(int i) => Constant(i);

    private Expression ScalarParameter(int p) =>
        _unrolled ? ArrayIndex(_x, Constant(_offsets[p])) : _parameters[p];

    /// <summary>Element <paramref name="index"/> of vector parameter <paramref name="p"/>, or of the closure's data when p = −1.</summary>
    private Expression VectorElement(int p, Expression index)
    {
        if (!_unrolled)
            return ArrayIndex(p < 0 ? Field(Constant(_closure), nameof(Captured.Data)) : _parameters[p], index);
        int i = Value(index);
        return p < 0 ? Constant(_values.Data[i]) : ArrayIndex(_x, Constant(_offsets[p] + i));
    }

    private Expression MatrixElement(int p, Expression row, Expression column)
    {
        if (!_unrolled)
            return ArrayIndex(p < 0 ? Field(Constant(_closure), nameof(Captured.Matrix)) : _parameters[p], row, column);
        int r = Value(row), c = Value(column);
        return p < 0 ? Constant(_values.Matrix[r, c]) : ArrayIndex(_x, Constant(_offsets[p] + r * L + c));
    }

    /// <summary>In the unrolled form every index is a constant.</summary>
    private static int Value(Expression index) => index switch
    {
        ConstantExpression { Value: int i } => i,
        _ => throw new InvalidOperationException($"An unrolled index must be a constant: {index}"),
    };

    /// <summary>The parameters of a rank, then the closure (−1): what a tensor source or a sum picks from.</summary>
    private int[] Sources(int rank)
    {
        var kind = rank == 1 ? ParameterKind.Vector : ParameterKind.Matrix;
        return [.. Enumerable.Range(0, _parameters.Length).Where(p => _spec.Parameters[p] == kind), -1];
    }

    private Expression VectorSource(int p) =>
        p < 0 ? Field(Constant(_closure), nameof(Captured.Data)) : _parameters[p];

    private Expression MatrixSource(int p) =>
        p < 0 ? Field(Constant(_closure), nameof(Captured.Matrix)) : _parameters[p];

    private static MethodInfo OpsMethod(string name, params Type[] types) =>
        typeof(Ops).GetMethod(name, types) ?? throw new MissingMethodException("Ops", name);
}
