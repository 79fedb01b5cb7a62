using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Rewrites a forward program (the pipeline's <see cref="ProgramKind.Forward"/> output: blocks, assignments,
/// branches, loops, array writes) into its sparsity trace: the same program over <see cref="IndexSet"/>s, where
/// each double holds the inputs it can depend on. Integer work — lengths, counters, index arithmetic, closure
/// data — runs as written, so loops run their real trip counts and array reads hit their real elements; a
/// branch on doubles cannot be decided, so both sides run, and what they assign is joined into the old value
/// (a weak update) rather than replacing it. The result is the union over every branch a run could take.
/// What the rewrite cannot follow throws <see cref="TraceNotSupportedException"/>: the caller then takes the
/// dense pattern.
/// </summary>
internal sealed partial class SparsityTracer
{
    private readonly UndecidableValues undecided;
    private readonly ParameterExpression context = Expression.Parameter(typeof(TraceContext), "trace");
    private readonly Dictionary<ParameterExpression, ParameterExpression> variables = [];
    private readonly Dictionary<LabelTarget, LabelTarget> labels = [];

    /// <summary>The labels an undecided branch may jump to (its own loops' exits), innermost branch last; empty outside such branches.</summary>
    private readonly Stack<HashSet<LabelTarget>> branches = new();

    private SparsityTracer(UndecidableValues undecided) => this.undecided = undecided;

    /// <summary><c>(double[] x) =&gt; body</c> becomes <c>(IndexSet[] x, TraceContext trace) =&gt; (object)body'</c>.</summary>
    /// <param name="program">A forward program of one double[] parameter.</param>
    public static Func<IndexSet[], TraceContext, object?> Compile(LambdaExpression program)
    {
        var tracer = new SparsityTracer(UndecidableValues.Of(program));
        var input = tracer.Variable(program.Parameters[0]);
        var body = tracer.Rewrite(program.Body);
        return Expression.Lambda<Func<IndexSet[], TraceContext, object?>>(Expression.Convert(body, typeof(object)), input, tracer.context).Compile();
    }

    private bool Weak => branches.Count > 0;

    private ParameterExpression Variable(ParameterExpression v)
    {
        if (!TraceValues.IsTraced(v.Type)) return v;
        if (!variables.TryGetValue(v, out var traced))
            variables[v] = traced = Expression.Parameter(TraceValues.Of(v.Type), v.Name);
        return traced;
    }

    private LabelTarget? Label(LabelTarget? label)
    {
        if (label is null || !TraceValues.IsTraced(label.Type)) return label;
        if (!labels.TryGetValue(label, out var traced)) labels[label] = traced = Expression.Label(TraceValues.Of(label.Type), label.Name);
        return traced;
    }

    private Expression Rewrite(Expression node) => StackGuard.Run(() => RewriteNode(node));

    private Expression RewriteNode(Expression node)
    {
        if (TraceValues.IsTraced(node.Type) && IsKnown(node)) return Known(node);
        switch (node)
        {
            case ParameterExpression v:
                if (undecided.Contains(v)) throw new TraceNotSupportedException($"variable {v.Name} depends on values");
                return Variable(v);
            case BlockExpression block:
                return Expression.Block(TraceValues.Of(block.Type), block.Variables.Select(Variable), block.Expressions.Select(Rewrite));
            case ConditionalExpression conditional:
                return Conditional(conditional);
            case LoopExpression loop:
                return Expression.Loop(Rewrite(loop.Body), Label(loop.BreakLabel), Label(loop.ContinueLabel));
            case GotoExpression jump:
                if (Weak && !branches.Peek().Contains(jump.Target))
                    throw new TraceNotSupportedException("a jump out of a branch on values");
                return Expression.MakeGoto(jump.Kind, Label(jump.Target)!, jump.Value is null ? null : Rewrite(jump.Value), TraceValues.Of(jump.Type));
            case LabelExpression label:
                return Expression.Label(Label(label.Target)!, label.DefaultValue is null ? null : Rewrite(label.DefaultValue));
            case BinaryExpression binary:
                return Binary(binary);
            case UnaryExpression unary:
                return Unary(unary);
            case IndexExpression { Indexer: null } index:
                return Expression.ArrayAccess(Rewrite(index.Object!), index.Arguments.Select(Rewrite));
            case MethodCallExpression call:
                return Call(call);
            case NewArrayExpression array:
                var element = TraceValues.Of(array.Type.GetElementType()!);
                return array.NodeType == ExpressionType.NewArrayBounds
                    ? Expression.NewArrayBounds(element, array.Expressions.Select(Rewrite))
                    : Expression.NewArrayInit(element, array.Expressions.Select(Rewrite));
            case InvocationExpression { Expression: LambdaExpression lambda } invoke:
                return Expression.Invoke(Lambda(lambda), invoke.Arguments.Select(Rewrite));
            case DefaultExpression when TraceValues.IsTraced(node.Type):
                return Expression.Default(TraceValues.Of(node.Type));
            case DefaultExpression or ConstantExpression:
                return node;
            case MemberExpression member when !ReadsVariables(member):
                return node;
            case TypeBinaryExpression or MemberExpression or NewExpression when !ReadsTracedVariables(node):
                return node;
            default:
                throw new TraceNotSupportedException($"a {node.NodeType} node");
        }
    }

    private LambdaExpression Lambda(LambdaExpression lambda) =>
        Expression.Lambda(Rewrite(lambda.Body), lambda.Parameters.Select(Variable));

    /// <summary>A branch: decided by the trace when its test is concrete, otherwise both sides run, weakly.</summary>
    private Expression Conditional(ConditionalExpression node)
    {
        if (!undecided.IsUndecided(node.Test))
            return Expression.Condition(Rewrite(node.Test), Rewrite(node.IfTrue), Rewrite(node.IfFalse), TraceValues.Of(node.Type));
        branches.Push([.. LoopLabels.In(node)]);
        try
        {
            var (ifTrue, ifFalse) = (Rewrite(node.IfTrue), Rewrite(node.IfFalse));
            if (node.Type == typeof(void)) return Expression.Block(typeof(void), ifTrue, ifFalse);
            if (node.Type == typeof(double)) return Expression.Call(context, nameof(TraceContext.Linear), null, ifTrue, ifFalse);
            throw new TraceNotSupportedException($"a {node.Type.Name} chosen by values");
        }
        finally { branches.Pop(); }
    }

    /// <summary>Whether an expression's value is known without the trace: it reads no variable of the program
    /// (closure data, literals); a traced-type value of it then depends on no input.</summary>
    private static bool IsKnown(Expression node) => node is ConstantExpression || node is MemberExpression && !ReadsVariables(node);

    /// <summary>The traced value of a known expression: its shape, with empty sets.</summary>
    private static Expression Known(Expression node) => node.Type switch
    {
        _ when node is ConstantExpression { Value: null } => Expression.Constant(null, TraceValues.Of(node.Type)),
        var t when t == typeof(double) => Expression.Constant(null, typeof(IndexSet)),
        var t when t == typeof(double[]) => Expression.Call(typeof(TraceValues), nameof(TraceValues.EmptyVector), null, node),
        var t when t == typeof(double[,]) => Expression.Call(typeof(TraceValues), nameof(TraceValues.EmptyMatrix), null, node),
        var t when t == typeof(double[][]) => Expression.Call(typeof(TraceValues), nameof(TraceValues.EmptyJagged), null, node),
        _ => throw new TraceNotSupportedException($"a constant of type {node.Type.Name}"),
    };

    private static bool ReadsVariables(Expression node) => new VariableReads(_ => true).Any(node);

    private static bool ReadsTracedVariables(Expression node) => new VariableReads(p => TraceValues.IsTraced(p.Type)).Any(node);

    private sealed class VariableReads(Func<ParameterExpression, bool> counts) : ExpressionVisitor
    {
        private bool any;
        public bool Any(Expression node) { Visit(node); return any; }
        protected override Expression VisitParameter(ParameterExpression node) { any |= counts(node); return node; }
    }

    /// <summary>The labels a subtree defines (its loops' exits and continues, its label statements).</summary>
    private sealed class LoopLabels : ExpressionVisitor
    {
        private readonly List<LabelTarget> found = [];

        public static List<LabelTarget> In(Expression node) { var l = new LoopLabels(); l.Visit(node); return l.found; }

        protected override Expression VisitLoop(LoopExpression node)
        {
            if (node.BreakLabel is { } b) found.Add(b);
            if (node.ContinueLabel is { } c) found.Add(c);
            return base.VisitLoop(node);
        }

        protected override Expression VisitLabel(LabelExpression node) { found.Add(node.Target); return base.VisitLabel(node); }

        protected override Expression VisitLambda<T>(Expression<T> node) => node;
    }
}
