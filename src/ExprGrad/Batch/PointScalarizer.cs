using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The scalar form of a function of one double[] that reads its array only as <c>p[c]</c> with constant c:
/// <c>p =&gt; p[0] * p[2]</c> becomes <c>(x0, x1, x2) =&gt; x0 * x2</c>, one parameter per element up to the
/// highest index read, so its gradient program is straight-line scalar code a <see cref="LaneKernel"/> can run.
/// Null when the array is used any other way (its length, a variable index, passed whole, written).
/// </summary>
internal static class PointScalarizer
{
    /// <summary>More elements than this stay per point: one lane register per element would spill anyway.</summary>
    public const int MaxElements = 64;

    public static LambdaExpression? TryScalarize(Expression<Func<double[], double>> f)
    {
        var rewriter = new Rewriter(f.Parameters[0]);
        var body = rewriter.Visit(f.Body);
        if (rewriter.Failed || rewriter.Highest < 0) return null;
        var elements = Enumerable.Range(0, rewriter.Highest + 1).Select(rewriter.Element).ToArray();
        return Expression.Lambda(body, elements);
    }

    private sealed class Rewriter(ParameterExpression array) : ExpressionVisitor
    {
        private readonly Dictionary<int, ParameterExpression> elements = [];

        public bool Failed { get; private set; }

        public int Highest { get; private set; } = -1;

        public ParameterExpression Element(int index)
        {
            if (!elements.TryGetValue(index, out var element)) elements[index] = element = Expression.Parameter(typeof(double), $"{array.Name}{index}");
            return element;
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.NodeType == ExpressionType.ArrayIndex && node.Left == array)
            {
                if (node.Right is ConstantExpression { Value: int index } && index is >= 0 and < MaxElements)
                {
                    Highest = Math.Max(Highest, index);
                    return Element(index);
                }
                Failed = true;
                return node;
            }
            return base.VisitBinary(node);
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            if (node == array) Failed = true;
            return node;
        }
    }
}
