using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Forward mode: turns a program into one that also carries a tangent (directional derivative) beside
/// every differentiable value. It works on imperative trees — the programs this compiler emits, with
/// blocks, assignments, <c>+=</c>, branches, loops and array writes — which is what makes
/// forward-over-reverse Hessians possible: the tangent of a gradient program is a Hessian-vector product.
/// Scalar tangents come from the same rule table as the reverse sweep: for scalars a rule's contribution
/// <c>g·∂y/∂x</c> read with g = ẋ is exactly the tangent term.
/// </summary>
internal sealed partial class TangentTransformer
{
    private readonly Dictionary<ParameterExpression, ParameterExpression> tangents = [];

    /// <summary>The rules this transformation reads: one snapshot, so a concurrent registration cannot mix tables.</summary>
    private readonly RuleSet rules;

    private TangentTransformer(RuleSet rules) => this.rules = rules;

    /// <summary>
    /// <c>(p₁…pₙ) =&gt; body</c> becomes <c>(p₁…pₙ, ṗ₁…ṗₙ) =&gt; (body, bodẏ)</c>, where a tangent has its
    /// value's type (and, for arrays, its shape).
    /// </summary>
    /// <param name="program">The program to transform.</param>
    /// <param name="rules">The compilation's rule snapshot; by default the table as it is now.</param>
    public static LambdaExpression Transform(LambdaExpression program, RuleSet? rules = null) => Transform(program, rules, bindValues: false);

    /// <summary><see cref="Transform(LambdaExpression, RuleSet?)"/> as <paramref name="options"/> ask: with
    /// <see cref="GradientOptions.BindTangentValues"/> the program's operands are variables first and a rule that reads
    /// its value reads the variable.</summary>
    public static LambdaExpression Transform(LambdaExpression program, RuleSet rules, GradientOptions? options)
    {
        if (!(options ?? GradientOptions.Default).BindTangentValues) return Transform(program, rules, bindValues: false);
        var atomized = Atomizer.Run(program);
        // An error must still name the function as the user wrote it, not the atoms (t1) bound here.
        if (ProgramSources.Of(program) is { } source) ProgramSources.Remember(atomized, source);
        return Transform(atomized, rules, bindValues: true);
    }

    private static LambdaExpression Transform(LambdaExpression program, RuleSet? rules, bool bindValues)
    {
        var (transformer, body, value, tangent, dots) = Sweep(program, rules, bindValues);
        var block = Expression.Block([value, tangent], body, ValueTuples.Make([value, tangent]));
        return Expression.Lambda(block, "tangent", [.. program.Parameters, .. dots]);
    }

    /// <summary>
    /// <c>(x) =&gt; body</c>, a statement program of one <c>double</c>, becomes <c>(x) =&gt; ∂body/∂x</c>, also a
    /// statement program: applied n times it gives the n-th derivative with every intermediate value
    /// computed once (a pure-expression derivative would copy shared subtrees at each level).
    /// </summary>
    /// <param name="program">The scalar program, as the pipeline or this method built it.</param>
    /// <param name="rules">The compilation's rule snapshot.</param>
    public static LambdaExpression DerivativeProgram(LambdaExpression program, RuleSet rules)
    {
        if (program.Parameters is not [{ Type: var t }] || t != typeof(double) || program.ReturnType != typeof(double))
            throw new ArgumentException("Expected a program from double to double.", nameof(program));
        var (_, body, value, tangent, dots) = Sweep(program, rules);
        var seed = dots[0];
        var block = Expression.Block([seed, value, tangent], Expression.Assign(seed, Expression.Constant(1.0)), body, tangent);
        return Expression.Lambda(block, "derivative", program.Parameters);
    }

