using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Stage 4b: drops assignments to variables that nothing reads — forward values the backward pass never
/// needs (the function's own value in <c>Grad.Of</c>), adjoints nobody consumes. Only pure right-hand
/// sides are dropped; removals repeat until nothing changes, since one dead store can make others dead.
/// </summary>
internal static class DeadStoreElimination
{
    public static BlockExpression Run(BlockExpression block)
    {
        var statements = block.Expressions;
        var reads = ReadCounter.Count(block);
        var stores = new Dictionary<ParameterExpression, List<int>>();
        for (int i = 0; i < statements.Count - 1; i++)
            if (statements[i] is BinaryExpression { NodeType: ExpressionType.Assign, Left: ParameterExpression v })
                (stores.TryGetValue(v, out var list) ? list : stores[v] = []).Add(i);

        var removed = new bool[statements.Count];
        var dead = new Queue<ParameterExpression>(stores.Keys.Where(v => !reads.ContainsKey(v)));
        while (dead.TryDequeue(out var variable))
        {
            foreach (var i in stores[variable])
            {
                var right = ((BinaryExpression)statements[i]).Right;
                if (removed[i] || !Purity.IsPure(right)) continue;
                removed[i] = true;
                foreach (var (read, count) in ReadCounter.Count(right))
                {
                    reads[read] -= count;
                    if (reads[read] == 0 && stores.ContainsKey(read)) dead.Enqueue(read);
                }
            }
        }
        if (!removed.Contains(true)) return block;
        var kept = statements.Where((_, i) => !removed[i]).ToList();
        // A variable goes only when every store to it went and nothing reads it; stores inside nested
        // blocks (loop bodies) are not tracked here, so such variables always stay declared.
        var live = block.Variables
            .Where(v => reads.GetValueOrDefault(v) > 0 || !stores.TryGetValue(v, out var at) || !at.All(i => removed[i]))
            .ToArray();
        return Expression.Block(block.Type, live, kept);
    }

    /// <summary>Counts reads of each variable (an assignment's target is not a read).</summary>
    private sealed class ReadCounter : ExpressionVisitor
    {
        private readonly Dictionary<ParameterExpression, int> reads = [];

        public static Dictionary<ParameterExpression, int> Count(Expression node)
        {
            var counter = new ReadCounter();
            counter.Visit(node);
            return counter.reads;
        }

        public override Expression? Visit(Expression? node) =>
            node is null ? null : StackGuard.Run(() => base.Visit(node));

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.NodeType == ExpressionType.Assign && node.Left is ParameterExpression)
            {
                Visit(node.Right);
                return node;
            }
            return base.VisitBinary(node);
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            reads[node] = reads.GetValueOrDefault(node) + 1;
            return node;
        }

        protected override Expression VisitBlock(BlockExpression node)
        {
            foreach (var e in node.Expressions) Visit(e);
            return node;
        }
    }
}
