using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Scalar replacement for <see cref="MethodSplitter"/>: a method's array variable assigned once, at the top level,
/// <c>a = new double[n]</c> with a constant n, and otherwise read and written only at constant indices below n,
/// becomes one variable per element it uses. Such an array is never handed out, so nothing can tell; each new variable
/// starts at 0.0, as the array's elements did. <see cref="Slots"/>' spill array is one.
/// </summary>
internal static class FixedArrays
{
    public static (IReadOnlyList<ParameterExpression> Variables, IReadOnlyList<Expression> Statements) Scalarize(
        IReadOnlyList<ParameterExpression> variables, IReadOnlyList<Expression> statements)
    {
        var lengths = new Dictionary<ParameterExpression, int>();
        foreach (var s in statements)
            if (s is BinaryExpression { NodeType: ExpressionType.Assign, Left: ParameterExpression v,
                    Right: NewArrayExpression { NodeType: ExpressionType.NewArrayBounds, Expressions: [ConstantExpression { Value: int n }] } }
                && v.Type == typeof(double[]) && variables.Contains(v))
                lengths[v] = lengths.ContainsKey(v) ? -1 : n;
        if (lengths.Count == 0) return (variables, statements);
        var counter = new UseCounter(lengths);
        foreach (var s in statements) counter.Visit(s);
        var candidates = lengths.Where(p => p.Value >= 0 && counter.Total.GetValueOrDefault(p.Key) == counter.Elements.GetValueOrDefault(p.Key) + 1)
            .ToDictionary(p => p.Key, p => new ParameterExpression?[p.Value]);
        if (candidates.Count == 0) return (variables, statements);
        var rewriter = new Rewriter(candidates);
        var rewritten = statements
            .Where(s => s is not BinaryExpression { NodeType: ExpressionType.Assign, Left: ParameterExpression v } || !candidates.ContainsKey(v))
            .Select(s => rewriter.Visit(s)!).ToList();
        var elements = candidates.Values.SelectMany(a => a).OfType<ParameterExpression>();
        return ([.. variables.Where(v => !candidates.ContainsKey(v)), .. elements], rewritten);
    }

    private static bool IsElement(IndexExpression node, IReadOnlyDictionary<ParameterExpression, int> lengths, out ParameterExpression array, out int index)
    {
        (array, index) = (null!, -1);
        if (node is not { Object: ParameterExpression a, Arguments: [ConstantExpression { Value: int k }] } || !lengths.TryGetValue(a, out var n)) return false;
        (array, index) = (a, k);
        return k >= 0 && k < n;
    }

    private sealed class UseCounter(Dictionary<ParameterExpression, int> lengths) : ExpressionVisitor
    {
        public Dictionary<ParameterExpression, int> Total { get; } = [];
        public Dictionary<ParameterExpression, int> Elements { get; } = [];

        public override Expression? Visit(Expression? node) =>
            node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

        private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

        protected override Expression VisitParameter(ParameterExpression node)
        {
            if (lengths.ContainsKey(node)) Total[node] = Total.GetValueOrDefault(node) + 1;
            return node;
        }

        protected override Expression VisitIndex(IndexExpression node)
        {
            if (IsElement(node, lengths, out var array, out _)) Elements[array] = Elements.GetValueOrDefault(array) + 1;
            return base.VisitIndex(node);
        }
    }

    private sealed class Rewriter(Dictionary<ParameterExpression, ParameterExpression?[]> candidates) : ExpressionVisitor
    {
        private readonly Dictionary<ParameterExpression, int> lengths = candidates.ToDictionary(p => p.Key, p => p.Value.Length);

        public override Expression? Visit(Expression? node) =>
            node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

        private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

        protected override Expression VisitIndex(IndexExpression node)
        {
            if (!IsElement(node, lengths, out var array, out var k)) return base.VisitIndex(node);
            return candidates[array][k] ??= Expression.Variable(typeof(double), $"{array.Name}{k}");
        }
    }
}
