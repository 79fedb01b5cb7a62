using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad;

internal sealed partial class Normalizer
{
    /// <summary>
    /// LINQ over a <c>double[]</c> or <c>Enumerable.Range</c> as index loops. With a selector f (over the element,
    /// or the element and its index) and a source of n elements:
    /// <c>….Select(f).ToArray()</c> → <c>Ops.Vector(n, i =&gt; f(…))</c>; <c>.Average(f)</c> → Σf/n; <c>.Max(f)</c>,
    /// <c>.Min(f)</c> → <c>Ops.Max/Min</c> of that vector; without a selector, <c>xs.Average()</c>, <c>xs.Max()</c>,
    /// <c>xs.Min()</c> → <c>Ops.Mean/Max/Min(xs)</c>; <c>xs.Zip(ys, f).Sum()</c> and <c>.ToArray()</c> → a loop over
    /// both; <c>xs.Aggregate(seed, f)</c> → the last state of a scalar <c>Ops.Scan</c> over the elements (without a
    /// seed, from the first element). An array is named once (a <c>Let</c>), so an expression computing it runs once.
    /// An empty source gives what the Ops do (<c>Max</c>/<c>Min</c> throw, the mean is NaN) where LINQ would throw.
    /// </summary>
    private static Expression? LinqLoop(MethodCallExpression node)
    {
        if (node.Method.DeclaringType != typeof(Enumerable)) return null;
        var name = node.Method.Name;
        if (name == nameof(Enumerable.Aggregate)) return Aggregate(node);
        if (node.Arguments is [MethodCallExpression { Method.Name: nameof(Enumerable.Zip) } zip] && zip.Method.DeclaringType == typeof(Enumerable))
            return name switch
            {
                nameof(Enumerable.Sum) when node.Type == typeof(double) => Zip(zip, OpsMethods.Sum),
                nameof(Enumerable.ToArray) when node.Type == typeof(double[]) => Zip(zip, OpsMethods.Vector),
                _ => null,
            };
        if (node.Arguments is [var whole] && ArraySource(whole) is { } array && node.Type == typeof(double))
            return name switch
            {
                nameof(Enumerable.Average) => Expression.Call(typeof(Ops), nameof(Ops.Mean), null, array),
                nameof(Enumerable.Max) => Expression.Call(typeof(Ops), nameof(Ops.Max), null, array),
                nameof(Enumerable.Min) => Expression.Call(typeof(Ops), nameof(Ops.Min), null, array),
                _ => null,
            };
        LambdaExpression? selector;
        Expression source;
        if (name == nameof(Enumerable.ToArray) && node.Type == typeof(double[])
            && node.Arguments is [MethodCallExpression { Method.Name: nameof(Enumerable.Select), Arguments: [var s, LambdaExpression f] } select]
            && select.Method.DeclaringType == typeof(Enumerable))
            (source, selector) = (s, f);
        else if (name is nameof(Enumerable.Average) or nameof(Enumerable.Max) or nameof(Enumerable.Min) && node.Type == typeof(double)
                 && node.Arguments is [var s2, LambdaExpression f2])
            (source, selector) = (s2, f2);
        else return null;
        if (selector.ReturnType != typeof(double)) return null;
        return OverElements(source, selector, (count, term) => name switch
        {
            nameof(Enumerable.ToArray) => Expression.Call(OpsMethods.Vector, count, term),
            nameof(Enumerable.Average) => Expression.Divide(Expression.Call(OpsMethods.Sum, count, term), Expression.Convert(count, typeof(double))),
            _ => Expression.Call(typeof(Ops), name, null, Expression.Call(OpsMethods.Vector, count, term)),
        });
    }

