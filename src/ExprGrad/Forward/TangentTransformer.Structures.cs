using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad;

/// <summary>
/// Tangents of the language's structure rather than its primitives: <c>Ops.Let</c>, <c>Ops.Sum</c>,
/// <c>Ops.Vector</c>, <c>Ops.Scan</c>, <c>Ops.Map</c>, and the trails a loop's forward pass keeps for its backward pass. Each
/// tangent is written back in the same surface language (a Let, a Sum, a Scan, a Map), so a nested
/// <c>Ops.Derivative</c> expands into a tree the outer reverse sweep already differentiates.
/// </summary>
internal sealed partial class TangentTransformer
{
    private static readonly MethodInfo? MatrixMap = typeof(Ops).GetMethod(nameof(Ops.Map), [typeof(double[,]), typeof(Func<double, double>)]);
    private static readonly MethodInfo? VectorMap = typeof(Ops).GetMethod(nameof(Ops.Map), [typeof(double[]), typeof(Func<double, double>)]);

    /// <summary>The tangent of a structural Ops call, or <c>false</c> when <paramref name="call"/> is a primitive.</summary>
    private bool TryStructure(MethodCallExpression call, out Expression? tangent)
    {
        tangent = null;
        var method = call.Method;
        if (method.IsGenericMethod && method.GetGenericMethodDefinition() == OpsMethods.Let) tangent = LetTangent(call);
        else if (method == OpsMethods.Sum || method == OpsMethods.Vector) tangent = SumTangent(call);
        else if (OpsMethods.IsScan(method)) tangent = ScanTangent(call);
        else if (method == MatrixMap || method == VectorMap) tangent = MapTangent(call);
        else if (call.Object is { Type: var t } trail && IsTrail(t) && method.Name == nameof(Trail<double>.Get))
            tangent = trail is ParameterExpression p && tangents.TryGetValue(p, out var dot) ? Expression.Call(dot, method, call.Arguments) : null;
        else return false;
        return true;
    }

    /// <summary><c>Let(v, x =&gt; body)</c>: ẋ is bound beside x, <c>Let(v, x =&gt; Let(v̇, ẋ =&gt; bodẏ))</c>.</summary>
    private Expression? LetTangent(MethodCallExpression call)
    {
        var (value, body) = (call.Arguments[0], Lambda(call.Arguments[1]));
        var x = body.Parameters[0];
        var dotValue = CarriesTangent(x.Type) ? Tangent(value) : null;
        var dx = dotValue is null ? null : Expression.Parameter(x.Type, "d_" + x.Name);
        var dotBody = WithTangent(x, dx, () => Tangent(body.Body));
        if (dotBody is null) return null;
        if (dx is not null) dotBody = Let(dotValue!, dx, dotBody);
        return Let(value, x, dotBody);
    }

    /// <summary><c>Σ term(i)</c> is linear: its tangent is <c>Σ terṁ(i)</c>; likewise <c>Vector(n, i =&gt; terṁ(i))</c>.</summary>
    private Expression? SumTangent(MethodCallExpression call)
    {
        var term = Lambda(call.Arguments[1]);
        return Tangent(term.Body) is { } dot ? Expression.Call(call.Method, call.Arguments[0], Expression.Lambda(dot, term.Parameters)) : null;
    }

