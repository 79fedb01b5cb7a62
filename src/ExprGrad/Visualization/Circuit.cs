using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>What a node of a <see cref="Circuit"/> is.</summary>
public enum CircuitNodeKind
{
    /// <summary>A scalar input: a parameter, or an element of an array parameter read at a constant index.</summary>
    Input,
    /// <summary>A constant of the function.</summary>
    Constant,
    /// <summary>A gate: an operator or a function such as <c>+</c>, <c>*</c>, <c>max</c>, <c>exp</c>, <c>1/x</c>.</summary>
    Gate,
}

/// <summary>A node of a circuit with its forward value and the gradient of the output with respect to it.</summary>
public sealed class CircuitNode
{
    internal CircuitNode(int id, CircuitNodeKind kind, string label, IReadOnlyList<CircuitNode> inputs)
    {
        Id = id;
        Kind = kind;
        Label = label;
        Inputs = inputs;
    }

    /// <summary>The node's index in <see cref="Circuit.Nodes"/>.</summary>
    public int Id { get; internal set; }

    /// <summary>Input, constant or gate.</summary>
    public CircuitNodeKind Kind { get; }

    /// <summary>The input's name (<c>x</c>, <c>w[0]</c>), the constant's value, or the gate's symbol.</summary>
    public string Label { get; }

    /// <summary>The nodes whose values this gate combines, in argument order; empty for inputs and constants.</summary>
    public IReadOnlyList<CircuitNode> Inputs { get; }

    /// <summary>The forward value at the traced point.</summary>
    public double Value { get; internal set; }

    /// <summary>∂f/∂(this node's value): the sum of the gradients on the wires leaving the node.</summary>
    public double Gradient { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => $"{Label} = {Value} (gradient {Gradient})";
}

/// <summary>A wire from a node into one input of a gate, or out of the circuit.</summary>
public sealed class CircuitWire
{
    internal CircuitWire(CircuitNode from, CircuitNode? to, int port)
    {
        From = from;
        To = to;
        Port = port;
    }

    /// <summary>The node whose value the wire carries.</summary>
    public CircuitNode From { get; }

    /// <summary>The gate the wire enters, or null for the circuit's output wire.</summary>
    public CircuitNode? To { get; }

    /// <summary>Which argument of <see cref="To"/> the wire feeds (0 for the output wire).</summary>
    public int Port { get; }

    /// <summary>The forward value on the wire (the value of <see cref="From"/>).</summary>
    public double Value => From.Value;

    /// <summary>The gradient of the output with respect to this wire alone: where a value fans out, each
    /// branch shows its own share and the shares add up to <see cref="CircuitNode.Gradient"/>.</summary>
    public double Gradient { get; internal set; }
}

/// <summary>
/// A function drawn as a circuit, as in the backpropagation notes: inputs and gates as nodes, every wire
/// labelled with its forward value and its gradient at one point. Render it with <see cref="SvgRenderer"/>
/// or <see cref="DotRenderer"/>.
/// </summary>
public sealed class Circuit
{
    internal Circuit(IReadOnlyList<CircuitNode> nodes, IReadOnlyList<CircuitWire> wires, CircuitNode output)
    {
        Nodes = nodes;
        Wires = wires;
        Output = output;
    }

    /// <summary>Every node, each after the nodes it reads (inputs first, in parameter order).</summary>
    public IReadOnlyList<CircuitNode> Nodes { get; }

    /// <summary>Every wire: one per argument of each gate, and last the output wire.</summary>
    public IReadOnlyList<CircuitWire> Wires { get; }

    /// <summary>The node computing the function's value.</summary>
    public CircuitNode Output { get; }

    /// <summary>The function's value at the traced point.</summary>
    public double Value => Output.Value;

    /// <summary>
    /// Evaluates every node of <paramref name="f"/> at <paramref name="point"/> and finds the gradient on every
    /// wire with one call of the public engine API: each wire is given a perturbation ε, and the gradient with
    /// respect to all ε at ε = 0 is the set of wire gradients.
    /// </summary>
    /// <param name="f">A lambda returning double. Parameters are double, or double[] / double[,] whose elements are
    /// read at constant indices (each element read becomes an input node named like <c>w[0]</c>).</param>
    /// <param name="point">One argument per parameter: a double, a double[] or a double[,].</param>
    /// <exception cref="ArgumentException">The point does not match the parameters, or the circuit would have more
    /// than 500 gates.</exception>
    /// <exception cref="NotSupportedException">The function uses a construct that has no circuit form (loops,
    /// conditionals, whole-array operations, array reads at computed indices).</exception>
    public static Circuit Trace(LambdaExpression f, params object[] point)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(point);
        return CircuitTracer.Trace(f, point);
    }
}