    private static (TangentTransformer Transformer, Expression Body, ParameterExpression Value, ParameterExpression Tangent, ParameterExpression[] Dots)
        Sweep(LambdaExpression program, RuleSet? rules, bool bindValues = false)
    {
        var transformer = new TangentTransformer(rules ?? RuleTable.Current) { bindValues = bindValues };
        var resultValue = Expression.Variable(program.ReturnType, "result");
        transformer.varied = Activity.Varied(program.Body, program.Parameters);
        transformer.varied.Add(resultValue);
        var dots = program.Parameters.Select(transformer.TangentOf).ToArray();
        Expression body;
        try
        {
            body = transformer.Statement(Expression.Assign(resultValue, program.Body));
        }
        catch (UnsupportedExpressionException e) when (ProgramSources.Of(program) is { } source)
        {
            // The program is the compiler's; the user knows only the function it was built from.
            throw ForwardModeErrors.InUserTerms(e, source);
        }
        return (transformer, body, resultValue, transformer.tangents[resultValue], dots);
    }

    /// <summary>
    /// The derivative of a pure scalar lambda <c>y =&gt; body</c> with respect to y, as a pure expression
    /// lambda; every other free variable is held constant.
    /// </summary>
    /// <param name="f">The scalar lambda.</param>
    /// <param name="rules">The compilation's rule snapshot; by default the table as it is now.</param>
    public static LambdaExpression Derivative(LambdaExpression f, RuleSet? rules = null)
    {
        var transformer = new TangentTransformer(rules ?? RuleTable.Current);
        var y = f.Parameters[0];
        var dy = transformer.TangentOf(y);
        var body = transformer.Tangent(f.Body) ?? Expression.Constant(0.0);
        body = ParameterSubstitution.Apply(body, new Dictionary<ParameterExpression, Expression> { [dy] = Expression.Constant(1.0) });
        return Expression.Lambda(AlgebraicFolding.Run(body), f.Parameters);
    }

    /// <summary>Whether a variable assigned a primitive's value stands for that value in the primitive's tangent rule.</summary>
    private bool bindValues;

    /// <summary>The variables that can vary with the inputs (<see cref="Activity"/>); null: all of them.</summary>
    private HashSet<ParameterExpression>? varied;

    /// <summary>Whether <paramref name="v"/> gets a tangent: it carries one and can vary with the inputs.</summary>
    private bool Varies(ParameterExpression v) => CarriesTangent(v.Type) && (varied is null || varied.Contains(v));

    private ParameterExpression TangentOf(ParameterExpression v)
    {
        if (!tangents.TryGetValue(v, out var dot))
        {
            if (!CarriesTangent(v.Type))
                throw new InvalidOperationException($"Variable {v.Name} of type {v.Type.Name} carries no tangent.");
            tangents[v] = dot = Expression.Variable(v.Type, "d_" + v.Name);
        }
        return dot;
    }

