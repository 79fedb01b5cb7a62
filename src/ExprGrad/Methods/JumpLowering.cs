using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Brings the jumps of a method body (an early <c>return</c>, a <c>break</c> or <c>continue</c> anywhere in a loop)
/// to the loop shapes the linearizer differentiates: each jump target gets a flag, a jump sets its flag, the
/// statements after a statement that may jump run only while no pending flag is set, a flag is cleared where its
/// label stands, and a loop containing a jump leaves at its top test once a flag is set. A loop whose only jump
/// is its leading <c>if (c) break;</c> stays as it is, so a body without early exits keeps the tree it was
/// written as.
/// </summary>
internal sealed class JumpLowering
{
    private readonly Dictionary<LabelTarget, ParameterExpression> flags = [];
    private readonly LabelTarget returnLabel;
    private readonly ParameterExpression? result;

    private JumpLowering(LabelTarget returnLabel, ParameterExpression? result) =>
        (this.returnLabel, this.result) = (returnLabel, result);

    /// <summary>
    /// The body without jumps outside the leading test of a loop. <paramref name="body"/> is either an expression
    /// or a block ending with the label that its returns jump to.
    /// </summary>
    public static Expression Apply(Expression body)
    {
        if (body is not BlockExpression { Result: LabelExpression end } block || !Jumps.In(body)) return body;
        var statements = block.Expressions.Take(block.Expressions.Count - 1).ToList();
        Expression? final = null;
        // The common `…; return e;` at the end needs no flag: e is the block's value.
        if (statements is [.., GotoExpression { Value: { } last } ret] && ret.Target == end.Target
            && !statements.Take(statements.Count - 1).Any(s => JumpsTo(s, end.Target)))
        {
            final = last;
            statements.RemoveAt(statements.Count - 1);
        }
        var result = final is null ? Expression.Variable(end.Type, "result") : null;
        var lowering = new JumpLowering(end.Target, result);
        var lowered = lowering.Sequence(statements, out _);
        var variables = block.Variables.Concat(lowering.flags.Values);
        if (result is not null) variables = variables.Append(result);
        return Expression.Block(end.Type, variables, [.. lowered, final ?? result!]);
    }

    /// <summary>
    /// <see cref="Apply"/> to <paramref name="body"/> and, innermost first, to the body of each lambda in it: a
    /// statement lambda of a generated method (<c>Ops.Sum(n, i =&gt; { …; return s; })</c>) ends with its own return label.
    /// </summary>
    public static Expression ApplyThroughout(Expression body) => Apply(StackGuard.Run(() => new NestedLambdas().Visit(body)!));

