using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace ExprGrad;

/// <summary>Views the arguments of a function (doubles, vectors, matrices) as one flat vector of coordinates.</summary>
internal sealed class ParameterVector
{
    private readonly object[] template;
    private readonly List<(int Argument, int Row, int Column, string Name)> coordinates = [];

    public ParameterVector(LambdaExpression f, object[] point)
    {
        if (point.Length != f.Parameters.Count)
            throw new ArgumentException($"The function has {f.Parameters.Count} parameters but the point has {point.Length} values.", nameof(point));
        template = point;
        for (int a = 0; a < point.Length; a++)
        {
            var name = f.Parameters[a].Name ?? $"arg{a}";
            switch (point[a])
            {
                case double when f.Parameters[a].Type == typeof(double):
                    coordinates.Add((a, -1, -1, name));
                    break;
                case double[] v when f.Parameters[a].Type == typeof(double[]):
                    for (int i = 0; i < v.Length; i++) coordinates.Add((a, i, -1, $"{name}[{i}]"));
                    break;
                case double[,] m when f.Parameters[a].Type == typeof(double[,]):
                    for (int i = 0; i < m.GetLength(0); i++)
                        for (int j = 0; j < m.GetLength(1); j++) coordinates.Add((a, i, j, $"{name}[{i},{j}]"));
                    break;
                default:
                    throw new ArgumentException($"Parameter '{name}' is {f.Parameters[a].Type.Name} but the point gives {point[a]?.GetType().Name ?? "null"}.", nameof(point));
            }
        }
    }

    public int Count => coordinates.Count;

    public string Name(int k) => coordinates[k].Name;

    public double[] Flatten(object[] arguments) => [.. coordinates.Select(c => Read(arguments, c))];

    /// <summary>Fresh arguments (never the caller's arrays) holding <paramref name="x"/>.</summary>
    public object[] Arguments(double[] x)
    {
        var args = template.Select(a => a is Array array ? array.Clone() : a).ToArray();
        for (int k = 0; k < coordinates.Count; k++)
        {
            var (a, i, j, _) = coordinates[k];
            if (i < 0) args[a] = x[k];
            else if (j < 0) ((double[])args[a])[i] = x[k];
            else ((double[,])args[a])[i, j] = x[k];
        }
        return args;
    }

    /// <summary>The gradient returned by a gradient program, flattened the same way.</summary>
    public double[] FlattenGradient(object gradient) =>
        template.Length == 1 ? Flatten([gradient]) : Flatten(TupleItems((ITuple)gradient));

    private static object[] TupleItems(ITuple tuple) => [.. Enumerable.Range(0, tuple.Length).Select(i => tuple[i]!)];

    private static double Read(object[] args, (int Argument, int Row, int Column, string Name) c) =>
        c.Row < 0 ? (double)args[c.Argument] : c.Column < 0 ? ((double[])args[c.Argument])[c.Row] : ((double[,])args[c.Argument])[c.Row, c.Column];
}
