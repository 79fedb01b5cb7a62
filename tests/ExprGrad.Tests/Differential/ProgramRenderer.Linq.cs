using System.Linq.Expressions;
using System.Reflection;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Differential;

/// <summary>LINQ reductions other than sums: as LINQ calls, or unrolled (Σ/L, a chain of Math.Max/Min, the fold written out).</summary>
public sealed partial class ProgramRenderer
{
    private static readonly MethodInfo MathMaxOf = typeof(Math).GetMethod(nameof(Math.Max), [typeof(double), typeof(double)])!;
    private static readonly MethodInfo MathMinOf = typeof(Math).GetMethod(nameof(Math.Min), [typeof(double), typeof(double)])!;

    private Expression LinqOf(Linq l, Scope scope)
    {
        var sources = Sources(1);
        int source = sources[l.Source % sources.Length], other = sources[(l.Source + 1) % sources.Length];
        return _unrolled ? UnrolledLinq(l, source, other, scope) : LinqCall(l, source, other, scope);
    }

    private Expression UnrolledLinq(Linq l, int source, int other, Scope scope)
    {
        var elements = Enumerable.Range(0, L).Select(i => VectorElement(source, Constant(i))).ToArray();
        Expression[] Terms() => [.. elements.Select(e => Scalar(l.Body, scope.Prepend(e)))];
        switch (l.Form)
        {
            case LinqForm.Average: return Divide(Terms().Aggregate(Add), Constant((double)L));
            case LinqForm.RangeAverage:
                return Divide(Enumerable.Range(0, L).Select(i => Scalar(l.Body, Enter(scope, Constant(i)))).Aggregate(Add), Constant((double)L));
            case LinqForm.Max: return Terms().Aggregate((a, b) => Call(MathMaxOf, a, b));
            case LinqForm.Min: return Terms().Aggregate((a, b) => Call(MathMinOf, a, b));
            case LinqForm.ZipSum:
                return Enumerable.Range(0, L).Select(i => Scalar(l.Body, scope.Prepend(elements[i], VectorElement(other, Constant(i))))).Aggregate(Add);
            default:
                bool seeded = l.Form == LinqForm.Aggregate;
                Expression acc = seeded ? Constant(_values.Scale) : elements[0];
                foreach (var e in elements.Skip(seeded ? 0 : 1)) acc = Scalar(l.Body, scope.Prepend(acc, e));
                return acc;
        }
    }

    private Expression LinqCall(Linq l, int source, int other, Scope scope)
    {
        var xs = VectorSource(source);
        var v = Parameter(typeof(double), "v");
        var selector = Lambda<Func<double, double>>(Scalar(l.Body, scope.Prepend(v)), v);
        MethodInfo Linq(string name, int arity) => typeof(Enumerable).GetMethods()
            .Single(m => m.Name == name && m.IsGenericMethodDefinition && m.GetParameters() is { } ps && ps.Length == arity
                         && ps[^1].ParameterType.IsGenericType && ps[^1].ParameterType.GetGenericTypeDefinition() == typeof(Func<,>)
                         && ps[^1].ParameterType.GetGenericArguments()[1] == typeof(double));
        switch (l.Form)
        {
            case LinqForm.Average: return Call(Linq(nameof(Enumerable.Average), 2).MakeGenericMethod(typeof(double)), xs, selector);
            case LinqForm.Max: return Call(Linq(nameof(Enumerable.Max), 2).MakeGenericMethod(typeof(double)), xs, selector);
            case LinqForm.Min: return Call(Linq(nameof(Enumerable.Min), 2).MakeGenericMethod(typeof(double)), xs, selector);
            case LinqForm.RangeAverage:
                var i = Parameter(typeof(int), "i");
                return Call(Linq(nameof(Enumerable.Average), 2).MakeGenericMethod(typeof(int)), Call(Range, Constant(0), Constant(L)),
                    Lambda<Func<int, double>>(Scalar(l.Body, Enter(scope, i)), i));
            case LinqForm.ZipSum:
                var (a, b) = (Parameter(typeof(double), "a"), Parameter(typeof(double), "b"));
                var zip = typeof(Enumerable).GetMethods().Single(m => m.Name == nameof(Enumerable.Zip) && m.GetParameters() is [_, _, { ParameterType.IsGenericType: true } f]
                                 && f.ParameterType.GetGenericTypeDefinition() == typeof(Func<,,>))
                    .MakeGenericMethod(typeof(double), typeof(double), typeof(double));
                return Call(SumOfDoubles, Call(zip, xs, VectorSource(other), Lambda<Func<double, double, double>>(Scalar(l.Body, scope.Prepend(a, b)), a, b)));
            default:
                var (acc, e) = (Parameter(typeof(double), "acc"), Parameter(typeof(double), "e"));
                var fold = Lambda<Func<double, double, double>>(Scalar(l.Body, scope.Prepend(acc, e)), acc, e);
                var aggregates = typeof(Enumerable).GetMethods().Where(m => m.Name == nameof(Enumerable.Aggregate)).ToArray();
                return l.Form == LinqForm.Aggregate
                    ? Call(aggregates.Single(m => m.GetParameters().Length == 3).MakeGenericMethod(typeof(double), typeof(double)), xs,
                        Field(Constant(_closure), nameof(Captured.Scale)), fold)
                    : Call(aggregates.Single(m => m.GetParameters().Length == 2).MakeGenericMethod(typeof(double)), xs, fold);
        }
    }
}
