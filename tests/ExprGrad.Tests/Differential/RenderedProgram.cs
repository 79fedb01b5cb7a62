using System.Linq.Expressions;

namespace ExprGrad.Tests.Differential;

/// <summary>
/// The closure a generated program captures, as the C# compiler's display class would: its fields are read
/// through <c>Constant(closure).Field</c> nodes. The harness builds every gradient while the fields hold
/// placeholder arrays and only then installs the real data, so a gradient that read a closure at build
/// time instead of call time disagrees with the oracles.
/// </summary>
public sealed class Captured
{
    /// <summary>A captured vector of length L.</summary>
    public double[] Data = [];

    /// <summary>A captured L×L matrix.</summary>
    public double[,] Matrix = new double[0, 0];

    /// <summary>A captured scalar.</summary>
    public double Scale;
}

/// <summary>A generated program as an expression tree over its parameters, with its arguments.</summary>
/// <param name="Spec">The program it was rendered from.</param>
/// <param name="Function">The lambda, as the C# compiler would build it.</param>
/// <param name="Arguments">One argument per parameter (double, double[] or double[,]).</param>
/// <param name="Closure">The captured object the function reads.</param>
/// <param name="ClosureValues">The data the closure holds when the function is called.</param>
public sealed record RenderedProgram(ProgramSpec Spec, LambdaExpression Function, object[] Arguments, Captured Closure, Captured ClosureValues)
{
    /// <summary>The number of scalar coordinates of all parameters together.</summary>
    public int Dimension => Arguments.Sum(a => a switch { double[] v => v.Length, double[,] m => m.Length, _ => 1 });

    /// <summary>True when the program has one <c>double[]</c> parameter.</summary>
    public bool HasSingleVectorParameter => Spec.Parameters is [ParameterKind.Vector];

    /// <summary>Puts placeholder arrays (of other lengths, holding NaN) into the closure: the state while gradients are built.</summary>
    public void UsePlaceholders()
    {
        Closure.Data = [double.NaN];
        Closure.Matrix = new double[1, 1] { { double.NaN } };
        Closure.Scale = double.NaN;
    }

    /// <summary>Installs the closure's real data (fresh arrays), the state while gradients are called.</summary>
    public void UseValues()
    {
        Closure.Data = (double[])ClosureValues.Data.Clone();
        Closure.Matrix = (double[,])ClosureValues.Matrix.Clone();
        Closure.Scale = ClosureValues.Scale;
    }

    /// <summary>All coordinates of the arguments in parameter order, matrices row-major.</summary>
    public double[] FlatPoint() => Flatten(Arguments);

    /// <summary>Fresh arguments holding the given flat coordinates.</summary>
    public object[] Unflatten(double[] flat)
    {
        int k = 0;
        var result = new object[Arguments.Length];
        for (int p = 0; p < Arguments.Length; p++)
        {
            switch (Arguments[p])
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

    /// <summary>Fresh copies of the arguments, so no entry point can affect another through them.</summary>
    public object[] FreshArguments() => Unflatten(FlatPoint());

    /// <summary>Flattens doubles, vectors and matrices (row-major) into one vector, in order.</summary>
    public static double[] Flatten(IEnumerable<object?> parts)
    {
        var flat = new List<double>();
        foreach (var part in parts)
        {
            switch (part)
            {
                case double d: flat.Add(d); break;
                case double[] v: flat.AddRange(v); break;
                case double[,] m: flat.AddRange(m.Cast<double>()); break;
                default: throw new ArgumentException($"Cannot flatten {part?.GetType().Name ?? "null"}.");
            }
        }
        return [.. flat];
    }

    /// <summary>The function compiled by .NET alone (no ExprGrad): what finite differences probe.</summary>
    public Func<double[], double> CompiledOverFlatPoint()
    {
        var compiled = Function.Compile();
        return flat => (double)compiled.DynamicInvoke(Unflatten(flat))!;
    }

    /// <inheritdoc/>
    public override string ToString() => Spec.ToString();
}
