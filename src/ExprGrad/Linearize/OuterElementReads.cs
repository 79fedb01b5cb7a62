using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Map's lambda reading an element of an array from outside it at an index that does not depend on the element
/// (<c>Map(a, x =&gt; x * w[0])</c>, <c>m.Get(j, 2)</c> with j an enclosing loop's index): each such read becomes a
/// number the lambda takes as an argument, read once before the Map. The read runs guarded — out of range it
/// gives 0 instead of throwing — because the Map may run no element, or take a branch that skips it; the forward
/// values still come from the lambda as written, so a read that throws there throws as before.
/// </summary>
internal sealed class OuterElementReads : ExpressionVisitor
{
    private readonly HashSet<ParameterExpression> outer;
    private readonly List<(ParameterExpression Number, Expression Read)> hoisted = [];
    private readonly Dictionary<string, ParameterExpression> numbers = [];
    private readonly Dictionary<ParameterExpression, int> ids = [];

    private OuterElementReads(IEnumerable<ParameterExpression> outer) => this.outer = [.. outer];

    /// <summary>The body with each hoistable read replaced by a new double parameter, and the guarded reads in order.</summary>
    public static (Expression Body, IReadOnlyList<(ParameterExpression Number, Expression Read)> Reads) Hoist(
        Expression body, IEnumerable<ParameterExpression> outer)
    {
        var rewriter = new OuterElementReads(outer);
        return (rewriter.Visit(body)!, rewriter.hoisted);
    }

    public override Expression? Visit(Expression? node)
    {
        if (node is null) return null;
        if (node.Type == typeof(double) && ReadOf(node) is var (array, indices)
            && array is ParameterExpression p && outer.Contains(p) && indices.All(IsOuter))
        {
            // The same element read twice is one number (the grammar's w[0] + sin(w[0]) reads it twice).
            var key = Key(p, indices);
            if (key is not null && numbers.TryGetValue(key, out var same)) return same;
            var number = Expression.Parameter(typeof(double), $"{p.Name}_element");
            hoisted.Add((number, Expression.Condition(InRange(array, indices), node, Expression.Constant(0.0))));
            if (key is not null) numbers[key] = number;
            return number;
        }
        return StackGuard.HasRoom ? base.Visit(node) : Deeper(node);
    }

    private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

    private static (Expression Array, IReadOnlyList<Expression> Indices)? ReadOf(Expression node) => node switch
    {
        BinaryExpression { NodeType: ExpressionType.ArrayIndex } b => (b.Left, [b.Right]),
        IndexExpression { Indexer: null, Object: { } array } ix => (array, ix.Arguments),
        MethodCallExpression { Object: { } array, Method.Name: "Get" } get when array.Type == typeof(double[,]) => (array, get.Arguments),
        _ => null,
    };

    /// <summary>A key equal for two reads of the same array at the same constant or variable indices; null otherwise.</summary>
    private string? Key(ParameterExpression array, IReadOnlyList<Expression> indices)
    {
        var parts = new List<string> { Id(array) };
        foreach (var index in indices)
            if (index is ConstantExpression { Value: int constant }) parts.Add(constant.ToString(System.Globalization.CultureInfo.InvariantCulture));
            else if (index is ParameterExpression variable) parts.Add(Id(variable));
            else return null;
        return string.Join(",", parts);
    }

    private string Id(ParameterExpression p)
    {
        if (!ids.TryGetValue(p, out var id)) ids[p] = id = ids.Count;
        return "p" + id;
    }

    private bool IsOuter(Expression index) => FreeParameters.Of(index, []).All(outer.Contains);

    private static Expression InRange(Expression array, IReadOnlyList<Expression> indices)
    {
        Expression Within(Expression index, Expression length) =>
            Expression.AndAlso(Expression.GreaterThanOrEqual(index, Expression.Constant(0)), Expression.LessThan(index, length));
        if (indices.Count == 1) return Within(indices[0], Expression.ArrayLength(array));
        return Expression.AndAlso(
            Within(indices[0], Expression.Call(array, nameof(Array.GetLength), null, Expression.Constant(0))),
            Within(indices[1], Expression.Call(array, nameof(Array.GetLength), null, Expression.Constant(1))));
    }
}
