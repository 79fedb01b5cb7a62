using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad;

/// <summary>
/// Stage 1: brings every surface form to the core's. <c>Enumerable.Range(a, n).Sum(i =&gt; …)</c> becomes
/// <c>Ops.Sum</c>, and the other LINQ forms loops too (<c>….Select(…).ToArray()</c> becomes <c>Ops.Vector</c>); invoked lambdas and single-assignment blocks (how F# writes <c>let</c>) become
/// <c>Ops.Let</c>; <c>double.Sin</c>-style generic-math calls and the Power node become System.Math calls;
/// F# operator witnesses are handled by <see cref="FSharpOperatorRewriter"/>; a call to a
/// <see cref="DifferentiableAttribute"/> method becomes its body. Closure reads are left as
/// they are, so they are evaluated each time the gradient is called.
/// </summary>
internal sealed partial class Normalizer : ExpressionVisitor
{
    private static readonly MethodInfo EnumerableRange = typeof(Enumerable).GetMethod(nameof(Enumerable.Range))!;
    private static readonly MethodInfo MathPow = typeof(Math).GetMethod(nameof(Math.Pow))!;

    private readonly GradientOptions options;

    /// <summary>The rules that nested <c>Ops.Derivative</c> calls are expanded with: the compilation's snapshot.</summary>
    private readonly RuleSet rules;

    private Normalizer(GradientOptions options, RuleSet rules)
    {
        this.options = options;
        this.rules = rules;
    }

    /// <param name="function">The function as the user wrote it.</param>
    /// <param name="options">Which optional passes run.</param>
    /// <param name="rules">The compilation's rule snapshot.</param>
    public static LambdaExpression Run(LambdaExpression function, GradientOptions options, RuleSet rules)
    {
        // Second names are replaced before nested derivatives are expanded: forward mode would copy them to the tangents.
        var body = new Normalizer(options, rules).Visit(ArrayAliases.Run(FSharpOperatorRewriter.Rewrite(function.Body)))!;
        SharedArrayWrites.Check(body);
        return body == function.Body ? function : Expression.Lambda(function.Type, body, function.Name, function.Parameters);
    }

    public override Expression? Visit(Expression? node) =>
        node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

