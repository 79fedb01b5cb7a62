using System.Linq.Expressions;

namespace ExprGrad;

internal sealed partial class Linearizer
{
    /// <summary>
    /// A while-loop: <c>loop { if (c) break; body }</c> or <c>loop { if (c) body else break; }</c>, where the break
    /// may follow statements that assign only the loop body's own variables (<c>d = x[i]; if (d &gt; 0) break;</c>):
    /// they belong to the test. Its states are the outer variables the body assigns; the trip count may depend on
    /// the data.
    /// </summary>
    private void WhileLoop(LoopExpression loop, Scope scope)
    {
        if (loop.Body is BlockExpression original && Versioned(original) is var versioned && versioned != original)
            loop = Expression.Loop(versioned, loop.BreakLabel, loop.ContinueLabel);
        var (prefix, continueWhen, statements, locals) = WhileShape(loop);
        var assigned = AssignedVariables.In([.. statements]).Where(v => !locals.Contains(v)).ToArray();
        var initials = assigned.Select(v => Current(v, scope)).ToArray();
        var body = scope.Child(isLoopBody: true);
        var states = assigned.Select(v => slots.Variable(v.Type, "s_" + v.Name)).ToArray();
        for (int i = 0; i < assigned.Length; i++)
        {
            owners[states[i]] = body.Tape;
            if (TensorTypes.IsDifferentiable(states[i].Type)) active.Add(states[i]);
            body.Bind(assigned[i], states[i]);
            if (writtenInPlace.Contains(assigned[i])) inPlaceStates.Add(states[i]);
        }
        var block = loop.Body as BlockExpression;
        var outer = block is null ? [] : Declare(block, body);
        foreach (var s in prefix) Statement(s, body);
        var condition = Atom(continueWhen, body);
        int conditionLength = body.Tape.Steps.Count;
        int writesBefore = inPlaceWrites;
        foreach (var s in statements) Statement(s, body);
        // Time stepping: the state's adjoint meets the in-place writes' (a step fills a fresh version from it, or
        // copies it into one). Carried in one array of its own, it needs no copy per iteration to be cleared.
        if (inPlaceWrites > writesBefore)
            foreach (var state in states.Where(s => s.Type == typeof(double[]) || s.Type == typeof(double[,]))) inPlaceStates.Add(state);
        var nexts = assigned.Select(v => Current(v, body)).ToArray();
        if (block is not null) Undeclare(block, outer);

        var outputs = assigned.Select(v => NewSlot(v.Type, v.Name ?? "v", scope)).ToArray();
        var count = slots.Variable(typeof(int), "iterations");
        var trails = assigned.Select(v => slots.Variable(typeof(Trail<>).MakeGenericType(v.Type), "trail_" + v.Name)).ToArray();
        var carries = assigned.Select(v => TensorTypes.IsDifferentiable(v.Type) ? slots.Variable(v.Type, "carry_" + v.Name) : null!).ToArray();
        if (outputs.Length == 0) return;
        scope.Tape.Steps.Add(new LoopStep(outputs, initials, states, body.Tape, conditionLength, condition, nexts, count, trails, carries));

        bool anyActive = initials.Any(active.Contains) || ReadsOuterActive(body.Tape, nexts);
        for (int i = 0; i < assigned.Length; i++)
        {
            if (anyActive && TensorTypes.IsDifferentiable(outputs[i].Type)) active.Add(outputs[i]);
            scope.Bind(assigned[i], outputs[i]);
        }
    }

    private static (IReadOnlyList<Expression> Prefix, Expression ContinueWhen, IReadOnlyList<Expression> Statements, IReadOnlyList<ParameterExpression> Locals)
        WhileShape(LoopExpression loop)
    {
        var label = loop.BreakLabel;
        IReadOnlyList<ParameterExpression> locals = loop.Body is BlockExpression b ? b.Variables : [];
        IReadOnlyList<Expression> items = loop.Body is BlockExpression block ? block.Expressions : [loop.Body];
        bool IsBreak(Expression e) => e is GotoExpression g && g.Target == label;
        if (label is not null && items.Count == 1 && items[0] is ConditionalExpression only && IsBreak(only.IfFalse))
            return ([], only.Test, WithoutContinue([only.IfTrue], loop.ContinueLabel), locals);
        for (int at = 0; label is not null && at < items.Count; at++)
        {
            if (items[at] is ConditionalExpression { IfFalse: DefaultExpression } test && IsBreak(test.IfTrue))
            {
                var prefix = items.Take(at).ToArray();
                // Statements before the break run once more than the rest, in the iteration that leaves: harmless
                // when they assign only the body's own variables, which nothing after the loop sees.
                if (prefix.Any(Jumps.In) || AssignedVariables.In(prefix).Any(v => !locals.Contains(v))) break;
                return (prefix, Expression.Not(test.Test), WithoutContinue(items.Skip(at + 1).ToArray(), loop.ContinueLabel), locals);
            }
        }
        throw UnsupportedExpressionException.Node(loop,
            "ExprGrad differentiates loops of the form loop { if (c) break; … } or loop { if (c) { … } else break; }, where "
            + "statements before the break may assign only the loop body's own variables.");
    }

    /// <summary><c>s₁; if (c) continue; s₂…</c> is <c>s₁; if (!c) { s₂… }</c>: structured, so the body stays
    /// a plain sequence of statements.</summary>
    private static Expression[] WithoutContinue(IReadOnlyList<Expression> statements, LabelTarget? continueLabel)
    {
        var flat = statements.Count == 1 && statements[0] is BlockExpression { Variables.Count: 0 } b ? b.Expressions : statements;
        if (continueLabel is null) return [.. flat];
        var result = new List<Expression>();
        for (int i = 0; i < flat.Count; i++)
        {
            var s = flat[i];
            if (s is GotoExpression g && g.Target == continueLabel) break;
            if (s is ConditionalExpression { IfTrue: GotoExpression jump, IfFalse: DefaultExpression } c && jump.Target == continueLabel)
            {
                var rest = WithoutContinue(flat.Skip(i + 1).ToArray(), continueLabel);
                if (rest.Length > 0) result.Add(Expression.IfThen(Expression.Not(c.Test), Expression.Block(typeof(void), rest)));
                break;
            }
            result.Add(s);
        }
        return [.. result];
    }
}