    /// <summary>Values with tangents: tensors, a vector scan's states, tuples of them (a gradient program's result), and the trails
    /// a loop keeps of its states (their tangents keep the states' tangents).</summary>
    private static bool CarriesTangent(Type type) =>
        TensorTypes.IsDifferentiable(type) || type == typeof(double[][])
        || IsTrail(type) && CarriesTangent(type.GetGenericArguments()[0])
        || type.IsGenericType && type.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal)
           && type.GetGenericArguments().All(CarriesTangent);

    private Expression Statement(Expression node) => StackGuard.Run(() => StatementOf(node));

    private Expression StatementOf(Expression node)
    {
        switch (node)
        {
            case BlockExpression block:
                return Expression.Block(block.Type == typeof(void) ? typeof(void) : block.Type,
                    [.. block.Variables, .. block.Variables.Where(Varies).Select(TangentOf)],
                    block.Expressions.Select(Statement));
            case BinaryExpression { NodeType: ExpressionType.Assign } assign:
                return Assign(assign.Left, assign.Right);
            case BinaryExpression { NodeType: ExpressionType.AddAssign } add when CarriesTangent(add.Left.Type) && VariesTarget(add.Left):
                if (TangentOfTarget(add.Left) is { } accumulated && BoundTangent(add.Left, add.Right, accumulate: true) is { } bound)
                    return Expression.Block([bound.Temporary!], bound.Tangent is null ? bound.Statements : [.. bound.Statements, Expression.AddAssign(accumulated, bound.Tangent)]);
                return TangentOfTarget(add.Left) is { } target && Tangent(add.Right) is { } dot
                    ? Expression.Block(Expression.AddAssign(target, dot), add)
                    : add;
            case BinaryExpression compound when CompoundOperator(compound.NodeType) is { } op && CarriesTangent(compound.Left.Type) && VariesTarget(compound.Left):
                // x ∘= e is x = x ∘ e: the tangent rule of ∘ reads x's old value (x *= y has ẋ·y + x·ẏ), so
                // keeping the statement as it is would leave ẋ stale — a silent wrong derivative.
                return Assign(compound.Left, Expression.MakeBinary(op, compound.Left, compound.Right, compound.IsLiftedToNull, compound.Method));
            case ConditionalExpression c when c.Type == typeof(void):
                return Expression.IfThenElse(c.Test, Statement(c.IfTrue), Statement(c.IfFalse));
            case LoopExpression loop:
                return Expression.Loop(Statement(loop.Body), loop.BreakLabel, loop.ContinueLabel);
            case MethodCallExpression call when call.Type == typeof(void):
                return VoidCall(call);
            default:
                return node;
        }
    }

    /// <summary>The operator of a compound assignment other than <c>+=</c> (which keeps its own cheaper rule).</summary>
    private static ExpressionType? CompoundOperator(ExpressionType assignment) => assignment switch
    {
        ExpressionType.SubtractAssign or ExpressionType.SubtractAssignChecked => ExpressionType.Subtract,
        ExpressionType.MultiplyAssign or ExpressionType.MultiplyAssignChecked => ExpressionType.Multiply,
        ExpressionType.DivideAssign => ExpressionType.Divide,
        ExpressionType.ModuloAssign => ExpressionType.Modulo,
        ExpressionType.PowerAssign => ExpressionType.Power,
        ExpressionType.AddAssignChecked => ExpressionType.Add,
        _ => null,
    };

    private bool VariesTarget(Expression target) => target switch
    {
        ParameterExpression v => Varies(v),
        IndexExpression { Object: ParameterExpression array } => Varies(array),
        _ => true,
    };

    private Expression Assign(Expression target, Expression value)
    {
        if (!CarriesTangent(target.Type) || !VariesTarget(target)) return Expression.Assign(target, value);
        if (value is BlockExpression block && block.Type != typeof(void))
        {
            // x = { s…; last } is { s…; x = last }: the block's statements get their own tangents.
            var statements = block.Expressions.Take(block.Expressions.Count - 1).Append(Expression.Assign(target, block.Result));
            return Statement(Expression.Block(typeof(void), block.Variables, statements));
        }
        var tangentTarget = TangentOfTarget(target)
            ?? throw new NotSupportedException($"Forward mode cannot track writes to {target}.");
        if (BoundTangent(target, value) is { } bound)
            // v = f(x); v̇ = f′ read with y = v: the value is computed once, and the tangent after it (f does not read v).
            return Expression.Block(bound.Temporary is null ? [] : [bound.Temporary],
                [.. bound.Statements, Expression.Assign(tangentTarget, bound.Tangent ?? ZeroLike(target))]);
        var dot = Tangent(value);
        if (dot is null)
            return target.Type == typeof(double)
                ? Expression.Block(Expression.Assign(tangentTarget, Expression.Constant(0.0)), Expression.Assign(target, value))
                : Expression.Block(Expression.Assign(target, value), Expression.Assign(tangentTarget, ZeroLike(target)));
        // The tangent is computed first: the value may read the variable it overwrites (x = x * y).
        return Expression.Block(Expression.Assign(tangentTarget, dot), Expression.Assign(target, value));
    }

    /// <summary>
    /// The tangent of <c>v = f(x…)</c> with v standing for f's value, when <see cref="bindValues"/> is set, f's operands are
    /// atoms that the write does not change, and f's tangent rule reads its value only as a value (an elementwise rule's
    /// partials, a reduction's gradient); otherwise null. An element target (a value a loop stores for its backward pass)
    /// gets a temporary: <c>t = f(x); a[i] = t</c>, and the tangent reads t; so does an accumulation <c>g += f(x)</c>
    /// (a contribution f(x) of a gradient program, whose tangent is added to ġ).
    /// </summary>
    private (ParameterExpression? Temporary, Expression[] Statements, Expression? Tangent)? BoundTangent(Expression target, Expression value,
        bool accumulate = false)
    {
        if (!bindValues || RuleKey.Of(value) is not { } key || !rules.TryGet(key, out var rule)
            || (rule.Tangent != Tangents.FromAdjoints && rule.Tangent != Tangents.FromGradient))
            return null;
        var written = target switch
        {
            ParameterExpression v => v,
            IndexExpression { Object: ParameterExpression array } => array,
            _ => null,
        };
        var args = RuleKey.Arguments(value);
        if (written is null || args.Any(a => a is not (ParameterExpression or ConstantExpression or DefaultExpression) || a == written)) return null;
        var temporary = target is ParameterExpression && !accumulate ? null : Expression.Variable(value.Type, "bound");
        var y = (Expression?)temporary ?? target;
        Expression[] statements = temporary is null
            ? [Expression.Assign(target, value)]
            : [Expression.Assign(temporary, value), accumulate ? Expression.AddAssign(target, temporary) : Expression.Assign(target, temporary)];
        return (temporary, statements, rule.TangentOf(y, args, [.. args.Select(Tangent)]));
    }

    /// <summary>The tangent storage matching an assignment target: a variable's tangent, or the same
    /// element of an array's tangent.</summary>
    private Expression? TangentOfTarget(Expression target) => target switch
    {
        ParameterExpression v => TangentOf(v),
        IndexExpression { Object: ParameterExpression array, Indexer: null } ix when CarriesTangent(array.Type) =>
            Expression.ArrayAccess(TangentOf(array), ix.Arguments),
        _ => null,
    };

    private Expression VoidCall(MethodCallExpression call)
    {
        if (call.Method.DeclaringType == typeof(Kernels) && call.Method.Name == nameof(Kernels.AddInPlace)
            && call.Arguments[0] is ParameterExpression accumulator && Varies(accumulator))
        {
            var dot = Tangent(call.Arguments[1]);
            return dot is null ? call
                : Expression.Block(Expression.Call(call.Method, TangentOf(accumulator), dot), call);
        }
        if (call.Method.DeclaringType == typeof(Array) && ArrayCallTangent(call) is { } arrayTangent)
            return Expression.Block(arrayTangent, call);
        if (call.Object is ParameterExpression trail && IsTrail(trail.Type) && call.Method.Name == nameof(Trail<double>.Push)
            && tangents.TryGetValue(trail, out var dotTrail))
            return Expression.Block(Expression.Call(dotTrail, call.Method, Tangent(call.Arguments[0]) ?? ZeroLike(call.Arguments[0])), call);
        return call;
    }

    /// <summary>
    /// The tangent of <c>Array.Clear(a)</c> and <c>Array.Copy(from, a, n)</c> into a varied array: the same call on
    /// the tangents. A program writing its gradient into a caller's buffer clears the buffer or copies an adjoint into
    /// it; passed through unchanged, the buffer's tangent (an H·v written into the caller's array) would keep stale values.
    /// </summary>
    private Expression? ArrayCallTangent(MethodCallExpression call)
    {
        static Expression Unwrapped(Expression e) => e is UnaryExpression { NodeType: ExpressionType.Convert } u ? u.Operand : e;
        switch (call.Method.Name, call.Arguments.Count)
        {
            case (nameof(Array.Clear), 1) when Unwrapped(call.Arguments[0]) is ParameterExpression cleared && Varies(cleared):
                return call.Update(null, [AsArray(TangentOf(cleared))]);
            case (nameof(Array.Copy), 3) when Unwrapped(call.Arguments[1]) is ParameterExpression target && Varies(target):
                return Tangent(Unwrapped(call.Arguments[0])) is { } from
                    ? call.Update(null, [AsArray(from), AsArray(TangentOf(target)), call.Arguments[2]])
                    : Expression.Call(typeof(Array), nameof(Array.Clear), null, AsArray(TangentOf(target)));
            default:
                return null;
        }
    }

    private static Expression AsArray(Expression array) => Expression.Convert(array, typeof(Array));

    private static Expression ZeroLike(Expression like) => like.Type.IsArray ? TensorTypes.ZeroLikeMaybeNull(like) : Expression.Default(like.Type);
}
