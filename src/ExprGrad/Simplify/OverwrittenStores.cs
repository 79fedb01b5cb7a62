using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Stage 4c: removes assignments whose value no path reads before the variable is assigned again
/// (<see cref="GradientOptions.EliminateOverwrittenStores"/>). Where <see cref="DeadStoreElimination"/> counts
/// reads anywhere in the program, this follows the flow of control backwards (strong liveness), so it also
/// removes what only a cycle of dead assignments reads and what a later pass recomputes before reading: in
/// <c>Grad.Of</c> a while-loop's forward pass keeps only what decides its trip count and what its trails keep,
/// since its backward pass recomputes every stage of the body it reads.
/// It understands statements (blocks, assignments to variables, if-statements, loops left by a break); any other
/// node reads every variable it mentions, and a jump it cannot follow makes every variable live, so what it does
/// not understand it keeps. Only pure right-hand sides whose own writes are dead too are removed.
/// </summary>
internal sealed class OverwrittenStores
{
    /// <summary>Past this many passes over one loop body the loop counts as opaque (nested loops multiply passes).</summary>
    private const int MaxPasses = 16;

    private readonly Dictionary<LabelTarget, HashSet<ParameterExpression>> breakTargets = [];
    private readonly Dictionary<Expression, bool> deadInLastVisit = [];
    private readonly Dictionary<Expression, (HashSet<ParameterExpression> Reads, bool Jumps)> opaque = [];
    private readonly HashSet<Expression> repeated;
    private readonly HashSet<ParameterExpression> everything;

    private OverwrittenStores(Expression body)
    {
        var census = new Census();
        census.Visit(body);
        repeated = census.Repeated;
        everything = census.Variables;
    }

    public static Expression Run(Expression body)
    {
        var analysis = new OverwrittenStores(body);
        if (body is BlockExpression { Type: var type } block && type != typeof(void))
        {
            // The program's result is read by the caller.
            var live = new HashSet<ParameterExpression>(analysis.Reads(block.Result));
            for (int i = block.Expressions.Count - 2; i >= 0; i--) live = analysis.Statement(block.Expressions[i], live);
        }
        else if (body.Type == typeof(void))
        {
            analysis.Statement(body, []);
        }
        else
        {
            return body;
        }
        var dead = analysis.deadInLastVisit.Where(d => d.Value).Select(d => d.Key).ToHashSet();
        return dead.Count == 0 ? body : new Remover(dead).Visit(body)!;
    }

    /// <summary>The variables live before <paramref name="node"/>, given those live after it (which may be
    /// updated in place and returned).</summary>
    private HashSet<ParameterExpression> Statement(Expression node, HashSet<ParameterExpression> live) =>
        StackGuard.HasRoom ? StatementOf(node, live) : StatementDeeper(node, live);

    private HashSet<ParameterExpression> StatementDeeper(Expression node, HashSet<ParameterExpression> live) =>
        StackGuard.Run(() => StatementOf(node, live));

    private HashSet<ParameterExpression> StatementOf(Expression node, HashSet<ParameterExpression> live)
    {
        switch (node)
        {
            case BlockExpression block:
                int last = block.Expressions.Count - 1;
                // A block with a value keeps its last expression, whatever reads it.
                if (block.Type != typeof(void)) live = Opaque(block.Expressions[last--], live);
                for (int i = last; i >= 0; i--) live = Statement(block.Expressions[i], live);
                return live;
            case BinaryExpression { NodeType: ExpressionType.Assign, Left: ParameterExpression v } store:
                bool dead = !live.Contains(v) && !repeated.Contains(store) && Purity.IsPure(store.Right)
                            && !Writes(store.Right).Overlaps(live);
                deadInLastVisit[store] = dead;
                if (dead) return live;
                live.Remove(v);
                return Opaque(store.Right, live);
            case ConditionalExpression { Type: var t } branch when t == typeof(void):
                var whenFalse = Statement(branch.IfFalse, new HashSet<ParameterExpression>(live));
                live = Statement(branch.IfTrue, live);
                live.UnionWith(whenFalse);
                return Opaque(branch.Test, live);
            case LoopExpression { ContinueLabel: null } loop:
                return Loop(loop, live);
            case GotoExpression jump when breakTargets.TryGetValue(jump.Target, out var atTarget):
                var before = new HashSet<ParameterExpression>(atTarget);
                return jump.Value is null ? before : Opaque(jump.Value, before);
            case GotoExpression:
                return new HashSet<ParameterExpression>(everything);
            case DefaultExpression:
                return live;
            default:
                return Opaque(node, live);
        }
    }

