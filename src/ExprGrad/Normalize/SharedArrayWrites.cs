using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Rejects an element write into an array that another variable may hold at that point (<c>b = a; b[0] = 1;</c>
/// with <c>a</c> read later): .NET would show the write through both names, the core's value arrays through the
/// one written. Which variables may hold one array is followed in execution order (an assignment of a whole array
/// ends its variable's sharing, a block's end its variables', branches join, loops and lambdas run to a fixed
/// point), so <c>u = tmp</c> at the end of a time step followed by <c>tmp = new double[n]</c> is fine.
/// Conservative: a second name that is never read again is still counted.
/// </summary>
internal sealed class SharedArrayWrites : ExpressionVisitor
{
    private HashSet<(ParameterExpression, ParameterExpression)> pairs = [];
    private readonly Dictionary<LabelTarget, HashSet<(ParameterExpression, ParameterExpression)>> jumps = [];

    public static void Check(Expression body) => StackGuard.Run(() => new SharedArrayWrites().Visit(body));

    protected override Expression VisitBinary(BinaryExpression node)
    {
        if (!AssignedVariables.IsAssignment(node.NodeType)) return base.VisitBinary(node);
        switch (node.Left)
        {
            case ParameterExpression v when node.NodeType == ExpressionType.Assign && v.Type.IsArray:
                Visit(node.Right);
                var shared = Shares(node.Right).Where(w => w != v).ToArray();
                pairs.RemoveWhere(p => p.Item1 == v || p.Item2 == v);
                foreach (var w in shared)
                {
                    Add(v, w);
                    foreach (var (_, z) in pairs.Where(p => p.Item1 == w).ToArray())
                        if (z != v) Add(v, z);
                }
                return node;
            case IndexExpression { Object: ParameterExpression array } index:
                Visit(index.Arguments);
                Visit(node.Right);
                if (pairs.FirstOrDefault(p => p.Item1 == array) is ({ } a, { } other))
                    throw UnsupportedExpressionException.Node(node,
                        $"ExprGrad cannot write into the array '{a.Name}' while '{other.Name}' may hold the same array: its arrays are values, so the write would not be seen through '{other.Name}' as .NET shows it. Copy the array (its own new double[…]) or read and write it through one variable.");
                return node;
            default:
                return base.VisitBinary(node);
        }
    }

    private void Add(ParameterExpression a, ParameterExpression b)
    {
        pairs.Add((a, b));
        pairs.Add((b, a));
    }

    /// <summary>The variables whose array <paramref name="value"/> may be (not a copy of).</summary>
    private static IEnumerable<ParameterExpression> Shares(Expression value) => value switch
    {
        ParameterExpression p when p.Type.IsArray => [p],
        ConditionalExpression c => Shares(c.IfTrue).Concat(Shares(c.IfFalse)),
        UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.TypeAs } u => Shares(u.Operand),
        BinaryExpression { NodeType: ExpressionType.Assign } b => Shares(b.Right),
        // Its own variables are gone when it ends: every outer array it mentions, to be safe.
        BlockExpression b when Shares(b.Result).Any(b.Variables.Contains) => Mentioned(b).Where(p => p.Type.IsArray && !b.Variables.Contains(p)),
        BlockExpression b => Shares(b.Result),
        _ => [],
    };

    private static IEnumerable<ParameterExpression> Mentioned(Expression e) => Occurrences.Count(e).Keys;

    protected override Expression VisitBlock(BlockExpression node)
    {
        foreach (var e in node.Expressions) Visit(e);
        pairs.RemoveWhere(p => node.Variables.Contains(p.Item1) || node.Variables.Contains(p.Item2));
        return node;
    }

    protected override Expression VisitConditional(ConditionalExpression node)
    {
        Visit(node.Test);
        var before = new HashSet<(ParameterExpression, ParameterExpression)>(pairs);
        Visit(node.IfTrue);
        var afterTrue = pairs;
        pairs = before;
        Visit(node.IfFalse);
        pairs.UnionWith(afterTrue);
        return node;
    }

    protected override Expression VisitLoop(LoopExpression node)
    {
        Repeated(node.Body, node.ContinueLabel);
        if (node.BreakLabel is { } exit && jumps.TryGetValue(exit, out var atBreak)) pairs.UnionWith(atBreak);
        return node;
    }

    /// <summary>A lambda inside the function (a sum's term, a map's element) runs any number of times, like a loop's body.</summary>
    protected override Expression VisitLambda<T>(Expression<T> node)
    {
        Repeated(node.Body, null);
        pairs.RemoveWhere(p => node.Parameters.Contains(p.Item1) || node.Parameters.Contains(p.Item2));
        return node;
    }

    /// <summary>Runs <paramref name="body"/> from the union of the states it can start in, until that union stops growing.</summary>
    private void Repeated(Expression body, LabelTarget? again)
    {
        var head = new HashSet<(ParameterExpression, ParameterExpression)>(pairs);
        while (true)
        {
            pairs = new HashSet<(ParameterExpression, ParameterExpression)>(head);
            Visit(body);
            int count = head.Count;
            head.UnionWith(pairs);
            if (again is not null && jumps.TryGetValue(again, out var atContinue)) head.UnionWith(atContinue);
            if (head.Count == count) break;
        }
        pairs = head;
    }

    protected override Expression VisitGoto(GotoExpression node)
    {
        Visit(node.Value);
        if (!jumps.TryGetValue(node.Target, out var at)) jumps[node.Target] = at = [];
        at.UnionWith(pairs);
        return node;
    }

    protected override Expression VisitLabel(LabelExpression node)
    {
        Visit(node.DefaultValue);
        if (jumps.TryGetValue(node.Target, out var at)) pairs.UnionWith(at);
        return node;
    }

    public override Expression? Visit(Expression? node) =>
        node is null ? null : StackGuard.HasRoom ? base.Visit(node) : StackGuard.Run(() => base.Visit(node));
}
