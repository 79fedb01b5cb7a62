using System.Linq.Expressions;
using ExprGrad.Tests.Support;

namespace ExprGrad.Tests.Differential;

/// <summary>
/// Batch mode (<c>Grad.ValueAndGradientBatch</c> and its <c>Into</c> twins) as entry points: for a function of one
/// double[] or of 1–8 doubles, the program's point is row 0 of a batch of 11 rows (two full lane groups and a padded
/// tail), every other row the point again or a neighbour (−x, x/2), so a lane that mixes in its neighbour's branch,
/// mask or value shows. Every copy of the point must agree bit for bit with row 0; row 0 is the answer. A program
/// Grad.Of accepts must be accepted: batch mode throwing NotSupportedException on it is a build failure, not "not
/// applicable". The Into twins write into buffers holding stale values and must equal the allocating form bit for bit.
/// </summary>
public static class BatchEntryPoints
{
    /// <summary>The rows of the batch: 0 is the point itself, 1 its negation, 2 its half.</summary>
    private static readonly int[] Rows = [0, 1, 0, 2, 0, 1, 0, 2, 0, 1, 0];

    /// <summary><c>Grad.ValueAndGradientBatch</c>.</summary>
    public static readonly EntryPoint ValueAndGradientBatch = Adapter(nameof(Grad.ValueAndGradientBatch), (batch, points) =>
        ((Func<double[,], (double[], double[,])>)batch)(points));

    /// <summary><c>Grad.ValueAndGradientBatchInto</c>, into stale buffers.</summary>
    public static readonly EntryPoint ValueAndGradientBatchInto = Adapter(nameof(Grad.ValueAndGradientBatchInto), (batch, points) =>
    {
        var (values, gradients) = (StaleBuffers.Vector(points.GetLength(0)), StaleBuffers.Matrix(points.GetLength(0), points.GetLength(1)));
        ((Action<double[,], double[], double[,]>)batch)(points, values, gradients);
        return (values, gradients);
    }) with { Twin = ValueAndGradientBatch };

    /// <summary><c>Grad.BatchInto</c>, into a stale buffer: gradients only.</summary>
    public static readonly EntryPoint BatchInto = Adapter(nameof(Grad.BatchInto), (batch, points) =>
    {
        var gradients = StaleBuffers.Matrix(points.GetLength(0), points.GetLength(1));
        ((Action<double[,], double[,]>)batch)(points, gradients);
        return (null, gradients);
    }) with { Twin = ValueAndGradientBatch };

    /// <summary>Every batch adapter.</summary>
    public static IReadOnlyList<EntryPoint> All { get; } = [ValueAndGradientBatch, ValueAndGradientBatchInto, BatchInto];

    /// <summary>The adapter of the batch entry point <paramref name="name"/>, given how to call its delegate on a points
    /// matrix: the values (null when it returns none) and the gradients.</summary>
    private static EntryPoint Adapter(string name, Func<Delegate, double[,], (double[]? Values, double[,] Gradients)> run) =>
        new($"Grad.{name}", false, Applies, (p, o) =>
        {
            Delegate batch;
            try
            {
                batch = (Delegate)EntryPoints.InvokeEntry(Method(name, p), [p.Function], o);
            }
            catch (NotSupportedException e)
            {
                _ = EntryPoints.Of.Build(p, o);
                throw new InvalidOperationException($"Batch mode rejected a program Grad.Of accepts: {e.Message}", e);
            }
            return args =>
            {
                var point = RenderedProgram.Flatten(args);
                (double[]? Values, double[,] Gradients) result;
                try
                {
                    result = run(batch, Matrix(point, Rows));
                }
                catch (Exception)
                {
                    // A neighbour may be outside the function's domain (an exception Grad.Of throws there too):
                    // the point alone, in every row.
                    return Check(run(batch, Matrix(point, [.. Rows.Select(_ => 0)])), [.. Rows.Select(_ => 0)]);
                }
                return Check(result, Rows);
            };
        });

    private static bool Applies(RenderedProgram p) =>
        p.HasSingleVectorParameter || p.Spec.Parameters is { Length: >= 1 and <= 8 } ps && ps.All(k => k == ParameterKind.Scalar);

    private static System.Reflection.MethodInfo Method(string name, RenderedProgram p)
    {
        var expressionType = typeof(Expression<>).MakeGenericType(p.Function.Type);
        return typeof(Grad).GetMethods().Single(m => m.Name == name && m.GetParameters()[0].ParameterType == expressionType);
    }

    private static double[,] Matrix(double[] point, int[] rows)
    {
        var m = new double[rows.Length, point.Length];
        for (int r = 0; r < rows.Length; r++)
            for (int j = 0; j < point.Length; j++)
                m[r, j] = rows[r] switch { 0 => point[j], 1 => -point[j], _ => point[j] / 2 };
        return m;
    }

    /// <summary>Row 0's answer, after checking each row agrees bit for bit with the first row of its kind.</summary>
    private static Answer Check((double[]? Values, double[,] Gradients) result, int[] rows)
    {
        int n = result.Gradients.GetLength(1);
        double[] Row(int r) => [.. result.Values is { } v ? [v[r]] : Array.Empty<double>(), .. Enumerable.Range(0, n).Select(j => result.Gradients[r, j])];
        for (int r = 0; r < rows.Length; r++)
        {
            int first = Array.IndexOf(rows, rows[r]);
            if (!Row(r).Zip(Row(first)).All(ab => DifferentialOracles.Same(ab.First, ab.Second)))
                throw new InvalidOperationException($"Batch row {r} differs from row {first}, the same point: {ProgramSpec.Show(Row(r))} vs {ProgramSpec.Show(Row(first))}.");
        }
        return new Answer(result.Values?[0], [.. Enumerable.Range(0, n).Select(j => result.Gradients[0, j])]);
    }
}
