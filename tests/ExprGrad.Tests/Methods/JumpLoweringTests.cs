using System.Linq.Expressions;
using System.Reflection;
using ExprGrad.Tests.Support;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Methods;

/// <summary>Early returns, breaks inside if-statements and continues in registered bodies, built by hand in the
/// shape the source generator emits (a return label at the end of the body, for-loops with a continue label
/// before the increment), against the same methods run as plain C# under central differences.</summary>
public class JumpLoweringTests
{
    /// <summary>The first x[i] above t, skipping negatives, stopping at one above 10: x[i]·t; otherwise −t.</summary>
    private static double FirstAbove(double[] x, double t)
    {
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < 0) continue;
            if (x[i] > 10) break;
            if (x[i] > t) return x[i] * t;
        }
        return -t;
    }

    /// <summary>Σ over a triangle of x[i]·x[j], returning early from the inner loop once the sum exceeds the limit.</summary>
    private static double Capped(double[] x, double limit)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
            for (int j = 0; j <= i; j++)
            {
                s += x[i] * x[j];
                if (s > limit) return s * limit;
            }
        return s;
    }

    private static Expression For(ParameterExpression i, Expression count, params Expression[] body)
    {
        var exit = Label("exit");
        return Block(Assign(i, Constant(0)), Loop(Block([IfThen(Not(LessThan(i, count)), Break(exit)), .. body, PreIncrementAssign(i)]), exit));
    }

    static JumpLoweringTests()
    {
        var (x, t) = (Parameter(typeof(double[]), "x"), Parameter(typeof(double), "t"));
        var i = Variable(typeof(int), "i");
        var ret = Label(typeof(double), "return");
        var forLoop = ForWithBreak(i, x, Label("continue"), ret, t);
        DifferentiableMethods.Register(Method(nameof(FirstAbove)),
            Lambda<Func<double[], double, double>>(Block(typeof(double), [i], forLoop, Return(ret, Negate(t)), Label(ret, Default(typeof(double)))), x, t));

        var limit = Parameter(typeof(double), "limit");
        var (s, j) = (Variable(typeof(double), "s"), Variable(typeof(int), "j"));
        var ret2 = Label(typeof(double), "return");
        var inner = For(j, Add(i, Constant(1)),
            AddAssign(s, Multiply(ArrayIndex(x, i), ArrayIndex(x, j))),
            IfThen(GreaterThan(s, limit), Return(ret2, Multiply(s, limit))));
        DifferentiableMethods.Register(Method(nameof(Capped)),
            Lambda<Func<double[], double, double>>(Block(typeof(double), [s, i, j],
                Assign(s, Constant(0.0)), For(i, ArrayLength(x), inner), Return(ret2, s), Label(ret2, Default(typeof(double)))), x, limit));
    }

    private static Expression ForWithBreak(ParameterExpression i, ParameterExpression x, LabelTarget next, LabelTarget ret, ParameterExpression t)
    {
        var exit = Label("exit");
        var xi = ArrayIndex(x, i);
        return Block(Assign(i, Constant(0)), Loop(Block(
            IfThen(Not(LessThan(i, ArrayLength(x))), Break(exit)),
            IfThen(LessThan(xi, Constant(0.0)), Continue(next)),
            IfThen(GreaterThan(xi, Constant(10.0)), Break(exit)),
            IfThen(GreaterThan(xi, t), Return(ret, Multiply(xi, t))),
            Label(next),
            PreIncrementAssign(i)), exit));
    }

    private static MethodInfo Method(string name) =>
        typeof(JumpLoweringTests).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;

    public static TheoryData<double[], double> FirstAbovePoints => new()
    {
        { [-1, 0.5, 2, 3], 1.2 },   // skips −1 and 0.5, returns at 2: value 2t, ∂x₂ = t, ∂t = 2
        { [-1, 0.5, 12, 3], 1.2 },  // breaks at 12: −t
        { [0.1, 0.2], 1.2 },        // runs out: −t
        { [], 0.7 },
    };

    [Theory]
    [MemberData(nameof(FirstAbovePoints))]
    public void EarlyReturnBreakAndContinueMatchThePlainMethod(double[] x, double t)
    {
        var (value, (gx, gt)) = Grad.ValueAndGradient((double[] v, double u) => FirstAbove(v, u))(x, t);
        Assert.Equal(FirstAbove(x, t), value);
        var expected = CentralDifferences.Gradient(p => FirstAbove(p[..^1], p[^1]), [.. x, t]);
        CentralDifferences.AssertClose(expected, [.. gx, gt], "FirstAbove");
    }

    [Theory]
    [InlineData(100.0)]  // never capped: Σ_{j≤i} x_i x_j
    [InlineData(3.0)]    // capped inside the inner loop of the second row
    [InlineData(0.5)]    // capped at the first product
    public void AReturnInsideANestedLoopLeavesBoth(double limit)
    {
        double[] x = [0.9, 1.3, -0.4, 2.1];
        var (value, (gx, gl)) = Grad.ValueAndGradient((double[] v, double c) => Capped(v, c))(x, limit);
        Assert.Equal(Capped(x, limit), value, 12);
        var expected = CentralDifferences.Gradient(p => Capped(p[..^1], p[^1]), [.. x, limit]);
        CentralDifferences.AssertClose(expected, [.. gx, gl], "Capped");
    }

    [Fact]
    public void ABodyWithoutJumpsIsLeftAsItIs()
    {
        Expression<Func<double, double>> body = v => v * v;
        Assert.Same(body.Body, JumpLowering.Apply(body.Body));
    }
}
