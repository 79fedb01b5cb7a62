using ExprGrad.Tests.Support;
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

    /// <summary>A captured vector of length L that <see cref="ImperativeForm.CapturedArrayWritten"/> writes (its values
    /// on entry are never read).</summary>
    public double[] Scratch = [];
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
        Closure.Scratch = [double.NaN];
    }

    /// <summary>Installs the closure's real data (fresh arrays), the state while gradients are called.</summary>
    public void UseValues()
    {
        Closure.Data = (double[])ClosureValues.Data.Clone();
        Closure.Matrix = (double[,])ClosureValues.Matrix.Clone();
        Closure.Scale = ClosureValues.Scale;
        Closure.Scratch = new double[ClosureValues.Data.Length];
    }

    /// <summary>All coordinates of the arguments in parameter order, matrices row-major.</summary>
    public double[] FlatPoint() => Flatten(Arguments);

    /// <summary>A fixed direction in the flat coordinates, with no zero component: v_k = 1/(k + 1) − 0.3.</summary>
    public double[] Direction() => [.. Enumerable.Range(0, Dimension).Select(k => 1.0 / (k + 1) - 0.3)];

    /// <summary>Fresh arguments holding the given flat coordinates.</summary>
    public object[] Unflatten(double[] flat) => FlatArguments.Unflatten(Arguments, flat);

    /// <summary>Fresh copies of the arguments, so no entry point can affect another through them.</summary>
    public object[] FreshArguments() => Unflatten(FlatPoint());

    /// <summary>Flattens doubles, vectors and matrices (row-major) into one vector, in order.</summary>
    public static double[] Flatten(IEnumerable<object?> parts) => FlatArguments.Flatten(parts);

    /// <summary>The function compiled by .NET alone (no ExprGrad): what finite differences probe (see
    /// <see cref="DifferentialOracles.Probed"/> for programs that hold a value constant).</summary>
    public Func<double[], double> CompiledOverFlatPoint()
    {
        var compiled = Function.Compile();
        return flat => (double)compiled.DynamicInvoke(Unflatten(flat))!;
    }

    /// <inheritdoc/>
    public override string ToString() => Spec.ToString();
}
