using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Stage 4b: drops assignments to variables that nothing reads, wherever they stand — forward values the
/// backward pass never needs (the function's own value in <c>Grad.Of</c>, a forward loop whose sum nobody
/// reads), recomputed stages of a loop body that only the forward value used, adjoints nobody consumes.
/// Only pure right-hand sides are dropped; removals repeat until nothing changes, since one dead store can
/// make others dead.
/// </summary>
internal static class DeadStoreElimination
{
    /// <param name="body">The program's body.</param>
    /// <param name="legacyAccumulationPurity">Tests only: see <see cref="GradientOptions.LegacyAccumulationPurity"/>.</param>
    public static Expression Run(Expression body, bool legacyAccumulationPurity = false)
    {
        var (reads, stores) = StoreFinder.Find(body);
        var removed = new HashSet<Expression>();
        var dead = new Queue<ParameterExpression>(stores.Keys.Where(v => !reads.ContainsKey(v)));
        while (dead.TryDequeue(out var variable))
        {
            foreach (var store in stores[variable])
            {
                if (removed.Contains(store) || !Purity.IsPure(store.Right, legacyAccumulationPurity)) continue;
                // Reads inside stores removed earlier (a dead inner loop inside this dead outer one) were
                // already taken off; counting them again would make a variable still read elsewhere look dead.
                var inside = StoreFinder.Find(store.Right, skip: removed);
                removed.Add(store);
                // Stores nested in the removed one go with it; their reads are counted in its right-hand side.
                removed.UnionWith(inside.Stores.Values.SelectMany(s => s));
                foreach (var (read, count) in inside.Reads)
                {
                    reads[read] -= count;
                    if (reads[read] == 0 && stores.ContainsKey(read)) dead.Enqueue(read);
                }
            }
        }
        return removed.Count == 0 ? body : new StatementRemover(removed.Contains).Visit(body)!;
    }

    /// <summary>Reads of each variable (an assignment's target is not a read) and the assignments that
    /// stand as statements, where removing them changes no value.</summary>
    private sealed class StoreFinder : ExpressionVisitor
    {
        private readonly Dictionary<ParameterExpression, int> reads = [];
        private readonly Dictionary<ParameterExpression, List<BinaryExpression>> stores = [];
        private readonly IReadOnlySet<Expression> skip;

        private StoreFinder(IReadOnlySet<Expression>? skip) => this.skip = skip ?? new HashSet<Expression>();

        /// <param name="node">The tree to search.</param>
        /// <param name="skip">Stores whose right-hand sides are not searched (already removed).</param>
        public static (Dictionary<ParameterExpression, int> Reads, Dictionary<ParameterExpression, List<BinaryExpression>> Stores) Find(
            Expression node, IReadOnlySet<Expression>? skip = null)
        {
            var finder = new StoreFinder(skip);
            finder.Visit(node);
            return (finder.reads, finder.stores);
        }

        public override Expression? Visit(Expression? node) =>
            node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

        private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (skip.Contains(node)) return node;
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
            for (int i = 0; i < node.Expressions.Count; i++)
            {
                var e = node.Expressions[i];
                bool isStatement = i < node.Expressions.Count - 1 || node.Type == typeof(void);
                if (isStatement && e is BinaryExpression { NodeType: ExpressionType.Assign, Left: ParameterExpression v } store)
                    (stores.TryGetValue(v, out var list) ? list : stores[v] = []).Add(store);
                Visit(e);
            }
            return node;
        }
    }
}