    private sealed class NestedLambdas : ExpressionVisitor
    {
        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            var body = Apply(Visit(node.Body)!);
            return body == node.Body ? node : Expression.Lambda<T>(body, node.Name, node.TailCall, node.Parameters);
        }
    }

    private ParameterExpression Flag(LabelTarget target)
    {
        if (!flags.TryGetValue(target, out var flag)) flags[target] = flag = Expression.Variable(typeof(bool), "jumped_" + (target.Name ?? "label"));
        return flag;
    }

    /// <summary>Statements in order; each one after a possible jump is guarded by the flags still pending there.</summary>
    private List<Expression> Sequence(IEnumerable<Expression> statements, out HashSet<LabelTarget> escapes)
    {
        var output = new List<Expression>();
        var pending = new HashSet<LabelTarget>();
        var guarded = new List<Expression>();
        HashSet<LabelTarget>? guardedBy = null;
        void Flush()
        {
            if (guarded.Count == 0) return;
            output.Add(Expression.IfThen(Expression.Not(AnySet(guardedBy!)), Expression.Block(typeof(void), guarded)));
            guarded = [];
        }
        foreach (var statement in statements)
        {
            if (statement is LabelExpression label)
            {
                Flush();
                if (pending.Remove(label.Target)) output.Add(Expression.Assign(Flag(label.Target), Expression.Constant(false)));
                guardedBy = null;
                continue;
            }
            var lowered = Statement(statement, out var jumps);
            if (pending.Count == 0) output.Add(lowered);
            else
            {
                if (guardedBy is null || !guardedBy.SetEquals(pending)) { Flush(); guardedBy = [.. pending]; }
                guarded.Add(lowered);
            }
            pending.UnionWith(jumps);
        }
        Flush();
        escapes = pending;
        return output;
    }

    private Expression Statement(Expression node, out HashSet<LabelTarget> escapes)
    {
        escapes = [];
        if (!Jumps.In(node)) return node;
        switch (node)
        {
            case GotoExpression jump:
                escapes.Add(jump.Target);
                var set = Expression.Assign(Flag(jump.Target), Expression.Constant(true));
                if (jump.Value is null) return set;
                if (jump.Target != returnLabel || result is null)
                    throw UnsupportedExpressionException.Node(jump, "ExprGrad differentiates a jump with a value only as a return.");
                return Expression.Block(typeof(void), Expression.Assign(result, jump.Value), set);
            case BlockExpression block:
                return Expression.Block(typeof(void), block.Variables, NonEmpty(Sequence(block.Expressions, out escapes)));
            case ConditionalExpression { Type: var t } c when t == typeof(void):
                var whenTrue = Statement(c.IfTrue, out var a);
                var whenFalse = Statement(c.IfFalse, out var b);
                escapes = [.. a, .. b];
                return Expression.IfThenElse(c.Test, whenTrue, whenFalse);
            case LoopExpression loop:
                return Loop(loop, out escapes);
            default:
                throw UnsupportedExpressionException.Node(node, "ExprGrad differentiates jumps only as statements of blocks, if-statements and loops.");
        }
    }

    /// <summary>A loop with jumps inside: <c>loop { if (any flag || c) break; rest }</c>, its own break flag
    /// cleared before it starts.</summary>
    private Expression Loop(LoopExpression loop, out HashSet<LabelTarget> escapes)
    {
        var exit = loop.BreakLabel ?? Expression.Label("break");
        var locals = loop.Body is BlockExpression b ? b.Variables : [];
        IReadOnlyList<Expression> items = loop.Body is BlockExpression block ? block.Expressions : [loop.Body];
        Expression? test = null;
        if (items is [ConditionalExpression { IfTrue: GotoExpression jump, IfFalse: DefaultExpression } first, ..] && jump.Target == exit && jump.Value is null)
            (test, items) = (first.Test, items.Skip(1).ToArray());
        var rest = loop.ContinueLabel is { } next ? [.. items, Expression.Label(next)] : items;
        var body = Sequence(rest, out var inner);
        escapes = [.. inner.Where(t => t != exit)];
        var leave = inner.Count == 0 ? test : test is null ? AnySet(inner) : Expression.OrElse(AnySet(inner), test);
        if (leave is null)
            throw UnsupportedExpressionException.Node(loop, "A loop without a test or a break never ends.");
        var lowered = Expression.Loop(Expression.Block(typeof(void), locals, [Expression.IfThen(leave, Expression.Break(exit)), .. body]), exit);
        return inner.Contains(exit) ? Expression.Block(Expression.Assign(Flag(exit), Expression.Constant(false)), lowered) : lowered;
    }

    private Expression AnySet(IEnumerable<LabelTarget> targets) =>
        targets.Select(t => (Expression)Flag(t)).Aggregate(Expression.OrElse);

    private static IEnumerable<Expression> NonEmpty(List<Expression> statements) =>
        statements.Count == 0 ? [Expression.Empty()] : statements;

    private static bool JumpsTo(Expression statement, LabelTarget target) =>
        Jumps.In(statement) && new TargetFinder(target).Finds(statement);

    private sealed class TargetFinder(LabelTarget target) : ExpressionVisitor
    {
        private bool found;

        public bool Finds(Expression e)
        {
            StackGuard.Run(() => Visit(e));
            return found;
        }

        protected override Expression VisitGoto(GotoExpression node)
        {
            found |= node.Target == target;
            return base.VisitGoto(node);
        }
    }
}