    /// <summary>The loop <paramref name="build"/> makes from a source's count and its selector as a term of the
    /// index, or null when the source is neither a range nor a double[] (or the selector does not fit it).</summary>
    private static Expression? OverElements(Expression source, LambdaExpression selector,
        Func<Expression, Expression<Func<int, double>>, Expression> build)
    {
        if (source is MethodCallExpression { Method: var range, Arguments: [var start, var count] } && range == EnumerableRange)
        {
            if (selector.Parameters.Count != 1) return null;
            var j = Expression.Parameter(typeof(int), selector.Parameters[0].Name);
            Expression index = start is ConstantExpression { Value: 0 } ? j : Expression.Add(start, j);
            return build(count, Expression.Lambda<Func<int, double>>(Rebind(selector, index), j));
        }
        if (ArraySource(source) is not { } values || selector.Parameters[0].Type != typeof(double)
            || selector.Parameters is [_, { Type: var second }] && second != typeof(int) || selector.Parameters.Count > 2)
            return null;
        var xs = Expression.Parameter(typeof(double[]), "values");
        var i = Expression.Parameter(typeof(int), "i");
        var body = ParameterSubstitution.Apply(selector.Body, selector.Parameters.Count == 1
            ? new Dictionary<ParameterExpression, Expression> { [selector.Parameters[0]] = Expression.ArrayIndex(xs, i) }
            : new Dictionary<ParameterExpression, Expression> { [selector.Parameters[0]] = Expression.ArrayIndex(xs, i), [selector.Parameters[1]] = i });
        return Let(values, xs, build(Expression.ArrayLength(xs), Expression.Lambda<Func<int, double>>(body, i)));
    }

    /// <summary><c>xs.Zip(ys, (a, b) =&gt; f)</c> as <paramref name="loop"/> over the shorter length, as Zip stops there.</summary>
    private static Expression? Zip(MethodCallExpression zip, MethodInfo loop)
    {
        if (zip.Arguments is not [var first, var second, LambdaExpression { Parameters.Count: 2 } f] || f.ReturnType != typeof(double)
            || ArraySource(first) is not { } left || ArraySource(second) is not { } right)
            return null;
        var (xs, ys, i) = (Expression.Parameter(typeof(double[]), "left"), Expression.Parameter(typeof(double[]), "right"), Expression.Parameter(typeof(int), "i"));
        var body = ParameterSubstitution.Apply(f.Body, new Dictionary<ParameterExpression, Expression>
            { [f.Parameters[0]] = Expression.ArrayIndex(xs, i), [f.Parameters[1]] = Expression.ArrayIndex(ys, i) });
        var count = Expression.Call(typeof(Math), nameof(Math.Min), null, Expression.ArrayLength(xs), Expression.ArrayLength(ys));
        return Let(left, xs, Let(right, ys, Expression.Call(loop, count, Expression.Lambda<Func<int, double>>(body, i))));
    }

    /// <summary>A fold is a scan's last state: <c>xs.Aggregate(seed, (acc, v) =&gt; f)</c> →
    /// <c>Ops.Scan(n, seed, (acc, i) =&gt; f(acc, xs[i]))[n]</c>; without a seed the first element is the seed, as in LINQ.</summary>
    private static Expression? Aggregate(MethodCallExpression node)
    {
        var (source, seed, f) = node.Arguments switch
        {
            [var s, LambdaExpression l] => (s, null, l),
            [var s, var initial, LambdaExpression l] when initial.Type == typeof(double) => (s, initial, l),
            _ => (null!, null, null),
        };
        if (f is not { Parameters.Count: 2 } || f.ReturnType != typeof(double) || f.Parameters[0].Type != typeof(double)
            || source is null || ArraySource(source) is not { } values)
            return null;
        var (xs, t) = (Expression.Parameter(typeof(double[]), "values"), Expression.Parameter(typeof(int), "t"));
        var skip = seed is null ? 1 : 0;
        Expression element = Expression.ArrayIndex(xs, skip == 0 ? t : Expression.Add(t, Expression.Constant(1)));
        var step = Expression.Lambda<Func<double, int, double>>(
            ParameterSubstitution.Apply(f.Body, new Dictionary<ParameterExpression, Expression> { [f.Parameters[1]] = element }), f.Parameters[0], t);
        Expression steps = skip == 0 ? Expression.ArrayLength(xs) : Expression.Subtract(Expression.ArrayLength(xs), Expression.Constant(1));
        var initialValue = seed ?? Expression.ArrayIndex(xs, Expression.Constant(0));
        return Let(values, xs, Expression.ArrayIndex(Expression.Call(OpsMethods.Scan, steps, initialValue, step), steps));
    }
}
