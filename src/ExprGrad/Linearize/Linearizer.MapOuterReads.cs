using System.Linq.Expressions;

namespace ExprGrad;

internal sealed partial class Linearizer
{
    // The element's gradient program is built like Grad.Of's, over at most eight parameters.
    private const int MostOuterReads = 7;

    /// <summary>
    /// <c>Ops.Map(a, v =&gt; f(v, c₁ … cₖ))</c> whose lambda reads values of the program around it — a parameter, a
    /// value computed before the Map, an enclosing loop's index. Those reads become arguments of the Map's
    /// primitive, so enclosing loops store or recompute them like any other argument; f is compiled as a
    /// function of v and all of them, and its gradient gives both adjoints: g ⊙ ∂f/∂v for a, and
    /// Σᵢ gᵢ·∂f/∂cⱼ(aᵢ) for each differentiable cⱼ (read once per element, so its adjoint gathers every element's).
    /// An element of an outer array read at an index that does not depend on the element is such a number too
    /// (<see cref="OuterElementReads"/>).
    /// </summary>
    private Expression MapReadingOuterValues(MethodCallExpression call, Expression input, LambdaExpression element,
        IReadOnlyList<ParameterExpression> outer, Scope scope)
    {
        var forward = Elementwise.Build(input, index => Expression.Invoke(element, Expression.ArrayAccess(input, index)));
        if (!active.Contains(input) && !outer.Any(active.Contains)) return Passive(forward, scope);

        var (body, elementReads) = OuterElementReads.Hoist(element.Body, outer);
        var numbers = FreeParameters.Of(body, element.Parameters).Where(read => !elementReads.Any(e => e.Number == read)).ToList();
        foreach (var read in numbers)
            if (!IsLiftableToDouble(read.Type))
                throw UnsupportedExpressionException.Node(call,
                    $"Map's lambda reads '{read.Name}', a {read.Type.Name}, from outside its own parameter other than by an element at a fixed index; it can read numbers (double, int, long, bool) and such elements from outside. Read what you need outside the Map: Ops.Let(Ops.Sum(v), s => Ops.Map(a, x => … s …)).");
        if (numbers.Count + elementReads.Count > MostOuterReads)
            throw UnsupportedExpressionException.Node(call,
                $"Map's lambda reads {numbers.Count + elementReads.Count} values from outside its own parameter; at most {MostOuterReads} are supported. Compute what it needs into fewer values first.");

        var arguments = numbers.Select(read => (Expression)read).Concat(elementReads.Select(e => Atom(e.Read, scope))).ToArray();
        var lifted = numbers.Select(read => Expression.Parameter(typeof(double), "outer_" + read.Name)).Concat(elementReads.Select(e => e.Number)).ToArray();
        var liftedBody = ParameterSubstitution.Apply(body,
            numbers.Select((read, j) => (read, value: FromDouble(lifted[j], read.Type))).ToDictionary(p => p.read, p => p.value));
        var gradient = Pipeline.Build(Expression.Lambda(liftedBody, [element.Parameters[0], .. lifted]), ProgramKind.Gradient, options, rules);

        var (g, y, a) = (Expression.Parameter(input.Type, "g"), Expression.Parameter(input.Type, "y"), Expression.Parameter(input.Type, "a"));
        var reads = arguments.Select((argument, j) => Expression.Parameter(argument.Type, lifted[j].Name)).ToArray();
        Expression Partial(IReadOnlyList<Expression> index, int argument) => ValueTuples.Item(
            Expression.Invoke(gradient, [Expression.ArrayAccess(a, index), .. reads.Select(ToDouble)]), argument);
        LambdaExpression Adjoint(Expression adjointBody) => Expression.Lambda(adjointBody, [g, y, a, .. reads]);

        var adjoints = new LambdaExpression?[arguments.Length + 1];
        if (active.Contains(input))
            adjoints[0] = Adjoint(Elementwise.Build(a, index => ZeroAdjointGuard.Times(Expression.ArrayAccess(g, index), Partial(index, 0))));
        for (int j = 0; j < arguments.Length; j++)
            if (active.Contains(arguments[j]) && arguments[j].Type == typeof(double))
            {
                int argument = j + 1;
                adjoints[argument] = Adjoint(Elementwise.Sum(a, index => ZeroAdjointGuard.Times(Expression.ArrayAccess(g, index), Partial(index, argument))));
            }
        var output = NewSlot(input.Type, "map", scope);
        scope.Tape.Steps.Add(new PrimitiveStep(output, forward, new Rule("Ops.Map", adjoints, tangent: null), [input, .. arguments]));
        active.Add(output);
        return output;
    }

    private static bool IsLiftableToDouble(Type type) =>
        type == typeof(double) || type == typeof(int) || type == typeof(long) || type == typeof(bool);

    private static Expression FromDouble(Expression value, Type type) =>
        type == typeof(double) ? value
        : type == typeof(bool) ? Expression.NotEqual(value, Expression.Constant(0.0))
        : Expression.Convert(value, type);

    private static Expression ToDouble(Expression value) =>
        value.Type == typeof(double) ? value
        : value.Type == typeof(bool) ? Expression.Condition(value, Expression.Constant(1.0), Expression.Constant(0.0))
        : Expression.Convert(value, typeof(double));
}
