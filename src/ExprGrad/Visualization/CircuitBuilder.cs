using System.Globalization;
using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Reads a lambda body as a graph of gates. Identical sub-expressions become one node (the engine caches
/// them too), so a value used twice shows as a node with two wires leaving it.
/// </summary>
internal sealed class CircuitBuilder
{
    /// <summary>The most gates a circuit draws: a picture of more is unreadable, and the builder recurses per gate.</summary>
    public const int MaxGates = 500;

    /// <summary>A gate's way to rebuild its expression from (possibly perturbed) argument expressions.</summary>
    internal delegate Expression Rebuild(IReadOnlyList<Expression> arguments);

    private readonly List<CircuitNode> nodes = [];
    private readonly Dictionary<string, CircuitNode> byKey = [];
    private readonly Dictionary<ParameterExpression, CircuitNode> bound = [];
    private readonly Dictionary<ParameterExpression, object> arrays = [];

    public List<CircuitNode> Nodes => nodes;
    public Dictionary<CircuitNode, Rebuild> Gates { get; } = [];
    public Dictionary<CircuitNode, double> InputValues { get; } = [];

    public CircuitNode Build(LambdaExpression f, object[] point)
    {
        if (point.Length != f.Parameters.Count)
            throw new ArgumentException($"The function has {f.Parameters.Count} parameters but the point has {point.Length} values.", nameof(point));
        for (int i = 0; i < point.Length; i++)
        {
            var p = f.Parameters[i];
            switch (point[i])
            {
                case double d when p.Type == typeof(double):
                    bound[p] = Input(p.Name ?? $"x{i}", d);
                    break;
                case double[] or double[,] when point[i].GetType() == p.Type:
                    arrays[p] = point[i];
                    break;
                default:
                    throw new ArgumentException($"Parameter '{p.Name}' is {CSharpSyntax.TypeName(p.Type)} but the point gives {point[i]?.GetType().Name ?? "null"}.", nameof(point));
            }
        }
        // The builder recurses along the tree: a chain deeper than the gate limit is refused before it starts, so a
        // 20,000-level function is an exception and not a stack overflow. Each level of such a chain is its own gate.
        if (GateDepthExceeds(f.Body, MaxGates)) throw TooLarge(f);
        var output = Node(f.Body);
        Prune(output);
        if (nodes.Count(n => n.Kind == CircuitNodeKind.Gate) > MaxGates) throw TooLarge(f);
        return output;
    }

    /// <summary>Drops the nodes that a shared gate made redundant and numbers the rest in order.</summary>
    private void Prune(CircuitNode output)
    {
        var used = new HashSet<CircuitNode>();
        var stack = new Stack<CircuitNode>([output]);
        while (stack.TryPop(out var n))
            if (used.Add(n)) foreach (var i in n.Inputs) stack.Push(i);
        nodes.RemoveAll(n => n.Kind != CircuitNodeKind.Input && !used.Contains(n));
        for (int i = 0; i < nodes.Count; i++) nodes[i].Id = i;
    }

    private CircuitNode Node(Expression e) => e switch
    {
        ParameterExpression p when bound.TryGetValue(p, out var n) => n,
        ConstantExpression { Value: double d } => Constant(d),
        UnaryExpression { NodeType: ExpressionType.Convert, Operand: ConstantExpression c } when e.Type == typeof(double) =>
            Constant(Convert.ToDouble(c.Value, CultureInfo.InvariantCulture)),
        UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.UnaryPlus } u when u.Operand.Type == typeof(double) => Node(u.Operand),
        BinaryExpression { NodeType: ExpressionType.ArrayIndex } b => Element(e, b.Left, [b.Right]),
        IndexExpression { Indexer: null, Object: { } array } ix => Element(e, array, ix.Arguments),
        MethodCallExpression { Object: { Type.IsArray: true } array, Method.Name: "Get" } get => Element(e, array, get.Arguments),
        BinaryExpression { NodeType: ExpressionType.Divide, Left: ConstantExpression { Value: 1.0 } } b =>
            Gate(GateSymbols.Reciprocal, [Node(b.Right)], args => Expression.Divide(Expression.Constant(1.0), args[0])),
        BinaryExpression b when b.Type == typeof(double) && b.Left.Type == typeof(double) && b.Right.Type == typeof(double) =>
            Gate(GateSymbols.Of(b.NodeType), [Node(b.Left), Node(b.Right)], args => Expression.MakeBinary(b.NodeType, args[0], args[1], false, b.Method)),
        UnaryExpression { NodeType: ExpressionType.Negate or ExpressionType.NegateChecked } u =>
            Gate(GateSymbols.Of(u.NodeType), [Node(u.Operand)], args => Expression.MakeUnary(u.NodeType, args[0], typeof(double), u.Method)),
        MethodCallExpression { Method.Name: "Let", Arguments: [var value, LambdaExpression { Parameters: [var v] } body] } call
            when call.Method.DeclaringType == typeof(Ops) => Let(v, value, body.Body),
        MethodCallExpression call when call.Object is null && call.Type == typeof(double) && call.Arguments.All(a => a.Type == typeof(double)) =>
            Gate(GateSymbols.Of(call.Method), [.. call.Arguments.Select(Node)], args => Expression.Call(call.Method, args)),
        _ => throw Unsupported(e),
    };

    /// <summary>Whether some path from the root passes more than <paramref name="limit"/> operations, found without recursion.</summary>
    private static bool GateDepthExceeds(Expression body, int limit)
    {
        var stack = new Stack<(Expression Node, int Depth)>([(body, 0)]);
        while (stack.TryPop(out var item))
        {
            var (e, depth) = item;
            IEnumerable<Expression> children = e switch
            {
                BinaryExpression b => [b.Left, b.Right],
                UnaryExpression u => [u.Operand],
                MethodCallExpression c => c.Object is null ? c.Arguments : [c.Object, .. c.Arguments],
                LambdaExpression l => [l.Body],
                IndexExpression ix => ix.Arguments,
                _ => [],
            };
            bool gate = e is BinaryExpression { NodeType: not ExpressionType.ArrayIndex } or UnaryExpression { NodeType: ExpressionType.Negate }
                or MethodCallExpression { Method.Name: not ("Let" or "Get") };
            int below = gate ? depth + 1 : depth;
            if (below > limit) return true;
            foreach (var child in children) stack.Push((child, below));
        }
        return false;
    }

    private static ArgumentException TooLarge(LambdaExpression f) =>
        new($"Circuit.Trace draws at most {MaxGates} gates, and this function has more. A larger function has no readable " +
            "picture: read its gradient program with GradientCode.Of, or check it with GradientCheck.Run.", nameof(f));

    private CircuitNode Let(ParameterExpression variable, Expression value, Expression body)
    {
        bound[variable] = Node(value);
        return Node(body);
    }

    private CircuitNode Element(Expression e, Expression arrayNode, IReadOnlyList<Expression> indexNodes)
    {
        if (arrayNode is not ParameterExpression p || !arrays.TryGetValue(p, out var array)
            || indexNodes.Any(i => i is not ConstantExpression { Value: int }))
            throw Unsupported(e, "array elements can be drawn only when read from a parameter at constant indices");
        var indices = indexNodes.Select(i => (int)((ConstantExpression)i).Value!).ToArray();
        var label = $"{p.Name}[{string.Join(",", indices)}]";
        if (byKey.TryGetValue(label, out var existing)) return existing;
        var value = array is double[] v ? v[indices[0]] : ((double[,])array)[indices[0], indices[1]];
        return byKey[label] = Input(label, value);
    }

    private CircuitNode Input(string name, double value)
    {
        var node = new CircuitNode(nodes.Count, CircuitNodeKind.Input, name, []);
        nodes.Add(node);
        InputValues[node] = value;
        return node;
    }

    private CircuitNode Constant(double value)
    {
        // Each use of a constant gets its own node: a shared "1" would draw wires across the whole picture.
        var node = new CircuitNode(nodes.Count, CircuitNodeKind.Constant, CircuitNumbers.Format(value), []) { Value = value };
        nodes.Add(node);
        return node;
    }

    private CircuitNode Gate(string symbol, CircuitNode[] inputs, Rebuild rebuild)
    {
        var key = symbol + "(" + string.Join(",", inputs.Select(i => i.Kind == CircuitNodeKind.Constant ? "c" + i.Label : i.Id.ToString(CultureInfo.InvariantCulture))) + ")";
        if (byKey.TryGetValue(key, out var existing)) return existing;
        var node = new CircuitNode(nodes.Count, CircuitNodeKind.Gate, symbol, inputs);
        nodes.Add(node);
        Gates[node] = rebuild;
        return byKey[key] = node;
    }

    private static NotSupportedException Unsupported(Expression e, string? why = null) =>
        new($"A circuit cannot show '{e}' ({e.NodeType}): {why ?? "circuits draw scalar gates only (operators and static methods on doubles)"}. " +
            "Loops, conditionals and whole-array operations have no circuit form; use GradientCode to read their gradient program instead.");
}
