using System.Linq.Expressions;

namespace ExprGrad;

internal sealed partial class Linearizer
{
    private Expression Let(MethodCallExpression call, Scope scope)
    {
        var value = Atom(call.Arguments[0], scope);
        var body = LambdaArgument(call, 1, 1);
        scope.Bind(body.Parameters[0], value);
        return Atom(body.Body, scope);
    }

    /// <summary>Σ_{i &lt; count} term(i), or <c>Ops.Vector</c>'s [term(0) … term(count − 1)]: the body becomes a nested
    /// tape replayed per index.</summary>
    private Expression Sum(MethodCallExpression call, Scope scope)
    {
        var count = Atom(call.Arguments[0], scope);
        var term = LambdaArgument(call, 1, 1);
        var body = scope.Child(isLoopBody: true);
        var index = slots.Variable(typeof(int), "i" + owners.Count);
        owners[index] = body.Tape;
        body.Bind(term.Parameters[0], index);
        var termAtom = Atom(term.Body, body);
        bool collects = call.Method == OpsMethods.Vector;
        var output = NewSlot(call.Type, collects ? "vector" : "sum", scope);
        scope.Tape.Steps.Add(new SumStep(output, count, index, body.Tape, termAtom) { Collects = collects });
        if (active.Contains(termAtom)) active.Add(output);
        return output;
    }

    /// <summary>s_{t+1} = step(s_t, t): the body becomes a nested tape; the states are the output (a double[], or a
    /// double[][] for a vector state). A checkpoint interval is kept on the stage for <see cref="CheckpointPlanner"/>.</summary>
    private Expression Scan(MethodCallExpression call, Scope scope)
    {
        var steps = Atom(call.Arguments[0], scope);
        var initial = Atom(call.Arguments[1], scope);
        var step = LambdaArgument(call, 2, 2);
        var checkpointEvery = call.Arguments.Count > 3 ? Atom(call.Arguments[3], scope) : null;
        var body = scope.Child(isLoopBody: true);
        var state = slots.Variable(step.Parameters[0].Type, "s" + owners.Count);
        var time = slots.Variable(typeof(int), "t" + owners.Count);
        owners[state] = body.Tape;
        owners[time] = body.Tape;
        // The state is treated as active while the body is linearized; whether the whole scan is
        // active is decided afterwards from what the body actually reads.
        active.Add(state);
        body.Bind(step.Parameters[0], state);
        body.Bind(step.Parameters[1], time);
        var next = Atom(step.Body, body);
        var output = NewSlot(call.Type, "states", scope);
        // A vector state is passed on by reference already; carrying its adjoint in a local is for scalars.
        var scan = new ScanStep(output, steps, initial, state, time, body.Tape, next, checkpointEvery)
            { CarriesState = options.CarryStatesInLocals && state.Type == typeof(double) };
        scope.Tape.Steps.Add(scan);
        if (active.Contains(initial) || ReadsOuterActive(body.Tape, [next]))
            active.Add(output);
        return output;
    }

    /// <summary>Whether a finished nested tape reads a differentiable value from outside itself, in one of its
    /// stages or as one of its <paramref name="results"/> (a body that returns an outer value unchanged,
    /// shared with a stage outside, has no stage of its own). Asked afresh each time: activity grows while the
    /// tree is linearized, so answers are not cached.</summary>
    private bool ReadsOuterActive(Tape body, IEnumerable<Expression> results) =>
        new TapeAnalysis(active, owners).FreeActiveAtoms(body).Count > 0
        || results.Any(r => active.Contains(r) && owners.TryGetValue(r, out var owner) && !body.Encloses(owner));

    private static LambdaExpression LambdaArgument(MethodCallExpression call, int position, int arity)
    {
        var argument = call.Arguments[position];
        if (argument is UnaryExpression { NodeType: ExpressionType.Quote } quote) argument = quote.Operand;
        if (argument is LambdaExpression lambda && lambda.Parameters.Count == arity) return lambda;
        throw UnsupportedExpressionException.Node(call,
            $"{call.Method.Name} needs a lambda written in place as argument {position + 1}, not a delegate value.");
    }
}
