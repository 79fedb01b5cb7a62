using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Evaluates a circuit and finds every wire's gradient through the public engine API alone. The function
/// is rewritten over one vector <c>v</c> = (inputs…, ε₁…ε_m) in which every wire carries <c>(value + ε_k)</c>;
/// <c>Grad.Of&lt;double[]&gt;</c> at ε = 0 then returns, in one reverse sweep, ∂f/∂ε_k, which is the
/// gradient on wire k. A node's gradient is the sum over the wires leaving it (the chain rule at a fan-out).
/// </summary>
internal static class CircuitTracer
{
    public static Circuit Trace(LambdaExpression f, object[] point)
    {
        var builder = new CircuitBuilder();
        var output = builder.Build(f, point);
        var nodes = builder.Nodes;
        var inputs = nodes.Where(n => n.Kind == CircuitNodeKind.Input).ToList();
        var wires = nodes.SelectMany(g => g.Inputs.Select((from, port) => new CircuitWire(from, g, port))).ToList();

        var v = Expression.Parameter(typeof(double[]), "v");
        var slotOfInput = inputs.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
        var slotOfWire = wires.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => inputs.Count + p.i);
        var wiresInto = wires.ToLookup(w => w.To!);

        var point0 = new double[inputs.Count + wires.Count];
        foreach (var n in inputs) point0[slotOfInput[n]] = builder.InputValues[n];

        // Forward values: the unperturbed expression of every node, evaluated together.
        var plain = new Dictionary<CircuitNode, Expression>();
        Expression Plain(CircuitNode n) => plain.TryGetValue(n, out var e) ? e : plain[n] = n.Kind switch
        {
            CircuitNodeKind.Input => Expression.ArrayIndex(v, Expression.Constant(slotOfInput[n])),
            CircuitNodeKind.Constant => Expression.Constant(n.Value),
            _ => builder.Gates[n](n.Inputs.Select(Plain).ToArray()),
        };
        var all = Expression.Lambda<Func<double[], double[]>>(Expression.NewArrayInit(typeof(double), nodes.Select(Plain)), v);
        var values = all.Compile()(point0);
        foreach (var n in nodes) n.Value = values[n.Id];

        // Gradients: every wire perturbed by its own ε.
        var perturbed = new Dictionary<CircuitNode, Expression>();
        Expression Perturbed(CircuitNode n) => perturbed.TryGetValue(n, out var e) ? e : perturbed[n] = n.Kind switch
        {
            CircuitNodeKind.Gate => builder.Gates[n](wiresInto[n].OrderBy(w => w.Port)
                .Select(w => Expression.Add(Perturbed(w.From), Expression.ArrayIndex(v, Expression.Constant(slotOfWire[w])))).ToArray()),
            _ => Plain(n),
        };
        var function = Expression.Lambda<Func<double[], double>>(Perturbed(output), v);
        var gradient = Grad.Of(function)(point0);

        foreach (var w in wires) w.Gradient = gradient[slotOfWire[w]];
        var outputWire = new CircuitWire(output, null, 0) { Gradient = 1.0 };
        foreach (var n in nodes) n.Gradient = wires.Where(w => w.From == n).Sum(w => w.Gradient);
        output.Gradient = 1.0;
        return new Circuit(nodes, [.. wires, outputWire], output);
    }
}
