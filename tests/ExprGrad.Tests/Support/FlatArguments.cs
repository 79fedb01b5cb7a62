using System.Runtime.CompilerServices;

namespace ExprGrad.Tests.Support;

/// <summary>Arguments (doubles, vectors, matrices, and tuples of them) as one flat vector, matrices row-major, and back.</summary>
public static class FlatArguments
{
    /// <summary>Every coordinate of <paramref name="parts"/>, in order.</summary>
    public static double[] Flatten(IEnumerable<object?> parts)
    {
        var flat = new List<double>();
        foreach (var part in parts) Append(part, flat);
        return [.. flat];
    }

    /// <summary>Fresh arguments of <paramref name="template"/>'s shapes holding <paramref name="flat"/>.</summary>
    public static object[] Unflatten(object[] template, double[] flat)
    {
        int k = 0;
        var result = new object[template.Length];
        for (int p = 0; p < template.Length; p++)
        {
            switch (template[p])
            {
                case double[] v:
                    result[p] = flat[k..(k + v.Length)];
                    k += v.Length;
                    break;
                case double[,] m:
                    var copy = new double[m.GetLength(0), m.GetLength(1)];
                    for (int r = 0; r < m.GetLength(0); r++)
                        for (int c = 0; c < m.GetLength(1); c++) copy[r, c] = flat[k++];
                    result[p] = copy;
                    break;
                default:
                    result[p] = flat[k++];
                    break;
            }
        }
        return result;
    }

    private static void Append(object? part, List<double> flat)
    {
        switch (part)
        {
            case double d: flat.Add(d); break;
            case double[] v: flat.AddRange(v); break;
            case double[,] m: flat.AddRange(m.Cast<double>()); break;
            case ITuple t:
                for (int i = 0; i < t.Length; i++) Append(t[i], flat);
                break;
            default: throw new ArgumentException($"Cannot flatten {part?.GetType().Name ?? "null"}.");
        }
    }
}