    /// <summary>
    /// The states s₀…sₙ of <c>Scan(n, s₀, step)</c> have tangents ṡ₀ = ṡ(initial), ṡₜ₊₁ = steṗ(sₜ, t; ṡₜ): a second
    /// scan over the tangent alone, which reads the primal states from the first one's result (by index, so a
    /// checkpointed scan's tangent is checkpointed too once a reverse sweep differentiates it).
    /// </summary>
    private Expression? ScanTangent(MethodCallExpression call)
    {
        var step = Lambda(call.Arguments[2]);
        var (s, t) = (step.Parameters[0], step.Parameters[1]);
        var ds = Expression.Parameter(s.Type, "d_" + s.Name);
        var dotStep = WithTangent(s, ds, () => Tangent(step.Body));
        var dotInitial = Tangent(call.Arguments[1]);
        if (dotStep is null && dotInitial is null) return null;
        // ṡ₀ = 0 and a step whose only tangent source is ṡ itself keep every ṡₜ an exact zero; computing them
        // would turn 0·∞ into NaN once the states overflow (a constant function's tangent must stay 0).
        if (dotInitial is null && WithTangent(s, null, () => Tangent(step.Body)) is null) return null;
        var states = Expression.Parameter(call.Type, "states");
        var time = Expression.Parameter(typeof(int), t.Name);
        var body = ParameterSubstitution.Apply(dotStep ?? ZeroLike(step.Body),
            new Dictionary<ParameterExpression, Expression> { [s] = Expression.ArrayIndex(states, time), [t] = time });
        // A checkpointed scan's tangent is checkpointed alike: it reads the primal states only by index.
        var scan = Expression.Call(call.Method, [call.Arguments[0], dotInitial ?? ZeroLike(call.Arguments[1]),
            Expression.Lambda(step.Type, body, ds, time), .. call.Arguments.Skip(3)]);
        return Let(call, states, scan);
    }

    /// <summary>
    /// <c>Map(a, v =&gt; f)</c>: each element's tangent is f′(aᵢ)·ȧᵢ plus f's tangent through the variables it
    /// closes over (a nested derivative's own variable): <c>ȧ ⊙ Map(a, f′) + Map(a, v =&gt; ḟ)</c>.
    /// </summary>
    private Expression? MapTangent(MethodCallExpression call)
    {
        var (a, f) = (call.Arguments[0], Lambda(call.Arguments[1]));
        var v = f.Parameters[0];
        var outer = WithTangent(v, null, () => Tangent(f.Body));
        Expression? own = null;
        if (Tangent(a) is { } dotA)
        {
            var dv = Expression.Parameter(typeof(double), "d_" + v.Name);
            var saved = new Dictionary<ParameterExpression, ParameterExpression>(tangents);
            tangents.Clear();
            tangents[v] = dv;
            try
            {
                if (Tangent(f.Body) is { } partial)
                {
                    var derivative = ParameterSubstitution.Apply(partial, new Dictionary<ParameterExpression, Expression> { [dv] = Expression.Constant(1.0) });
                    own = Tangents.Call(typeof(Ops), nameof(Ops.Multiply), dotA, Expression.Call(call.Method, a, Expression.Lambda(derivative, v)));
                }
            }
            finally
            {
                tangents.Clear();
                foreach (var (key, value) in saved) tangents[key] = value;
            }
        }
        return Tangents.Plus(own, outer is null ? null : Expression.Call(call.Method, a, Expression.Lambda(outer, v)));
    }

    /// <summary>Runs <paramref name="tangent"/> with <paramref name="x"/>'s tangent set to <paramref name="dx"/>
    /// (null: x held constant), restoring the previous binding after: the same parameter may occur again elsewhere.</summary>
    private Expression? WithTangent(ParameterExpression x, ParameterExpression? dx, Func<Expression?> tangent)
    {
        bool had = tangents.TryGetValue(x, out var previous);
        if (dx is null) tangents.Remove(x);
        else tangents[x] = dx;
        try
        {
            return tangent();
        }
        finally
        {
            if (had) tangents[x] = previous!;
            else tangents.Remove(x);
        }
    }

    private static bool IsTrail(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Trail<>);

    private static LambdaExpression Lambda(Expression argument) =>
        (LambdaExpression)(argument is UnaryExpression { NodeType: ExpressionType.Quote } quote ? quote.Operand : argument);

    private static Expression Let(Expression value, ParameterExpression variable, Expression body) =>
        Expression.Call(OpsMethods.Let.MakeGenericMethod(variable.Type, body.Type), value, Expression.Lambda(body, variable));
}
