using System.Linq.Expressions;

namespace ExprGrad;

internal sealed partial class Normalizer
{
    /// <summary>
    /// LINQ vectors as index loops: <c>Enumerable.Range(start, count).Select(i =&gt; f(i)).ToArray()</c> →
    /// <c>Ops.Vector(count, j =&gt; f(start + j))</c>, and over a double[] <c>xs.Select(v =&gt; f(v)).ToArray()</c> →
    /// <c>Ops.Vector(xs.Length, i =&gt; f(xs[i]))</c> (the array named once, as for sums).
    /// </summary>
    private static Expression? SelectToArray(MethodCallExpression node)
    {
        if (node.Method.DeclaringType != typeof(Enumerable) || node.Method.Name != nameof(Enumerable.ToArray) || node.Type != typeof(double[])
            || node.Arguments is not [MethodCallExpression { Method.Name: nameof(Enumerable.Select), Arguments: [var source, LambdaExpression selector] } select]
            || select.Method.DeclaringType != typeof(Enumerable) || selector.Parameters.Count != 1)
            return null;
        if (source is MethodCallExpression { Method: var range, Arguments: [var start, var count] } && range == EnumerableRange)
        {
            var j = Expression.Parameter(typeof(int), selector.Parameters[0].Name);
            Expression index = start is ConstantExpression { Value: 0 } ? j : Expression.Add(start, j);
            return Expression.Call(OpsMethods.Vector, count, Expression.Lambda<Func<int, double>>(Rebind(selector, index), j));
        }
        if (ArraySource(source) is { } values && selector.Parameters[0].Type == typeof(double))
        {
            var xs = Expression.Parameter(typeof(double[]), "values");
            var i = Expression.Parameter(typeof(int), "i");
            var loop = Expression.Call(OpsMethods.Vector, Expression.ArrayLength(xs),
                Expression.Lambda<Func<int, double>>(Rebind(selector, Expression.ArrayIndex(xs, i)), i));
            return Let(values, xs, loop);
        }
        return null;
    }
}
