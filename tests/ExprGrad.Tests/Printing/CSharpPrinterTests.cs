using System.Linq.Expressions;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Printing;

/// <summary>Golden tests of the C# printer on small hand-built trees, one construct each.</summary>
public class CSharpPrinterTests
{
    private static readonly ParameterExpression X = Parameter(typeof(double), "x");
    private static readonly ParameterExpression Y = Parameter(typeof(double), "y");

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    [Fact]
    public void Stages_are_declared_where_first_assigned_and_the_last_expression_is_returned()
    {
        var t1 = Variable(typeof(double), "t1");
        var t2 = Variable(typeof(double), "t2");
        var f = Lambda(Block([t1, t2], Assign(t1, Add(X, Y)), Assign(t2, Multiply(t1, Constant(2.0))), t2), "f", [X, Y]);

        Assert.Equal(Lines(
            "double f(double x, double y)",
            "{",
            "    var t1 = x + y;",
            "    var t2 = t1 * 2.0;",
            "    return t2;",
            "}"), GradientCode.ToCSharp(f));
    }

    [Fact]
    public void Assigning_a_sum_that_starts_with_the_target_prints_as_plus_equals()
    {
        var d = Variable(typeof(double), "dx");
        var body = Block([d], Assign(d, X), Assign(d, Add(d, Y)), AddAssign(d, Constant(1.0)), d);

        Assert.Equal(Lines("var dx = x;", "dx += y;", "dx += 1.0;", "return dx;"), Inner(body));
    }

    [Fact]
    public void Parentheses_follow_precedence_and_associativity()
    {
        var e = Divide(Subtract(X, Add(Y, X)), Multiply(Negate(X), Constant(-1.5)));
        Assert.Equal("return (x - (y + x)) / (-x * -1.5);\n", Inner(e));
        Assert.Equal("return -(-x);\n", Inner(Negate(Negate(X))));
        Assert.Equal("return x - y - x;\n", Inner(Subtract(Subtract(X, Y), X)));
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-20, "1E-20")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(double.NaN, "double.NaN")]
    [InlineData(double.NegativeInfinity, "double.NegativeInfinity")]
    public void Doubles_print_in_round_trip_form(double value, string expected) =>
        Assert.Equal($"return {expected};\n", Inner(Constant(value)));

    [Fact]
    public void Round_trip_form_reads_back_exactly() =>
        Assert.Equal(0.1 + 0.2, double.Parse(Inner(Constant(0.1 + 0.2))["return ".Length..^2], System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Method_calls_name_their_type_and_tuples_print_as_tuples()
    {
        var call = Call(typeof(Math).GetMethod(nameof(Math.Exp))!, X);
        var sigmoid = Call(typeof(Ops).GetMethod(nameof(Ops.Sigmoid), [typeof(double)])!, Y);
        var tuple = New(typeof(ValueTuple<double, double>).GetConstructor([typeof(double), typeof(double)])!, call, sigmoid);
        Assert.Equal("return (Math.Exp(x), Ops.Sigmoid(y));\n", Inner(tuple));
    }

    [Fact]
    public void Conditionals_print_as_if_else_and_empty_else_is_dropped()
    {
        var d = Variable(typeof(double), "d");
        var body = Block([d],
            Assign(d, Constant(0.0)),
            IfThenElse(GreaterThan(X, Constant(0.0)), AddAssign(d, X), AddAssign(d, Y)),
            IfThen(LessThan(Y, X), Assign(d, Add(d, Y))),
            d);
        Assert.Equal(Lines(
            "var d = 0.0;",
            "if (x > 0.0)",
            "{",
            "    d += x;",
            "}",
            "else",
            "{",
            "    d += y;",
            "}",
            "if (y < x)",
            "{",
            "    d += y;",
            "}",
            "return d;"), Inner(body));
    }

    [Fact]
    public void Counted_loops_over_array_elements_print_as_for()
    {
        var a = Parameter(typeof(double[]), "a");
        var i = Variable(typeof(int), "i");
        var s = Variable(typeof(double), "s");
        var exit = Label("end");
        var loop = Block(
            Assign(i, Constant(0)),
            Loop(Block(
                IfThen(GreaterThanOrEqual(i, ArrayLength(a)), Break(exit)),
                AddAssign(s, ArrayIndex(a, i)),
                PreIncrementAssign(i)), exit));
        var f = Lambda(Block([i, s], Assign(s, Constant(0.0)), loop, s), "sum", [a]);

        Assert.Equal(Lines(
            "double sum(double[] a)",
            "{",
            "    int i;",
            "    var s = 0.0;",
            "    for (i = 0; i < a.Length; i++)",
            "    {",
            "        s += a[i];",
            "    }",
            "    return s;",
            "}"), GradientCode.ToCSharp(f));
    }

    [Fact]
    public void Other_loops_print_as_while_true_with_break()
    {
        var exit = Label("done");
        var loop = Loop(IfThenElse(GreaterThan(X, Constant(1.0)), Break(exit), Assign(X, Multiply(X, Constant(2.0)))), exit);
        Assert.Equal(Lines(
            "while (true)",
            "{",
            "    if (x > 1.0)",
            "    {",
            "        break;",
            "    }",
            "    else",
            "    {",
            "        x *= 2.0;",
            "    }",
            "}"), GradientCode.ToCSharp(loop));
    }

    [Fact]
    public void Matrix_elements_and_new_arrays_use_csharp_syntax()
    {
        var m = Parameter(typeof(double[,]), "m");
        var g = Variable(typeof(double[,]), "dm");
        var body = Block([g],
            Assign(g, NewArrayBounds(typeof(double), Constant(2), Constant(3))),
            AddAssign(ArrayAccess(g, Constant(1), Constant(0)), ArrayAccess(m, Constant(0), Constant(1))),
            g);
        Assert.Equal(Lines("var dm = new double[2, 3];", "dm[1, 0] += m[0, 1];", "return dm;"), Inner(body));
    }

    [Fact]
    public void An_int_array_constant_prints_as_its_array_creation_regression()
    {
        // Ops.CrossEntropy's labels are an int[] held in a constant; it printed as "System.Int32[]", which is not C#
        // (the [Differentiable] harness adapter compiles printed programs and met it).
        var logits = Parameter(typeof(double[,]), "logits");
        var call = Call(typeof(Ops).GetMethod(nameof(Ops.CrossEntropy), [typeof(double[,]), typeof(int[])])!, logits, Constant(new[] { 2, 0, 1 }));
        Assert.Equal("Ops.CrossEntropy(logits, new int[] { 2, 0, 1 });\n", GradientCode.ToCSharp(call));
    }

    [Fact]
    public void Variables_that_share_a_name_get_distinct_names()
    {
        var a = Variable(typeof(double), "t");
        var b = Variable(typeof(double), "t");
        var body = Block([a, b], Assign(a, X), Assign(b, Add(a, a)), b);
        Assert.Equal(Lines("var t = x;", "var t_2 = t + t;", "return t_2;"), Inner(body));
    }

    private static string Inner(Expression body)
    {
        var text = GradientCode.ToCSharp(Lambda(body, "f", [X, Y]));
        var lines = text.Split('\n')[2..^2];
        return string.Join("\n", lines.Select(l => l[4..])) + "\n";
    }
}
