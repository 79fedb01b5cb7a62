using System.Linq.Expressions;
using FastExpressionCompiler;

namespace ExprGrad.Benchmarks;

/// <summary>FastExpressionCompiler as an alternative back-end for ExprGrad's gradient program.</summary>
internal static class FastBackend
{
    /// <summary>The gradient of <paramref name="f"/> compiled by <c>CompileFast</c> instead of
    /// <c>Expression.Compile</c>.</summary>
    public static TDelegate Gradient<TDelegate>(LambdaExpression f) where TDelegate : Delegate =>
        Compile<TDelegate>(Grad.GradientExpression(f));

    /// <summary>
    /// Never lets FEC fall back to <c>Expression.Compile</c> silently (its default), so a timing is never
    /// mislabelled. FEC 6.0.0 rejects <c>v += e</c> as the last statement of a void block inside a loop,
    /// which is how ExprGrad accumulates sums; spelling it <c>v = v + e</c> is equivalent for the atoms
    /// ExprGrad emits on the left and lets FEC compile every benchmark's gradient.
    /// </summary>
    public static TDelegate Compile<TDelegate>(LambdaExpression lambda) where TDelegate : Delegate
    {
        var spelled = (LambdaExpression)new AddAssignSpelledOut().Visit(lambda);
        return spelled.CompileFast(ifFastFailedReturnNull: true) as TDelegate
            ?? throw new NotSupportedException($"FastExpressionCompiler cannot compile this {typeof(TDelegate).Name}.");
    }

    private sealed class AddAssignSpelledOut : ExpressionVisitor
    {
        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.NodeType != ExpressionType.AddAssign || node.Method is not null) return base.VisitBinary(node);
            var left = Visit(node.Left);
            return Expression.Assign(left, Expression.Add(left, Visit(node.Right)));
        }
    }
}
