using System.Linq.Expressions;
using ExprGrad.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ExprGrad.Tests.Performance;

/// <summary>
/// Issue 16 (<see cref="GradientOptions.InlineScalarOps"/>): a compiled gradient computes <c>Ops.Sigmoid</c> and
/// <c>Ops.Relu</c> in its own code, since the JIT inlines no method of this library into a compiled expression. Their
/// bodies are written out operation for operation, so every value is the same bits as through the call, also at
/// NaN, ±0, ±∞ and where e^−x overflows.
/// </summary>
public class ScalarOpsInliningTests
{
    private static readonly GradientOptions Called = new() { InlineScalarOps = false };

    private static readonly Expression<Func<double, double, double, double, double, double>> Neuron =
        (w0, x0, w1, x1, w2) => 1 / (1 + Math.Exp(-(w0 * x0 + w1 * x1 + w2)));

    private static readonly Expression<Func<double, double, double>> Mixed =
        (x, y) => Ops.Sigmoid(x * y) * Ops.Relu(x - y) + Ops.Relu(Ops.Sigmoid(y) - 0.25);

    private static readonly double[] Specials =
        [0.0, -0.0, 1.5, -2.5, 710, -710, 745.5, -745.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon];

    [Fact]
    public void The_compiled_neuron_gradient_calls_no_Ops_method()
    {
        // RecognizeSigmoid takes the neuron as Ops.Sigmoid(z); the compiled program then computes σ in place.
        var type = typeof(Func<double, double, double, double, double, (double, double, double, double, double)>);
        var inlined = Pipeline.Build(Neuron, ProgramKind.Gradient, null, delegateType: type, compiled: true);
        var called = Pipeline.Build(Neuron, ProgramKind.Gradient, Called, delegateType: type, compiled: true);
        Assert.Equal(0, OpsCalls(inlined));
        Assert.Equal(1, OpsCalls(called));
    }

    [Fact]
    public void An_argument_that_is_an_expression_is_computed_once()
    {
        var x = Expression.Parameter(typeof(double), "x");
        var calls = 0;
        Func<double, double> count = v => { calls++; return v; };
        var argument = Expression.Invoke(Expression.Constant(count), Expression.Multiply(x, x));
        var program = ScalarOpsInlining.Run(Expression.Lambda<Func<double, double>>(
            Expression.Call(typeof(Ops), nameof(Ops.Sigmoid), null, argument), x));
        Assert.Equal(0, OpsCalls(program));
        var sigmoid = (Func<double, double>)program.Compile();
        Assert.Equal(Ops.Sigmoid(0.25), sigmoid(0.5));
        Assert.Equal(1, calls);
    }

    [Property(MaxTest = 300, Replay = "2026112904,5151515")]
    public Property Gradients_are_the_same_bits_inlined_and_called(int a, int b, int c, NormalFloat d, NormalFloat e)
    {
        double P(int i) => Specials[Math.Abs(i % Specials.Length)];
        var (u, v) = (P(a), P(b));
        var neuron = (Grad.Of(Neuron)(u, v, P(c), d.Get, e.Get), Grad.Of(Neuron, Called)(u, v, P(c), d.Get, e.Get));
        var mixed = (Grad.ValueAndGradient(Mixed)(u, d.Get), Grad.ValueAndGradient(Mixed, Called)(u, d.Get));
        double[] inlined = [neuron.Item1.Item1, neuron.Item1.Item2, neuron.Item1.Item3, neuron.Item1.Item4, neuron.Item1.Item5,
            mixed.Item1.Value, mixed.Item1.Gradient.Item1, mixed.Item1.Gradient.Item2];
        double[] called = [neuron.Item2.Item1, neuron.Item2.Item2, neuron.Item2.Item3, neuron.Item2.Item4, neuron.Item2.Item5,
            mixed.Item2.Value, mixed.Item2.Gradient.Item1, mixed.Item2.Gradient.Item2];
        return inlined.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(called.Select(BitConverter.DoubleToInt64Bits))
            .Label($"at ({u}, {v}, {P(c)}, {d.Get}, {e.Get}): [{string.Join(", ", inlined)}] vs [{string.Join(", ", called)}]");
    }

    private static int OpsCalls(Expression program) =>
        NodeCount.Of(program, node => node is MethodCallExpression call && call.Method.DeclaringType == typeof(Ops));
}