    /// <summary>Live at the loop's head: what its body reads before assigning, iterated until it settles, with
    /// what follows the loop live at each break.</summary>
    private HashSet<ParameterExpression> Loop(LoopExpression loop, HashSet<ParameterExpression> live)
    {
        if (loop.BreakLabel is { } exit) breakTargets[exit] = new HashSet<ParameterExpression>(live);
        var head = new HashSet<ParameterExpression>();
        for (int pass = 0; pass < MaxPasses; pass++)
        {
            var entry = Statement(loop.Body, new HashSet<ParameterExpression>(head));
            if (entry.IsSubsetOf(head)) return head;
            head.UnionWith(entry);
        }
        // Not settled: keep every assignment inside, and count the loop as reading all it mentions.
        foreach (var store in new Stores(loop).Found) deadInLastVisit[store] = false;
        live.UnionWith(head);
        return Opaque(loop, live);
    }

    /// <summary>A node read as a whole: every variable it mentions is live before it; a jump inside makes all live.</summary>
    private HashSet<ParameterExpression> Opaque(Expression node, HashSet<ParameterExpression> live)
    {
        var (reads, jumps) = ReadsOf(node);
        if (jumps) return new HashSet<ParameterExpression>(everything);
        live.UnionWith(reads);
        return live;
    }

    private HashSet<ParameterExpression> Reads(Expression node) => ReadsOf(node).Reads;

    private (HashSet<ParameterExpression> Reads, bool Jumps) ReadsOf(Expression node)
    {
        if (!opaque.TryGetValue(node, out var entry))
        {
            var mentions = new Census();
            mentions.Visit(node);
            opaque[node] = entry = (mentions.Variables, Jumps.In(node));
        }
        return entry;
    }

    /// <summary>The variables <paramref name="node"/> assigns, other than those it declares.</summary>
    private static HashSet<ParameterExpression> Writes(Expression node) => [.. AssignedVariables.In(node)];

    /// <summary>Every variable a tree mentions, and the assignments that occur in it more than once (shared
    /// nodes: one decision could not hold for both places).</summary>
    private sealed class Census : ExpressionVisitor
    {
        private readonly HashSet<Expression> seen = [];

        public HashSet<ParameterExpression> Variables { get; } = [];

        public HashSet<Expression> Repeated { get; } = [];

        public override Expression? Visit(Expression? node) => node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

        private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

        protected override Expression VisitParameter(ParameterExpression node)
        {
            Variables.Add(node);
            return node;
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.NodeType == ExpressionType.Assign && !seen.Add(node)) Repeated.Add(node);
            return base.VisitBinary(node);
        }
    }

    /// <summary>The assignments to variables inside a tree.</summary>
    private sealed class Stores : ExpressionVisitor
    {
        public Stores(Expression node) => Visit(node);

        public List<Expression> Found { get; } = [];

        public override Expression? Visit(Expression? node) => node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

        private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node is { NodeType: ExpressionType.Assign, Left: ParameterExpression }) Found.Add(node);
            return base.VisitBinary(node);
        }
    }

    /// <summary>Takes the dead assignments out: from blocks, and as an if-statement's branch or a loop's body.</summary>
    private sealed class Remover(HashSet<Expression> dead) : StatementRemover(dead.Contains)
    {
        // Every assignment the analysis found dead was met as a statement (never as a value) and occurs once.
        protected override Expression VisitBinary(BinaryExpression node) => dead.Contains(node) ? Expression.Empty() : base.VisitBinary(node);
    }
}
