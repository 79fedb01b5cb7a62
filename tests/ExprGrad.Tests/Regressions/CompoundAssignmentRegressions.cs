using System.Linq.Expressions;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Regressions;

/// <summary>
/// Forward mode kept only <c>=</c> and <c>+=</c> as statements with tangents: <c>p *= x</c> in a loop ran with
/// its tangent left stale, and Ops.Derivative of p = 1.5·x³ returned 0 (found while writing NthDerivative).
/// <c>p **= x</c> (PowerAssign) crashed reverse mode with "Expression must be writeable". Each operator
/// below is checked in every mode against its closed form.
/// </summary>
public class CompoundAssignmentRegressions
{
    private const double At = 0.9;

    /// <summary>p = 1.5; three times p ∘= e(x); return p — with the closed forms of p, p′ and p″ at x.</summary>
    public static TheoryData<string, Func<ParameterExpression, ParameterExpression, Expression>, double, double> Cases => new()
    {
        // 1.5x³: 4.5x², 9x.
        { "*=", (p, x) => MultiplyAssign(p, x), 4.5 * At * At, 9 * At },
        { "*= checked", (p, x) => MultiplyAssignChecked(p, x), 4.5 * At * At, 9 * At },
        // 1.5 − 3x²: −6x, −6.
        { "-=", (p, x) => SubtractAssign(p, Multiply(x, x)), -6 * At, -6 },
        { "-= checked", (p, x) => SubtractAssignChecked(p, Multiply(x, x)), -6 * At, -6 },
        // 1.5 + 3x²: 6x, 6 (checked += was skipped by the old `+=` case).
        { "+= checked", (p, x) => AddAssignChecked(p, Multiply(x, x)), 6 * At, 6 },
        // 1.5x⁻³: −4.5x⁻⁴, 18x⁻⁵.
        { "/=", (p, x) => DivideAssign(p, x), -4.5 * Math.Pow(At, -4), 18 * Math.Pow(At, -5) },
        // ((1.5^x)^x)^x = 1.5^(x³) = e^(x³·ln 1.5): 3x²·L·e^…, (6x·L + 9x⁴·L²)·e^… with L = ln 1.5.
        { "**=", (p, x) => PowerAssign(p, x),
            3 * At * At * Math.Log(1.5) * Math.Pow(1.5, At * At * At),
            (6 * At * Math.Log(1.5) + 9 * Math.Pow(At, 4) * Math.Log(1.5) * Math.Log(1.5)) * Math.Pow(1.5, At * At * At) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryModeDifferentiatesACompoundAssignmentInALoop(string op, Func<ParameterExpression, ParameterExpression, Expression> update,
        double first, double second)
    {
        var f = Loop(update);
        Assert.True(Close(first, Grad.Of(f)(At)), $"{op}: Grad.Of {Grad.Of(f)(At):R}, expected {first:R}");
        Assert.True(Close(first, Ops.Derivative(f, At)), $"{op}: Ops.Derivative {Ops.Derivative(f, At):R}, expected {first:R}");
        Assert.True(Close(first, Grad.JacobianVectorProduct(f)(At, [1.0])[0]), $"{op}: JVP");
        Assert.True(Close(second, Grad.Hessian(f)(At)[0, 0]), $"{op}: Hessian {Grad.Hessian(f)(At)[0, 0]:R}, expected {second:R}");
        Assert.True(Close(second, Grad.NthDerivative(f, 2)(At)), $"{op}: NthDerivative 2 {Grad.NthDerivative(f, 2)(At):R}, expected {second:R}");
    }

    private static Expression<Func<double, double>> Loop(Func<ParameterExpression, ParameterExpression, Expression> update)
    {
        var (x, p, i) = (Parameter(typeof(double), "x"), Variable(typeof(double), "p"), Variable(typeof(int), "i"));
        var done = Label("done");
        return Lambda<Func<double, double>>(Block([p, i],
            Assign(p, Constant(1.5)),
            Assign(i, Constant(0)),
            Expression.Loop(IfThenElse(LessThan(i, Constant(3)), Block(update(p, x), PostIncrementAssign(i)), Break(done)), done),
            p), x);
    }

    private static bool Close(double expected, double actual) => Math.Abs(expected - actual) <= 1e-12 * (1 + Math.Abs(expected));
}