    private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        if (InlinedMethod(node) is { } inlined) return inlined;
        if (RangeSum(node) is { } sum) return Visit(sum)!;
        if (LinqLoop(node) is { } loop) return Visit(loop)!;
        if (node.Method == OpsMethods.Derivative) return Visit(NestedDerivative(node))!;
        if (node.Method.DeclaringType == typeof(double) && node.Object is null && MathEquivalent(node.Method) is { } math)
            return Visit(Expression.Call(math, node.Arguments))!;
        // Pow(x, 2) costs a libm call forward and another in its rule; x·x is one multiply and its rule reuses x.
        if (options.SquareAsProduct && node.Method == MathPow && node.Arguments[1] is ConstantExpression { Value: 2.0 })
        {
            var p = Expression.Parameter(typeof(double), "square");
            return Visit(Let(node.Arguments[0], p, Expression.Multiply(p, p)))!;
        }
        return base.VisitMethodCall(node);
    }

    protected override Expression VisitBinary(BinaryExpression node)
    {
        if (node.NodeType == ExpressionType.Power && node.Type == typeof(double))
            return Visit(Expression.Call(MathPow, node.Left, node.Right))!;
        if (options.RecognizeSigmoid && SigmoidArgument(node) is { } z)
            return Expression.Call(typeof(Ops), nameof(Ops.Sigmoid), null, Visit(z)!);
        return base.VisitBinary(node);
    }

    /// <summary>
    /// z when <paramref name="node"/> is <c>1 / (1 + Math.Exp(−z))</c> (or <c>… / (Math.Exp(−z) + 1)</c>): Ops.Sigmoid(z) computes
    /// exactly that, so the value is the same bit for bit, and its rule g·σ·(1 − σ) is the hand-written one, where the
    /// quotient's and Exp's rules multiply by σ², by e^−z and guard e^−z's overflow.
    /// </summary>
    private static Expression? SigmoidArgument(BinaryExpression node)
    {
        if (node is not { NodeType: ExpressionType.Divide, Method: null, Left: ConstantExpression { Value: 1.0 }, Right: BinaryExpression { NodeType: ExpressionType.Add, Method: null } sum })
            return null;
        var exp = sum.Left is ConstantExpression { Value: 1.0 } ? sum.Right : sum.Right is ConstantExpression { Value: 1.0 } ? sum.Left : null;
        return exp is MethodCallExpression { Method: { Name: nameof(Math.Exp), DeclaringType: var type }, Arguments: [UnaryExpression { NodeType: ExpressionType.Negate, Method: null } negated] }
            && type == typeof(Math) && negated.Type == typeof(double) ? negated.Operand : null;
    }

    protected override Expression VisitInvocation(InvocationExpression node)
    {
        // C# writes an invoked lambda literal, ((Func<double, double>)(y => …))(x), as Invoke(Convert(lambda)).
        var target = node.Expression is UnaryExpression { NodeType: ExpressionType.Convert, Operand: LambdaExpression converted } convert
                     && convert.Type == converted.Type ? converted : node.Expression;
        if (target is not LambdaExpression lambda) return base.VisitInvocation(node);
        Expression body = lambda.Body;
        for (int i = lambda.Parameters.Count - 1; i >= 0; i--)
            body = Let(node.Arguments[i], lambda.Parameters[i], body);
        return Visit(body)!;
    }

    /// <summary>A try region becomes a probe and the statements it saw complete (<see cref="TryRegions"/>).</summary>
    protected override Expression VisitTry(TryExpression node) => Visit(TryRegions.Lower(node))!;

    /// <summary>A block whose variables are each assigned once, before any other statement, is a chain of lets.</summary>
    protected override Expression VisitBlock(BlockExpression node)
    {
        var expressions = node.Expressions;
        int n = node.Variables.Count;
        if (n == 0 && expressions.Count == 1) return Visit(expressions[0])!;
        if (n == 0 || expressions.Count != n + 1) return base.VisitBlock(node);
        // A statement block, or one whose result assigns, is imperative code: a let would hide the assignment.
        if (node.Type == typeof(void) || AssignedVariables.In(expressions[n]).Count > 0) return base.VisitBlock(node);
        for (int i = 0; i < n; i++)
            if (expressions[i] is not BinaryExpression { NodeType: ExpressionType.Assign, Left: ParameterExpression v } || v != node.Variables[i])
                return base.VisitBlock(node);
        Expression body = expressions[n];
        for (int i = n - 1; i >= 0; i--)
            body = Let(((BinaryExpression)expressions[i]).Right, node.Variables[i], body);
        return Visit(body)!;
    }

    /// <summary><c>Ops.Derivative(y =&gt; body, at)</c> → <c>Let(at, y =&gt; ∂body/∂y)</c>, the derivative taken
    /// symbolically now so that the outer differentiation sees an ordinary expression.</summary>
    private Expression NestedDerivative(MethodCallExpression node)
    {
        var quoted = node.Arguments[0] is UnaryExpression { NodeType: ExpressionType.Quote } q ? q.Operand : null;
        if (quoted is not LambdaExpression lambda)
            throw UnsupportedExpressionException.Node(node, "Ops.Derivative needs a lambda written in place.");
        var inner = (LambdaExpression)Visit(lambda)!;
        var derivative = TangentTransformer.Derivative(inner, rules);
        return Let(node.Arguments[1], derivative.Parameters[0], derivative.Body);
    }

    private static Expression Let(Expression value, ParameterExpression variable, Expression body)
    {
        var let = OpsMethods.Let.MakeGenericMethod(variable.Type, body.Type);
        return Expression.Call(let, value, Expression.Lambda(body, variable));
    }

    /// <summary>
    /// LINQ sums as index loops: <c>Enumerable.Range(start, count).Sum(i =&gt; f(i))</c> → <c>Ops.Sum(count, j =&gt; f(start + j))</c>;
    /// over a double[], <c>xs.Sum(v =&gt; f(v))</c> → <c>Ops.Sum(xs.Length, i =&gt; f(xs[i]))</c> and <c>xs.Sum()</c> →
    /// <c>Ops.Sum(xs)</c>; <c>.Select(f).Sum()</c> likewise.
    /// </summary>
    private static Expression? RangeSum(MethodCallExpression node)
    {
        if (node.Method.DeclaringType != typeof(Enumerable) || node.Method.Name != nameof(Enumerable.Sum)) return null;
        Expression source;
        LambdaExpression? selector;
        if (node.Arguments.Count == 2) (source, selector) = (node.Arguments[0], node.Arguments[1] as LambdaExpression);
        else if (node.Arguments is [MethodCallExpression { Method.Name: nameof(Enumerable.Select), Arguments: [var s, LambdaExpression sel] }])
            (source, selector) = (s, sel);
        else if (node.Arguments is [var whole] && ArraySource(whole) is { } array && node.Type == typeof(double))
            return Expression.Call(typeof(Ops), nameof(Ops.Sum), null, array);
        else return null;
        if (selector is not { Parameters.Count: 1, ReturnType: var rt } || rt != typeof(double)) return null;

        if (source is MethodCallExpression { Method: var range, Arguments: [var start, var count] } && range == EnumerableRange)
        {
            var j = Expression.Parameter(typeof(int), selector.Parameters[0].Name);
            Expression index = start is ConstantExpression { Value: 0 } ? j : Expression.Add(start, j);
            return Expression.Call(OpsMethods.Sum, count, Expression.Lambda<Func<int, double>>(Rebind(selector, index), j));
        }
        if (ArraySource(source) is { } values && selector.Parameters[0].Type == typeof(double))
        {
            // The array is named once, so an expression that computes it is evaluated once.
            var xs = Expression.Parameter(typeof(double[]), "values");
            var i = Expression.Parameter(typeof(int), "i");
            var loop = Expression.Call(OpsMethods.Sum, Expression.ArrayLength(xs),
                Expression.Lambda<Func<int, double>>(Rebind(selector, Expression.ArrayIndex(xs, i)), i));
            return Let(values, xs, loop);
        }
        return null;
    }

    private static Expression Rebind(LambdaExpression selector, Expression argument) =>
        ParameterSubstitution.Apply(selector.Body, new Dictionary<ParameterExpression, Expression> { [selector.Parameters[0]] = argument });

    /// <summary>The double[] behind an <c>IEnumerable&lt;double&gt;</c> argument, if it is one.</summary>
    private static Expression? ArraySource(Expression source) =>
        source.Type == typeof(double[]) ? source
        : source is UnaryExpression { NodeType: ExpressionType.Convert, Operand: { Type: var t } operand } && t == typeof(double[]) ? operand
        : null;

    private static MethodInfo? MathEquivalent(MethodInfo method)
    {
        var types = method.GetParameters().Select(p => p.ParameterType).ToArray();
        if (types.Any(t => t != typeof(double)) || method.ReturnType != typeof(double)) return null;
        return typeof(Math).GetMethod(method.Name, types);
    }
}
