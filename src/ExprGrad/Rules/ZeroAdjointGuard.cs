using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Zero adjoints stay zero: a contribution c(g) = g·∂ whose partial ∂ can be ±∞ is emitted as
/// <c>g == 0 &amp;&amp; double.IsInfinity(c(1)) ? 0 : c(g)</c>. An untaken Max/Min/Clamp/Abs/Relu side or
/// branch hands its inputs an adjoint of exactly 0, and 0·∞ = NaN would poison a gradient whose function
/// and true derivative are finite. Contributions are linear in g, so c(1) is the partial itself; it is
/// only evaluated when g is 0, which keeps the hot path at one comparison. A NaN partial is not infinite,
/// so the guard never clears a NaN: a NaN input still reaches every component that depends on it.
/// </summary>
internal static class ZeroAdjointGuard
{
    private static readonly ConstantExpression Zero = Expression.Constant(0.0);
    private static readonly ConstantExpression One = Expression.Constant(1.0);

    /// <summary>The guarded form of the contribution <paramref name="contribution"/>(<paramref name="g"/>).</summary>
    /// <param name="g">The adjoint (or, in forward mode, the tangent) the contribution is linear in.</param>
    /// <param name="contribution">Builds the contribution for a given adjoint expression.</param>
    /// <param name="bothWays">Also give 0 for an infinite g times a zero partial (forward mode).</param>
    public static Expression Apply(Expression g, Func<Expression, Expression> contribution, bool bothWays = false)
    {
        // A nonzero constant adjoint (the seed 1) can never be 0 (nor infinite).
        if (g is ConstantExpression { Value: double seed } && seed != 0 && (!bothWays || double.IsFinite(seed))) return contribution(g);
        var partial = contribution(One);
        // A partial that folds to a finite constant (Modulo's d/da = 1) can never be infinite.
        if (partial is ConstantExpression { Value: double d } && double.IsFinite(d) && (!bothWays || d != 0)) return contribution(g);
        // g (and, both ways, the partial) are read twice: a compound one is bound once, or nesting would double
        // the tree at every level.
        var prologue = new List<Expression>();
        var variables = new List<ParameterExpression>();
        var boundG = Bind(g, "g", variables, prologue);
        if (!bothWays)
            return Wrap(variables, prologue, Guarded(boundG, partial, contribution(boundG)));
        var boundPartial = Bind(partial, "d", variables, prologue);
        var zeroTimesInfinity = Expression.OrElse(
            Expression.AndAlso(Expression.Equal(boundG, Zero), IsInfinity(boundPartial)),
            Expression.AndAlso(Expression.Equal(boundPartial, Zero), IsInfinity(boundG)));
        // g·∂ with the bound ∂, not c(g): c(g) would compute the partial a second time, and a nested forward
        // pass (NthDerivative, Ops.Derivative in Ops.Derivative) differentiates every copy — the program grew
        // about sevenfold per order. A scalar contribution is g times its partial, so only rounding can differ.
        return Wrap(variables, prologue, Expression.Condition(zeroTimesInfinity, Zero, Expression.Multiply(boundG, boundPartial)));
    }

    private static Expression Bind(Expression e, string name, List<ParameterExpression> variables, List<Expression> prologue)
    {
        if (IsCheap(e)) return e;
        var v = Expression.Variable(typeof(double), name);
        variables.Add(v);
        prologue.Add(Expression.Assign(v, e));
        return v;
    }

    private static Expression Wrap(List<ParameterExpression> variables, List<Expression> prologue, Expression result) =>
        variables.Count == 0 ? result : Expression.Block(typeof(double), variables, [.. prologue, result]);

    private static Expression IsInfinity(Expression e) => Expression.Call(typeof(double), nameof(double.IsInfinity), null, e);

    /// <summary>
    /// A contribution built from values the backward pass shares (not from g alone, so <see cref="Apply"/> cannot
    /// rebuild it), guarded as <see cref="Apply"/> guards c(g): 0 when g is exactly 0 and <paramref name="partial"/>
    /// is infinite. Null when g is not cheap enough to read twice.
    /// </summary>
    /// <param name="g">The adjoint the contribution is linear in.</param>
    /// <param name="partial">c(1), evaluated only when g is 0.</param>
    /// <param name="contribution">c(g), computed from shared values.</param>
    public static Expression? AroundShared(Expression g, Expression partial, Expression contribution)
    {
        if (g is ConstantExpression { Value: double seed } && seed != 0) return contribution;
        if (partial is ConstantExpression { Value: double d } && double.IsFinite(d)) return contribution;
        return IsCheap(g) ? Guarded(g, partial, contribution) : null;
    }

    /// <summary>g·∂ for a partial that is computed anyway (a Map's element derivative): ∂ is bound once.</summary>
    /// <param name="g">The adjoint, read twice, so a cheap expression (an array element).</param>
    /// <param name="partial">The partial derivative.</param>
    public static Expression Times(Expression g, Expression partial)
    {
        var d = Expression.Variable(typeof(double), "d");
        return Expression.Block(typeof(double), [d], Expression.Assign(d, partial), Guarded(g, d, Expression.Multiply(g, d)));
    }

    private static Expression Guarded(Expression g, Expression partial, Expression contribution) =>
        Expression.Condition(
            Expression.AndAlso(Expression.Equal(g, Zero), Expression.Call(typeof(double), nameof(double.IsInfinity), null, partial)),
            Zero,
            contribution);

    private static bool IsCheap(Expression g) => g switch
    {
        ParameterExpression or ConstantExpression => true,
        IndexExpression { Object: ParameterExpression } ix => ix.Arguments.All(IsCheap),
        BinaryExpression { NodeType: ExpressionType.ArrayIndex, Left: ParameterExpression } b => IsCheap(b.Right),
        MemberExpression { Expression: null or ConstantExpression } => true,
        // Index arithmetic such as states[t + 1].
        UnaryExpression { NodeType: ExpressionType.Increment or ExpressionType.Decrement } u => IsCheap(u.Operand),
        BinaryExpression { NodeType: ExpressionType.Add or ExpressionType.Subtract } b when b.Type == typeof(int) =>
            IsCheap(b.Left) && IsCheap(b.Right),
        _ => false,
    };
}
