using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// A try region (<see cref="TryExpression"/>: catch handlers with or without filters, a finally or fault block)
/// lowered onto what the core differentiates. The tape has no handler, so the region is run twice: first a
/// probe, compiled on its own with the region's real <c>try</c>, runs the body on copies of the state it writes
/// and counts the statements that completed before a throw (and which handler caught it); then the program
/// runs exactly those statements, each guarded by the count, and the handler that caught. The statements that ran
/// are the ones the forward pass records, so the backward pass reverses those and nothing else, and the gradient
/// is the derivative of the path that produced the value. The program is deterministic, so the second run takes
/// the path the probe took.
/// </summary>
/// <remarks>
/// A statement is a unit: an assignment, a statement that writes nothing, or an <c>if</c> whose branches are
/// walked unit by unit (its test is a unit of its own). A loop, or any other statement that writes state and
/// can throw part way, is one unit the probe watches: a throw inside it would leave its writes half done, which
/// no count can replay, so the probe then throws <see cref="NotSupportedException"/> naming it.
/// </remarks>
internal sealed class TryRegions
{
    private readonly ParameterExpression progress = Expression.Variable(typeof(int), "tryProgress");
    private readonly ParameterExpression watched = Expression.Variable(typeof(int), "tryWatched");
    private readonly List<string> watchedUnits = [];

    /// <summary>The probe's instrumented code, then the program's guarded code, of one unit.</summary>
    private readonly record struct Unit(Expression Probe, Expression Guarded, int After);

    /// <summary>The region as statements the core differentiates, with the probe called first.</summary>
    public static Expression Lower(TryExpression node) => new TryRegions().LowerRegion(node);

    private Expression LowerRegion(TryExpression node)
    {
        foreach (var handler in node.Handlers)
        {
            if (handler.Variable is { } e && TryProbe.Mentions(handler.Body, e))
                throw new UnsupportedExpressionException(node,
                    $"The handler uses the exception '{e.Name}' as a value, which the gradient cannot carry.",
                    "use the exception only in the handler's filter, or compute the handler's value without it.");
        }
        var result = node.Type == typeof(void) ? null : Expression.Variable(node.Type, "tryResult");
        var body = result is null ? Statement(node.Body, 0) : ResultOf(node.Body, 0, result);

        // The probe: the body instrumented, under the region's own handlers, each of which only notes that it caught.
        // A handler that may rethrow runs in the probe too (inside a real catch, where rethrow means something); the
        // finally or fault block runs in the probe only when the exception leaves the region, as it would.
        var caught = Expression.Variable(typeof(int), "tryCaught");
        var catches = node.Handlers.Select((h, i) =>
        {
            var variable = h.Variable ?? Expression.Variable(h.Test, "tryException");
            Expression noted = Expression.Block(typeof(void),
                Expression.Call(typeof(TryProbe), nameof(TryProbe.Check), null, watched, Expression.Constant(watchedUnits.ToArray()), variable),
                Expression.Assign(caught, Expression.Constant(i + 1)));
            if (TryProbe.Rethrows(h.Body)) noted = Expression.Block(typeof(void), noted, h.Body);
            return Expression.MakeCatchBlock(h.Test, variable, noted, h.Filter);
        }).ToArray();
        Expression probeBody = Expression.Block(typeof(void), body.Probe);
        probeBody = catches.Length == 0 ? probeBody : Expression.TryCatch(probeBody, catches);
        if ((node.Finally ?? node.Fault) is { } cleanup)
            probeBody = Expression.TryFault(probeBody, Expression.Block(typeof(void), cleanup));
        var outcome = TryProbe.Compile(node, [progress, watched, caught], Expression.Block(
            Expression.Assign(watched, Expression.Constant(-1)),
            probeBody,
            // progress · (handlers + 1) + the handler that caught (0: none).
            Expression.Add(Expression.Multiply(progress, Expression.Constant(node.Handlers.Count + 1)), caught)));

        var code = Expression.Variable(typeof(int), "tryOutcome");
        var handled = Expression.Variable(typeof(int), "tryHandler");
        var statements = new List<Expression>
        {
            Expression.Assign(code, outcome),
            Expression.Assign(progress, Expression.Divide(code, Expression.Constant(node.Handlers.Count + 1))),
            Expression.Assign(handled, Expression.Modulo(code, Expression.Constant(node.Handlers.Count + 1))),
            body.Guarded,
        };
        for (int i = 0; i < node.Handlers.Count; i++)
        {
            var h = TryProbe.WithoutRethrow(node.Handlers[i].Body);
            statements.Add(Expression.IfThen(Expression.Equal(handled, Expression.Constant(i + 1)),
                result is null ? Expression.Block(typeof(void), h) : Expression.Assign(result, h)));
        }
        if (node.Finally is { } @finally) statements.Add(Expression.Block(typeof(void), @finally));
        if (result is not null) statements.Add(result);
        ParameterExpression[] variables = result is null ? [code, progress, handled] : [code, progress, handled, result];
        return Expression.Block(node.Type, variables, statements);
    }

