using System.Linq.Expressions;
using System.Reflection;
using ExprGrad.Tests.Support;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Registry;

/// <summary>
/// One primitive at one random point, as a scalar loss ⟨R, op(x₁ … xₙ)⟩ over its double, double[] and
/// double[,] arguments (other arguments, such as indices, are constants), with the point flattened into one
/// vector for central differences and two random directions.
/// </summary>
public sealed class PrimitiveCase
{
    private PrimitiveCase(LambdaExpression loss, object[] arguments, double[][] directions)
    {
        Loss = loss;
        Arguments = arguments;
        Point = FlatArguments.Flatten(arguments);
        Directions = directions;
        var compiled = loss.Compile();
        Value = x => (double)compiled.DynamicInvoke(Unflatten(x))!;
    }

    public LambdaExpression Loss { get; }

    /// <summary>The differentiable arguments, in order.</summary>
    public object[] Arguments { get; }

    /// <summary>Fresh arguments of this case's shapes holding <paramref name="x"/>.</summary>
    public object[] Unflatten(double[] x) => FlatArguments.Unflatten(Arguments, x);

    public double[] Point { get; }

    public double[][] Directions { get; }

    public Func<double[], double> Value { get; }

    public static PrimitiveCase Of(MethodInfo method, Func<Random, object[]> sample, Random random)
    {
        var all = sample(random);
        var parameters = new List<ParameterExpression>();
        var differentiable = new List<object>();
        var args = new Expression[all.Length];
        for (int i = 0; i < all.Length; i++)
        {
            if (all[i] is not (double or double[] or double[,]))
            {
                args[i] = Constant(all[i]); // indices, a kernel's partial: data, not differentiated
                continue;
            }
            var p = Parameter(all[i].GetType(), $"x{i}");
            parameters.Add(p);
            differentiable.Add(all[i]);
            args[i] = p;
        }
        Expression output = Call(method, args);
        var weights = RandomLike(output.Type, Evaluate(method, all), random);
        Expression loss = output.Type == typeof(double)
            ? Multiply(output, Constant(weights))
            : Call(typeof(Ops), nameof(Ops.Dot), null, output, Constant(weights));
        var dimension = FlatArguments.Flatten(differentiable).Length;
        var directions = Enumerable.Range(0, 2).Select(_ => Enumerable.Range(0, dimension).Select(_ => random.NextDouble() * 2 - 1).ToArray()).ToArray();
        return new PrimitiveCase(Lambda(loss, parameters), [.. differentiable], directions);
    }

    private static object Evaluate(MethodInfo method, object[] all) => method.Invoke(null, all)!;

    private static object RandomLike(Type type, object like, Random random) => like switch
    {
        double => random.NextDouble() * 2 - 1,
        double[] v => v.Select(_ => random.NextDouble() * 2 - 1).ToArray(),
        double[,] m => Matrix(m.GetLength(0), m.GetLength(1), random),
        _ => throw new ArgumentException($"No weights for a {type.Name} output."),
    };

    private static double[,] Matrix(int rows, int cols, Random random)
    {
        var m = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) m[i, j] = random.NextDouble() * 2 - 1;
        return m;
    }

    public override string ToString() =>
        $"{Loss} at [{string.Join(", ", Point.Select(x => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}]";
}
