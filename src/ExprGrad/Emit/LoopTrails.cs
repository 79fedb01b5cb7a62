using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The trails of a program's while-loops, settled once its forward and backward code exist, since only the
/// backward code tells which trails are read. A trail nobody reads (an accumulator's, an index recomputed from
/// the iteration number, every trail of a forward-only program) is neither created nor filled
/// (<see cref="GradientOptions.TrailOnlyReadStates"/>). The others come from the program's
/// <see cref="TrailPool{T}"/> when the call starts and go back to it when it ends, so repeated calls on a thread
/// reuse their capacity (<see cref="GradientOptions.ReuseTrails"/>); each forward run of a loop then empties its
/// trail instead of allocating one.
/// </summary>
internal static class LoopTrails
{
    /// <summary>Rewrites <paramref name="code"/>, a program's forward and backward statements, in place.</summary>
    public static void Settle(List<Expression> code, bool dropUnread, bool reuse)
    {
        if (!dropUnread && !reuse) return;
        var uses = new Uses();
        foreach (var statement in code) uses.Visit(statement);
        if (uses.Created.Count == 0) return;
        var dropped = dropUnread ? uses.Created.Where(t => !uses.Read.Contains(t)).ToHashSet() : [];
        var pooled = reuse ? uses.Created.Where(t => !dropped.Contains(t)).ToList() : [];
        var rewriter = new Rewriter(dropped, [.. pooled]);
        for (int i = 0; i < code.Count; i++) code[i] = rewriter.Visit(code[i])!;
        if (pooled.Count == 0) return;
        var pools = pooled.Select(t => Expression.Constant(Activator.CreateInstance(typeof(TrailPool<>).MakeGenericType(t.Type.GetGenericArguments())))).ToList();
        code.InsertRange(0, pooled.Select((t, i) => (Expression)Expression.Assign(t, Expression.Call(pools[i], "Rent", null))));
        code.AddRange(pooled.Select((t, i) => (Expression)Expression.Call(pools[i], "Return", null, t)));
    }

    private static bool IsTrail(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Trail<>);

    /// <summary>The trails a program creates (<c>trail = new Trail&lt;T&gt;()</c>) and those it reads (<c>trail.Get(k)</c>).</summary>
    private sealed class Uses : ExpressionVisitor
    {
        public List<ParameterExpression> Created { get; } = [];

        public HashSet<ParameterExpression> Read { get; } = [];

        public override Expression? Visit(Expression? node) => node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

        private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node is { NodeType: ExpressionType.Assign, Left: ParameterExpression trail, Right: NewExpression } && IsTrail(trail.Type)
                && !Created.Contains(trail))
                Created.Add(trail);
            return base.VisitBinary(node);
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Object is ParameterExpression trail && IsTrail(trail.Type) && node.Method.Name == nameof(Trail<int>.Get)) Read.Add(trail);
            return base.VisitMethodCall(node);
        }
    }

    /// <summary>Drops the creation and the pushes of unread trails; empties pooled ones where they were created.</summary>
    private sealed class Rewriter(HashSet<ParameterExpression> dropped, HashSet<ParameterExpression> pooled) : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node) => node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

        private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node is { NodeType: ExpressionType.Assign, Left: ParameterExpression trail, Right: NewExpression })
            {
                if (dropped.Contains(trail)) return Expression.Empty();
                if (pooled.Contains(trail)) return Expression.Call(trail, nameof(Trail<int>.Clear), null);
            }
            return base.VisitBinary(node);
        }

        protected override Expression VisitMethodCall(MethodCallExpression node) =>
            node.Object is ParameterExpression trail && dropped.Contains(trail) && node.Method.Name == nameof(Trail<int>.Push)
                ? Expression.Empty()
                : base.VisitMethodCall(node);
    }
}
