namespace ExprGrad;

/// <summary>
/// A left-to-right layered layout, as the notes draw circuits: inputs in the first column, each gate one
/// column right of its deepest input, each constant just left of the gate it feeds. A wire that skips
/// columns gets a waypoint in each column it crosses, and waypoints take part in the column's spacing, so
/// long wires run between gates instead of through them. Within a column each gate or waypoint sits at
/// the mean height of what feeds it, pushed apart from its neighbours.
/// </summary>
internal sealed class CircuitLayout
{
    public const double Radius = 22, ColumnWidth = 190, RunIn = 78, PortGap = 36, RowGap = 96, LaneGap = 64, Margin = 40, LabelWidth = 48;

    private readonly Dictionary<CircuitWire, List<(double X, double Y)>> waypoints = [];

    public Dictionary<CircuitNode, (double X, double Y)> Position { get; } = [];
    public double Width { get; }
    public double Height { get; }

    public CircuitLayout(Circuit circuit)
    {
        var column = Columns(circuit);
        int last = column.Values.DefaultIfEmpty(0).Max();
        var y = new Dictionary<CircuitNode, double>();
        var lanes = new Dictionary<CircuitWire, List<double>>();
        var wiresInto = circuit.Wires.Where(w => w.To is not null).ToLookup(w => w.To!);
        double Arrival(CircuitWire w) => lanes.TryGetValue(w, out var l) && l.Count > 0 ? l[^1] : y[w.From];

        foreach (var (n, i) in circuit.Nodes.Where(n => n.Kind == CircuitNodeKind.Input).Select((n, i) => (n, i)))
            y[n] = i * RowGap;
        for (int c = 1; c <= last; c++)
        {
            var items = new List<(object Item, double Want, double Gap)>();
            foreach (var g in circuit.Nodes.Where(n => n.Kind == CircuitNodeKind.Gate && column[n] == c))
                items.Add((g, Mean(wiresInto[g].Where(w => w.From.Kind != CircuitNodeKind.Constant).Select(Arrival)), RowGap));
            foreach (var w in circuit.Wires.Where(w => w.To is not null && column[w.From] < c && c < column[w.To!] && w.From.Kind != CircuitNodeKind.Constant))
                items.Add((w, Arrival(w), LaneGap));
            Spread(items, y, lanes);
            foreach (var gate in items.Select(i => i.Item).OfType<CircuitNode>())
                for (int port = 0; port < gate.Inputs.Count; port++)
                    if (gate.Inputs[port].Kind == CircuitNodeKind.Constant)
                        y[gate.Inputs[port]] = y[gate] + PortOffset(port, gate.Inputs.Count) * 2.2;
            var occupied = circuit.Nodes.Where(n => column[n] == c - 1 && n.Kind != CircuitNodeKind.Constant && y.ContainsKey(n)).Select(n => y[n])
                .Concat(lanes.Values.Where(l => l.Count >= 2).Select(l => l[^2])).ToList();
            foreach (var k in circuit.Nodes.Where(n => n.Kind == CircuitNodeKind.Constant && column[n] == c - 1))
                y[k] = FreeSpot(y[k], occupied);
        }

        double top = y.Values.Concat(lanes.Values.SelectMany(l => l)).DefaultIfEmpty(0).Min() - Margin - PortGap;
        double X(int c) => Margin + LabelWidth + c * ColumnWidth;
        foreach (var n in circuit.Nodes) Position[n] = (X(column[n]), y.GetValueOrDefault(n) - top);
        foreach (var (w, l) in lanes)
            waypoints[w] = l.Select((ly, i) => (X(column[w.From] + 1 + i), ly - top)).ToList();
        Width = X(last + 1) + Margin;
        Height = Position.Values.Select(p => p.Y).Concat(waypoints.Values.SelectMany(l => l.Select(p => p.Y)))
            .DefaultIfEmpty(0).Max() + Margin + PortGap;
    }

    /// <summary>The vertical offset of argument <paramref name="port"/> of a gate with <paramref name="count"/> arguments.</summary>
    public static double PortOffset(int port, int count) => (port - (count - 1) / 2.0) * PortGap;

    /// <summary>Where a wire into a gate touches the gate's circle.</summary>
    public (double X, double Y) PortPoint(CircuitWire wire)
    {
        var (x, y) = Position[wire.To!];
        var dy = PortOffset(wire.Port, wire.To!.Inputs.Count);
        var dx = Math.Sqrt(Math.Max(Radius * Radius - dy * dy, 0));
        return (x - dx, y + dy);
    }

    /// <summary>Where a wire leaves its node.</summary>
    public (double X, double Y) Source(CircuitNode node)
    {
        var (x, y) = Position[node];
        return node.Kind == CircuitNodeKind.Gate ? (x + Radius, y) : (x + 6, y);
    }

    /// <summary>The points, one per skipped column, that a long wire passes through horizontally.</summary>
    public IReadOnlyList<(double X, double Y)> Waypoints(CircuitWire wire) =>
        waypoints.TryGetValue(wire, out var l) ? l : [];

    private static Dictionary<CircuitNode, int> Columns(Circuit circuit)
    {
        var column = new Dictionary<CircuitNode, int>();
        foreach (var n in circuit.Nodes)
            column[n] = n.Kind == CircuitNodeKind.Gate ? 1 + n.Inputs.Where(i => i.Kind != CircuitNodeKind.Constant).Select(i => column[i]).DefaultIfEmpty(0).Max() : 0;
        foreach (var wire in circuit.Wires.Where(w => w.To is not null && w.From.Kind == CircuitNodeKind.Constant))
            column[wire.From] = column[wire.To!] - 1;
        return column;
    }

    private static void Spread(List<(object Item, double Want, double Gap)> items, Dictionary<CircuitNode, double> y, Dictionary<CircuitWire, List<double>> lanes)
    {
        double? previous = null;
        double previousGap = 0;
        foreach (var (item, want, gap) in items.OrderBy(i => i.Want).ThenBy(i => i.Item is CircuitWire ? 1 : 0))
        {
            var at = previous is { } p ? Math.Max(want, p + Math.Min(gap, previousGap)) : want;
            if (item is CircuitNode n) y[n] = at;
            else
            {
                var wire = (CircuitWire)item;
                if (!lanes.TryGetValue(wire, out var l)) lanes[wire] = l = [];
                l.Add(at);
            }
            previous = at;
            previousGap = gap;
        }
    }

    // The nearest height, searching up and down alternately, that keeps clear of what the column holds.
    private static double FreeSpot(double want, List<double> occupied)
    {
        for (int k = 0; k < 40; k++)
        {
            var candidate = want + (k % 2 == 0 ? 1 : -1) * ((k + 1) / 2) * (RowGap / 4);
            if (occupied.All(o => Math.Abs(o - candidate) >= RowGap / 2)) return candidate;
        }
        return want;
    }

    private static double Mean(IEnumerable<double> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? 0 : list.Average();
    }
}
