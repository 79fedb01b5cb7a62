using System.Linq.Expressions;
using System.Reflection;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Differential;

/// <summary>Scalar terms: kernels, arithmetic, branches, sums, lets, scans and imperative loops.</summary>
public sealed partial class ProgramRenderer
{
    private static readonly MethodInfo OpsSum = OpsMethod(nameof(Ops.Sum), typeof(int), typeof(Func<int, double>));
    private static readonly MethodInfo OpsScan = OpsMethod(nameof(Ops.Scan), typeof(int), typeof(double), typeof(Func<double, int, double>));
    private static readonly MethodInfo OpsCheckpointedScan = OpsMethod(nameof(Ops.Scan), typeof(int), typeof(double), typeof(Func<double, int, double>), typeof(int));
    private static readonly MethodInfo OpsVectorScan = OpsMethod(nameof(Ops.Scan), typeof(int), typeof(double[]), typeof(Func<double[], int, double[]>));
    private static readonly MethodInfo OpsCheckpointedVectorScan =
        OpsMethod(nameof(Ops.Scan), typeof(int), typeof(double[]), typeof(Func<double[], int, double[]>), typeof(int));
    private static readonly MethodInfo OpsLetVectorStates = typeof(Ops).GetMethod(nameof(Ops.Let))!.MakeGenericMethod(typeof(double[][]), typeof(double));
    private static readonly MethodInfo OpsLetStates = typeof(Ops).GetMethod(nameof(Ops.Let))!.MakeGenericMethod(typeof(double[]), typeof(double));
    private static readonly MethodInfo OpsLet = typeof(Ops).GetMethod(nameof(Ops.Let))!.MakeGenericMethod(typeof(double), typeof(double));
    private static readonly MethodInfo Range = typeof(Enumerable).GetMethod(nameof(Enumerable.Range))!;
    private static readonly MethodInfo SumOfDoubles = typeof(Enumerable).GetMethod(nameof(Enumerable.Sum), [typeof(IEnumerable<double>)])!;
    private static readonly MethodInfo SumWithSelector = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Sum) && m.IsGenericMethodDefinition && m.GetParameters() is [_, var s]
                     && s.ParameterType.IsGenericType && s.ParameterType.GetGenericTypeDefinition() == typeof(Func<,>)
                     && s.ParameterType.GetGenericArguments()[1] == typeof(double));
    private static readonly MethodInfo Select = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Select) && m.GetParameters()[1].ParameterType.GetGenericTypeDefinition() == typeof(Func<,>))
        .MakeGenericMethod(typeof(double), typeof(double));
    private static readonly MethodInfo SelectIndex = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Select) && m.GetParameters()[1].ParameterType.GetGenericTypeDefinition() == typeof(Func<,>))
        .MakeGenericMethod(typeof(int), typeof(double));
    private static readonly MethodInfo ToArray = typeof(Enumerable).GetMethod(nameof(Enumerable.ToArray))!.MakeGenericMethod(typeof(double));

    private Expression Scalar(Term term, Scope scope) => term switch
    {
        Kernel k => KernelBody(k, scope),
        Combine c => MakeBinary(c.Op, Scalar(c.Left, scope), Scalar(c.Right, scope)),
        Branch b => Condition(GreaterThan(Scalar(b.Test, scope), Constant(0.0)), Scalar(b.IfPositive, scope), Scalar(b.Otherwise, scope)),
        Sum s => SumOf(s, scope),
        Let l => LetOf(l, scope),
        Scan s => ScanOf(s, scope),
        VectorScan v => VectorScanOf(v, scope),
        Linq l => LinqOf(l, scope),
        Imperative i => ImperativeOf(i, scope),
        Reduce r => ReduceOf(r, scope),
        Stop s => _unrolled ? Frozen([Scalar(s.Value, scope)])[0] : Call(OpsMethod(nameof(Ops.StopGradient), typeof(double)), Scalar(s.Value, scope)),
        _ => throw new ArgumentException($"Unknown term {term}"),
    };

    private Expression KernelBody(Kernel k, Scope scope) =>
        new AtomSubstitution(k.Tree.Parameters[0], scope.Atoms, k.Offset).Visit(k.Tree.Body);

    private sealed class AtomSubstitution(ParameterExpression x, IReadOnlyList<Expression> atoms, int offset) : ExpressionVisitor
    {
        protected override Expression VisitBinary(BinaryExpression node) =>
            node is { NodeType: ExpressionType.ArrayIndex, Right: ConstantExpression { Value: int k } } && node.Left == x
                ? atoms[(k + offset) % atoms.Count]
                : base.VisitBinary(node);
    }

    private Expression SumOf(Sum s, Scope scope)
    {
        var sources = Sources(1);
        int source = sources[s.Source % sources.Length];
        var sum = _unrolled ? UnrolledSum(s, source, scope) : LoopSum(s, source, scope);
        if (!s.DividedByCount) return sum;
        Expression count = !_unrolled && s.Form == SumForm.OpsSumOverLength
            ? Convert(ArrayLength(VectorSource(source)), typeof(double))
            : Constant((double)L);
        return Divide(sum, count);
    }

    private Expression LoopSum(Sum s, int source, Scope scope)
    {
        var i = Parameter(typeof(int), "i");
        switch (s.Form)
        {
            case SumForm.OpsSum:
                return Call(OpsSum, Constant(L), Lambda<Func<int, double>>(Scalar(s.Body, Enter(scope, i)), i));
            case SumForm.OpsSumOverLength:
                return Call(OpsSum, ArrayLength(VectorSource(source)), Lambda<Func<int, double>>(Scalar(s.Body, Enter(scope, i)), i));
            case SumForm.RangeSum:
            case SumForm.RangeSumFromOne:
                int start = s.Form == SumForm.RangeSum ? 0 : 1;
                Expression index = start == 0 ? i : Subtract(i, Constant(start));
                return Call(SumWithSelector.MakeGenericMethod(typeof(int)), Call(Range, Constant(start), Constant(L)),
                    Lambda<Func<int, double>>(Scalar(s.Body, Enter(scope, index)), i));
            default:
                var v = Parameter(typeof(double), "v");
                var selector = Lambda<Func<double, double>>(Scalar(s.Body, scope.Prepend(v)), v);
                return s.Form == SumForm.ArraySum
                    ? Call(SumWithSelector.MakeGenericMethod(typeof(double)), VectorSource(source), selector)
                    : Call(SumOfDoubles, Call(Select, VectorSource(source), selector));
        }
    }

    private Expression UnrolledSum(Sum s, int source, Scope scope)
    {
        bool overElements = s.Form is SumForm.ArraySum or SumForm.SelectSum;
        return Enumerable.Range(0, L)
            .Select(i => Scalar(s.Body, overElements ? scope.Prepend(VectorElement(source, Constant(i))) : Enter(scope, Constant(i))))
            .Aggregate(Add);
    }

    private Expression LetOf(Let l, Scope scope)
    {
        var value = Scalar(l.Value, scope);
        if (_unrolled) return Scalar(l.Body, scope.Prepend(value));
        var v = Parameter(typeof(double), "v");
        return Call(OpsLet, value, Lambda<Func<double, double>>(Scalar(l.Body, scope.Prepend(v)), v));
    }

    private Expression ScanOf(Scan s, Scope scope)
    {
        var initial = Scalar(s.Initial, scope);
        if (_unrolled)
        {
            var states = new List<Expression> { initial };
            for (int t = 0; t < L; t++) states.Add(Scalar(s.Step, Enter(scope, Constant(t)).Prepend(states[^1])));
            return s.SumOfStates ? states.Aggregate(Add) : states[^1];
        }
        var (state, time) = (Parameter(typeof(double), "s"), Parameter(typeof(int), "t"));
        var step = Lambda<Func<double, int, double>>(Scalar(s.Step, Enter(scope, time).Prepend(state)), state, time);
        var scan = s.CheckpointEvery is { } every
            ? Call(OpsCheckpointedScan, Constant(L), initial, step, Constant(every))
            : Call(OpsScan, Constant(L), initial, step);
        if (!s.SumOfStates) return ArrayIndex(scan, Constant(L));
        if (!s.ByIndex) return Call(SumOfDoubles, scan);
        var (xs, i) = (Parameter(typeof(double[]), "xs"), Parameter(typeof(int), "i"));
        return Call(OpsLetStates, scan, Lambda<Func<double[], double>>(
            Call(OpsSum, Constant(L + 1), Lambda<Func<int, double>>(ArrayIndex(xs, i), i)), xs));
    }

    private Expression VectorScanOf(VectorScan v, Scope scope)
    {
        var sources = Sources(1);
        int source = sources[v.Source % sources.Length];
        Scope Element(Scope outer, Expression state, Expression next, Expression time, Expression j) =>
            Enter(outer, j).Prepend(state, next, time);
        if (_unrolled)
        {
            var states = new List<Expression[]>();
            states.Add([.. Enumerable.Range(0, L).Select(j => VectorElement(source, Constant(j)))]);
            for (int t = 0; t < L; t++)
            {
                var h = states[^1];
                states.Add([.. Enumerable.Range(0, L).Select(j => Scalar(v.Step, Element(scope, h[j], h[(j + 1) % L], Constant((double)t), Constant(j))))]);
            }
            return v.EachState
                ? Enumerable.Range(0, L + 1).Select(s => states[s][s % L]).Aggregate(Add)
                : states[^1].Aggregate(Add);
        }
        var (state, time, i) = (Parameter(typeof(double[]), "h"), Parameter(typeof(int), "t"), Parameter(typeof(int), "j"));
        var element = Scalar(v.Step, Element(scope, ArrayIndex(state, i), ArrayIndex(state, Modulo(Add(i, Constant(1)), Constant(L))),
            Convert(time, typeof(double)), i));
        var step = Lambda<Func<double[], int, double[]>>(
            Call(OpsMethod(nameof(Ops.Vector), typeof(int), typeof(Func<int, double>)), Constant(L), Lambda<Func<int, double>>(element, i)), state, time);
        var scan = v.CheckpointEvery is { } every
            ? Call(OpsCheckpointedVectorScan, Constant(L), VectorSource(source), step, Constant(every))
            : Call(OpsVectorScan, Constant(L), VectorSource(source), step);
        if (!v.EachState) return Call(OpsMethod(nameof(Ops.Sum), typeof(double[])), ArrayIndex(scan, Constant(L)));
        var (hs, s) = (Parameter(typeof(double[][]), "hs"), Parameter(typeof(int), "s"));
        return Call(OpsLetVectorStates, scan, Lambda<Func<double[][], double>>(
            Call(OpsSum, Constant(L + 1), Lambda<Func<int, double>>(ArrayIndex(ArrayIndex(hs, s), Modulo(s, Constant(L))), s)), hs));
    }
}