    /// <summary>A statement starting at unit <paramref name="n"/>.</summary>
    private Unit Statement(Expression node, int n)
    {
        switch (node)
        {
            case BlockExpression block:
            {
                var units = new List<Unit>();
                foreach (var s in block.Expressions)
                {
                    var u = Statement(s, n);
                    units.Add(u);
                    n = u.After;
                }
                return new Unit(Expression.Block(typeof(void), block.Variables, units.Select(u => u.Probe).Append(Expression.Empty())),
                    Expression.Block(typeof(void), block.Variables, units.Select(u => u.Guarded).Append(Expression.Empty())), n);
            }
            case ConditionalExpression c when AssignedVariables.In(c.IfTrue, c.IfFalse).Count > 0 && !TryProbe.Writes(c.Test):
                return Branch(c, n, (e, m) => Statement(e, m));
        }
        if (!TryProbe.Writes(node))
            return new Unit(Expression.Block(typeof(void), node, Reach(n + 1)), Expression.Empty(), n + 1);
        return Atomic(node, n, AssignedVariables.TargetOf(node) is not null && !TryProbe.Writes(Operands(node)));
    }

    /// <summary>The body's value, assigned to <paramref name="result"/> when the body completes.</summary>
    private Unit ResultOf(Expression node, int n, ParameterExpression result)
    {
        switch (node)
        {
            case BlockExpression block:
            {
                var units = new List<Unit>();
                for (int i = 0; i < block.Expressions.Count - 1; i++)
                {
                    var u = Statement(block.Expressions[i], n);
                    units.Add(u);
                    n = u.After;
                }
                var last = ResultOf(block.Result, n, result);
                units.Add(last);
                return new Unit(Expression.Block(typeof(void), block.Variables, units.Select(u => u.Probe)),
                    Expression.Block(typeof(void), block.Variables, units.Select(u => u.Guarded)), last.After);
            }
            case ConditionalExpression c when TryProbe.Writes(c.IfTrue, c.IfFalse) && !TryProbe.Writes(c.Test):
                return Branch(c, n, (e, m) => ResultOf(e, m, result));
        }
        var assign = Expression.Assign(result, node.Type == result.Type ? node : Expression.Convert(node, result.Type));
        return Atomic(assign, n, !TryProbe.Writes(node));
    }

    /// <summary>An <c>if</c> walked branch by branch: its test is unit n, each branch starts at n + 1, and both end at
    /// the larger count, so what follows has one number whichever branch ran.</summary>
    private Unit Branch(ConditionalExpression c, int n, Func<Expression, int, Unit> walk)
    {
        var whenTrue = walk(c.IfTrue, n + 1);
        var whenFalse = walk(c.IfFalse, n + 1);
        int after = Math.Max(whenTrue.After, whenFalse.After);
        var probe = Expression.IfThenElse(c.Test,
            Expression.Block(Reach(n + 1), whenTrue.Probe, Reach(after)),
            Expression.Block(Reach(n + 1), whenFalse.Probe, Reach(after)));
        var guarded = Expression.IfThen(Completed(n), Expression.IfThenElse(c.Test, whenTrue.Guarded, whenFalse.Guarded));
        return new Unit(probe, guarded, after);
    }

    /// <summary>One unit: the program runs it when the probe saw it complete. A unit that may write part of its
    /// state and then throw is watched: a throw inside it is rejected by the probe.</summary>
    private Unit Atomic(Expression node, int n, bool writesOnlyAtTheEnd)
    {
        Expression probe = Expression.Block(typeof(void), node, Reach(n + 1));
        if (!writesOnlyAtTheEnd)
        {
            if (TryProbe.ExplicitThrowIn(node) is { } thrown)
                throw new UnsupportedExpressionException(node,
                    $"A throw ({TryProbe.Describe(thrown)}) inside a loop or block that writes state, in the body of a try region: its writes before the throw cannot be replayed.",
                    "test the condition before the loop (or the block) and throw there, or move the writes after the throw.");
            watchedUnits.Add(TryProbe.Describe(node));
            probe = Expression.Block(typeof(void), Expression.Assign(watched, Expression.Constant(watchedUnits.Count - 1)), node,
                Expression.Assign(watched, Expression.Constant(-1)), Reach(n + 1));
        }
        return new Unit(probe, Expression.IfThen(Completed(n), Expression.Block(typeof(void), node)), n + 1);
    }

    private BinaryExpression Reach(int n) => Expression.Assign(progress, Expression.Constant(n));

    private BinaryExpression Completed(int n) => Expression.GreaterThan(progress, Expression.Constant(n));

    /// <summary>What an assignment computes before it writes: the value and the element's indices.</summary>
    private static Expression[] Operands(Expression assignment) => assignment switch
    {
        BinaryExpression { Left: IndexExpression ix } b => [.. ix.Arguments, b.Right],
        BinaryExpression b => [b.Right],
        _ => [],
    };
}
