using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Stage 4c (with <see cref="GradientOptions.EliminateDeadStores"/>): element writes into an array that nothing
/// ever reads are dropped. The array must be the program's own — every assignment to its variable a fresh
/// allocation (<c>new double[n]</c>, or scratch: <see cref="Scratch"/>) — and appear nowhere but as the target of
/// those assignments and of plain element writes <c>v[i] = e</c> with pure <c>i</c> and <c>e</c>. A scan whose
/// states are only read inside its own loop (a sum fused into it reads the state at hand) keeps such an array: its
/// allocation stays, its writes go.
/// </summary>
internal static class DeadArrayWrites
{
    public static Expression Run(Expression body, IReadOnlyCollection<ParameterExpression> parameters)
    {
        var finder = new UseFinder();
        finder.Visit(body);
        var dead = finder.Written.Where(v => !finder.Used.Contains(v) && finder.Owned.Contains(v) && !parameters.Contains(v)).ToHashSet();
        return dead.Count == 0 ? body : new StatementRemover(e => IsElementWrite(e, out var array) && dead.Contains(array)).Visit(body)!;
    }

    private static bool IsFresh(Expression value) =>
        value is NewArrayExpression { NodeType: ExpressionType.NewArrayBounds }
        || value is MethodCallExpression { Method.DeclaringType: var t } && t == typeof(Scratch);

    private static bool IsElementWrite(Expression e, out ParameterExpression array) =>
        (array = e is BinaryExpression { NodeType: ExpressionType.Assign, Left: IndexExpression { Object: ParameterExpression a, Indexer: null } ix } write
                 && ix.Arguments.All(IsPureIndex) && Purity.IsPure(write.Right) ? a : null!) is not null;

    /// <summary>Index arithmetic as the emitter writes it: atoms, t + 1 (an increment), sums and differences.</summary>
    private static bool IsPureIndex(Expression e) => e switch
    {
        ConstantExpression or ParameterExpression => true,
        UnaryExpression { NodeType: ExpressionType.Increment or ExpressionType.Decrement } u => IsPureIndex(u.Operand),
        BinaryExpression { NodeType: ExpressionType.Add or ExpressionType.Subtract or ExpressionType.Multiply, Method: null } b =>
            IsPureIndex(b.Left) && IsPureIndex(b.Right),
        _ => false,
    };

    /// <summary>Which array variables are written element-wise, which are only ever given fresh arrays, and which
    /// are used any other way (read, measured, passed on, aliased, compound-assigned).</summary>
    private sealed class UseFinder : ExpressionVisitor
    {
        public HashSet<ParameterExpression> Written { get; } = [];
        public HashSet<ParameterExpression> Used { get; } = [];
        public HashSet<ParameterExpression> Owned { get; } = [];
        private readonly HashSet<ParameterExpression> notOwned = [];

        public override Expression? Visit(Expression? node) =>
            node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

        private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.NodeType == ExpressionType.Assign && node.Left is ParameterExpression { Type.IsArray: true } v)
            {
                if (IsFresh(node.Right) && !notOwned.Contains(v)) Owned.Add(v);
                else
                {
                    notOwned.Add(v);
                    Owned.Remove(v);
                }
                Visit(node.Right);
                return node;
            }
            if (IsElementWrite(node, out var array))
            {
                Written.Add(array);
                foreach (var index in ((IndexExpression)node.Left).Arguments) Visit(index);
                Visit(node.Right);
                return node;
            }
            return base.VisitBinary(node);
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            if (node.Type.IsArray) Used.Add(node);
            return node;
        }

        protected override Expression VisitBlock(BlockExpression node)
        {
            // A block's declarations are not uses.
            foreach (var e in node.Expressions) Visit(e);
            return node;
        }

        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            Visit(node.Body);
            return node;
        }
    }
}
