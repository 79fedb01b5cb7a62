using System.Linq.Expressions;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Printing;

/// <summary>Golden tests of real gradient programs: the staged code of the notes, printed from the engine's output.</summary>
public class GradientCodeTests
{
    [Fact]
    public void Add_then_multiply_prints_two_forward_stages_and_the_swapped_multiply_gradients()
    {
        Expression<Func<double, double, double, double>> f = (x, y, z) => (x + y) * z;

        Assert.Equal("""
            (double, (double, double, double)) gradient(double x, double y, double z)
            {
                var t3 = x + y;
                var t4 = t3 * z;
                var dt3 = z;
                var dz = t3;
                return (t4, (dt3, dt3, dz));
            }

            """.ReplaceLineEndings("\n"), GradientCode.Of(f));
    }

    [Fact]
    public void The_staged_function_of_the_notes_caches_each_stage_and_accumulates_fan_out_with_plus_equals()
    {
        Expression<Func<double, double, double>> f = (x, y) => (x + Sigmoid(y)) / (Sigmoid(x) + (x + y) * (x + y));

        Assert.Equal("""
            (double, (double, double)) gradient(double x, double y)
            {
                var t2 = Ops.Sigmoid(y);
                var t3 = x + t2;
                var t4 = Ops.Sigmoid(x);
                var t5 = x + y;
                var t6 = t5 * t5;
                var t7 = t4 + t6;
                var t8 = t3 / t7;
                var dt3 = 1.0 / t7;
                var dt7 = -(dt3 * t8);
                var dt5 = dt7 * t5;
                dt5 += dt7 * t5;
                var dx = dt5 + dt7 * t4 * (1.0 - t4);
                dx += dt3;
                var dy = dt5 + dt3 * t2 * (1.0 - t2);
                return (t8, (dx, dy));
            }

            """.ReplaceLineEndings("\n"), GradientCode.Of(f));
    }

    [Fact]
    public void A_sum_over_an_array_prints_its_forward_and_backward_loops_as_for()
    {
        // log Σ needs the sum before its backward loop can run: a forward and a backward loop.
        Expression<Func<double[], double>> f = w => Math.Log(Sum(w.Length, i => w[i] * w[i]));
        var code = GradientCode.Of(f);

        Assert.Equal(2, code.Split('\n').Count(l => l.TrimStart().StartsWith("for (", StringComparison.Ordinal)));
        Assert.DoesNotContain("while (true)", code);
        Assert.DoesNotContain("goto", code);
        Assert.DoesNotContain("Func<double>", code); // the forward loop reads as statements, not an invoked lambda
        Assert.Contains("sum += ", code);
    }

    [Fact]
    public void A_sum_that_is_the_result_is_one_fused_loop()
    {
        Expression<Func<double[], double>> f = w => Sum(w.Length, i => w[i] * w[i]);
        var code = GradientCode.Of(f);

        Assert.Equal(1, code.Split('\n').Count(l => l.TrimStart().StartsWith("for (", StringComparison.Ordinal)));
    }

    [Fact]
    public void Printed_code_grows_linearly_with_nesting()
    {
        // Issue 19: every nested conditional indented its lines once more, so n levels printed ~n² characters
        // (38 M at 1,000 levels, 851 M at 5,000). Ten times the levels must now give about ten times the text.
        static int Printed(int levels)
        {
            var x = Expression.Parameter(typeof(double), "x");
            Expression body = x;
            for (int i = 0; i < levels; i++)
                body = Expression.Condition(Expression.GreaterThan(x, Expression.Constant((double)i)), Expression.Multiply(body, x), x);
            return GradientCode.Of(Expression.Lambda<Func<double, double>>(body, x)).Length;
        }
        int hundred = Printed(100), thousand = Printed(1_000);
        Assert.InRange(thousand, 9 * hundred, 11 * hundred);
        // 5,000 levels overflowed the printer's stack (one recursion per level); the text is ~50 times 100 levels'.
        Assert.InRange(Printed(5_000), 45 * hundred, 55 * hundred);
    }
}
