using System.Linq.Expressions;
using static ExprGrad.Ops;

namespace ExprGrad.Tests.Visualization;

/// <summary>The traced circuit itself: node values, fan-out, array elements, and what has no circuit form.</summary>
public class CircuitTraceTests
{
    [Fact]
    public void A_value_used_twice_is_one_node_whose_gradient_is_the_sum_of_its_wires()
    {
        // f = (x + y)² through a shared x + y: each branch of the multiply carries q = 3, so ∂f/∂q = 2q = 6.
        var c = Circuit.Trace((Expression<Func<double, double, double>>)((x, y) => (x + y) * (x + y)), 1.0, 2.0);

        var sum = Assert.Single(c.Nodes, n => n.Label == "+");
        var branches = c.Wires.Where(w => w.From == sum).ToList();
        Assert.Equal([3.0, 3.0], branches.Select(w => w.Gradient));
        Assert.Equal(6.0, sum.Gradient);
        Assert.Equal(9.0, c.Value);
    }

    [Fact]
    public void Array_elements_read_at_constant_indices_become_named_inputs_and_match_the_engine()
    {
        Expression<Func<double[], double[], double>> neuron = (w, x) => 1 / (1 + Math.Exp(-(w[0] * x[0] + w[1] * x[1] + w[2])));
        double[] w0 = [2, -3, -3], x0 = [-1, -2];
        var c = Circuit.Trace(neuron, w0, x0);
        // The circuit keeps the 1/x gate as written; RecognizeSigmoid would differentiate the whole of σ with its own rule.
        var (dw, dx) = Grad.Of(neuron, new GradientOptions { RecognizeSigmoid = false })(w0, x0);

        double InputGradient(string name) => c.Nodes.Single(n => n.Label == name).Gradient;
        Assert.Equal(dw, new[] { InputGradient("w[0]"), InputGradient("w[1]"), InputGradient("w[2]") });
        Assert.Equal(dx, new[] { InputGradient("x[0]"), InputGradient("x[1]") });
        Assert.Contains(c.Nodes, n => n.Label == "1/x");
    }

    [Fact]
    public void Every_input_gradient_agrees_with_the_engine_on_the_staged_function()
    {
        Expression<Func<double, double, double>> f = (x, y) => (x + Sigmoid(y)) / (Sigmoid(x) + (x + y) * (x + y));
        var c = Circuit.Trace(f, 3.0, -4.0);
        var (value, (dx, dy)) = Grad.ValueAndGradient(f)(3, -4);

        Assert.Equal(value, c.Value);
        Assert.Equal(dx, c.Nodes.Single(n => n.Label == "x").Gradient, 12);
        Assert.Equal(dy, c.Nodes.Single(n => n.Label == "y").Gradient, 12);
    }

    [Fact]
    public void Loops_and_computed_indices_are_refused_with_a_reason()
    {
        Expression<Func<double[], double>> f = w => Sum(w.Length, i => w[i]);
        var e = Assert.Throws<NotSupportedException>(() => Circuit.Trace(f, new double[] { 1, 2 }));
        Assert.Contains("GradientCode", e.Message);
    }

    [Fact]
    public void A_point_of_the_wrong_size_or_type_is_an_argument_error()
    {
        Expression<Func<double, double, double>> f = (x, y) => x * y;
        Assert.Throws<ArgumentException>(() => Circuit.Trace(f, 1.0));
        Assert.Throws<ArgumentException>(() => Circuit.Trace(f, 1.0, new double[] { 2 }));
    }

    [Fact]
    public void Dot_output_has_one_edge_per_wire_with_both_labels()
    {
        var c = Circuit.Trace((Expression<Func<double, double, double, double>>)((x, y, z) => (x + y) * z), -2.0, 5.0, -4.0);
        var dot = DotRenderer.Render(c);

        Assert.StartsWith("digraph \"circuit\" {", dot);
        Assert.Contains("rankdir=LR", dot);
        var edges = dot.Split('\n').Where(l => l.Contains("->")).ToList();
        Assert.Equal(c.Wires.Count, edges.Count);
        Assert.Contains(edges, e => e.Contains(">-12</font>") && e.Contains(">1</font>"));
    }

    [Fact]
    public void A_chain_of_20000_gates_is_refused_with_an_argument_exception_not_a_stack_overflow()
    {
        // Issue 19: Circuit.Trace killed the process at 20,000 levels (the builder recursed once per level).
        var x = Expression.Parameter(typeof(double), "x");
        Expression body = x;
        for (int i = 0; i < 20_000; i++) body = Expression.Call(typeof(Math).GetMethod(nameof(Math.Sin))!, body);
        var e = Assert.Throws<ArgumentException>(() => Circuit.Trace(Expression.Lambda<Func<double, double>>(body, x), 0.5));
        Assert.Equal("f", e.ParamName);
        Assert.Contains("at most 500 gates", e.Message);
    }

    [Fact]
    public void Five_hundred_gates_are_drawn_and_five_hundred_and_one_are_refused()
    {
        // x·1 + x·2 + … : k products and k − 1 sums are 2k − 1 gates, none shared; each product has its own constant.
        static Expression<Func<double, double>> Terms(int k)
        {
            var x = Expression.Parameter(typeof(double), "x");
            Expression sum = Expression.Multiply(x, Expression.Constant(1.0));
            for (int i = 2; i <= k; i++) sum = Expression.Add(sum, Expression.Multiply(x, Expression.Constant((double)i)));
            return Expression.Lambda<Func<double, double>>(sum, x);
        }
        // 250 terms are 499 gates, plus one: a negation on top makes 500.
        var f = Terms(250);
        var drawn = Circuit.Trace(Expression.Lambda<Func<double, double>>(Expression.Negate(f.Body), f.Parameters), 1.0);
        Assert.Equal(500, drawn.Nodes.Count(n => n.Kind == CircuitNodeKind.Gate));
        // d/dx of −Σ i·x is −Σ i = −250·251/2.
        Assert.Equal(-31375, drawn.Nodes.Single(n => n.Label == "x").Gradient, 9);
        Assert.Throws<ArgumentException>(() => Circuit.Trace(Terms(251), 1.0));
    }
}
