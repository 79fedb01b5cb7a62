using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Which variables of a program can vary with its inputs: the inputs, and whatever is assigned (or pushed,
/// or accumulated into) from an expression that reads a varying variable, to a fixed point. Forward mode
/// gives tangents only to these; every other value is a constant whose tangent is an exact zero, never a
/// computed 0 that 0·∞ could turn into NaN once a constant overflows.
/// </summary>
internal sealed class Activity : ExpressionVisitor
{
    private readonly List<(ParameterExpression Target, HashSet<ParameterExpression> Reads)> flows = [];

    public static HashSet<ParameterExpression> Varied(Expression body, IEnumerable<ParameterExpression> inputs)
    {
        var activity = new Activity();
        activity.Visit(body);
        var varied = new HashSet<ParameterExpression>(inputs);
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach (var (target, reads) in activity.flows)
                if (!varied.Contains(target) && reads.Overlaps(varied)) changed |= varied.Add(target);
        }
        return varied;
    }

    public override Expression? Visit(Expression? node) => node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

    private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

    protected override Expression VisitBinary(BinaryExpression node)
    {
        if (IsWrite(node.NodeType) && Written(node.Left) is { } target)
            flows.Add((target, [.. Reads(node.Right), .. node.Left is IndexExpression ix ? ix.Arguments.SelectMany(Reads) : []]));
        return base.VisitBinary(node);
    }

    protected override Expression VisitInvocation(InvocationExpression node)
    {
        if (node.Expression is LambdaExpression lambda)
            for (int i = 0; i < lambda.Parameters.Count; i++) flows.Add((lambda.Parameters[i], [.. Reads(node.Arguments[i])]));
        return base.VisitInvocation(node);
    }

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        // Let(v, x => …), Map(a, v => …), Scan(n, s₀, (s, t) => …): a lambda's parameters take in what any
        // argument carries (its own body included, for a recurrence).
        var lambdas = node.Arguments.Select(a => a is UnaryExpression { NodeType: ExpressionType.Quote } q ? q.Operand : a).OfType<LambdaExpression>().ToList();
        if (lambdas.Count > 0)
        {
            var carried = node.Arguments.SelectMany(Reads).ToHashSet();
            foreach (var parameter in lambdas.SelectMany(l => l.Parameters)) flows.Add((parameter, carried));
        }
        // trail.Push(x), Kernels.AddInPlace(accumulator, c): the receiver takes in what the arguments carry.
        if (node.Type == typeof(void) && (node.Object ?? node.Arguments.FirstOrDefault()) is ParameterExpression receiver)
            flows.Add((receiver, [.. node.Arguments.SelectMany(Reads)]));
        return base.VisitMethodCall(node);
    }

    private static bool IsWrite(ExpressionType type) => AssignedVariables.IsAssignment(type);

    private static ParameterExpression? Written(Expression target) => target switch
    {
        ParameterExpression p => p,
        IndexExpression { Object: ParameterExpression array } => array,
        _ => null,
    };

    private static IEnumerable<ParameterExpression> Reads(Expression e)
    {
        var collector = new ReadCollector();
        collector.Visit(e);
        return collector.Found;
    }

    private sealed class ReadCollector : ExpressionVisitor
    {
        public HashSet<ParameterExpression> Found { get; } = [];

        public override Expression? Visit(Expression? node) => node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

        private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

        protected override Expression VisitParameter(ParameterExpression node)
        {
            Found.Add(node);
            return node;
        }
    }
}
