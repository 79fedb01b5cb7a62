using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// One primitive's entry in the registry: how it differentiates in both modes. Reverse: for each argument
/// a lambda <c>(g, y, x₁ … xₙ) =&gt; contribution</c>, where g is the adjoint of the output, y the forward
/// output (so exp, tanh and sqrt reuse it) and x the forward inputs; a null entry means that argument gets
/// no gradient. Forward: a <see cref="TangentRule"/>, for most primitives derived from the reverse rule by
/// its kind (<see cref="Tangents"/>). Contributions and tangents are ordinary expressions, inlined into the
/// generated program, so a gradient program can itself be differentiated.
/// </summary>
internal sealed class Rule
{
    /// <param name="name">The primitive's name, for messages.</param>
    /// <param name="adjoints">One reverse contribution per argument; null when the primitive has no reverse
    /// rule at all (a backward kernel, which only forward mode meets).</param>
    /// <param name="tangent">The forward rule; null when forward mode cannot go through the primitive.</param>
    /// <param name="unbounded">Whether a partial can be ±∞ at finite inputs.</param>
    public Rule(string name, LambdaExpression?[]? adjoints, TangentRule? tangent, bool unbounded = false)
    {
        Name = name;
        HasReverse = adjoints is not null;
        Adjoints = adjoints ?? [];
        Tangent = tangent;
        Unbounded = unbounded;
    }

    public string Name { get; }

    /// <summary>Whether reverse mode can go through the primitive.</summary>
    public bool HasReverse { get; }

    public LambdaExpression?[] Adjoints { get; }

    /// <summary>The forward-mode rule, or null when the primitive has none.</summary>
    public TangentRule? Tangent { get; }

    /// <summary>
    /// Whether a partial can be ±∞ at finite inputs (Log at 0, Sqrt at 0, Exp on overflow…). Such a rule's
    /// scalar contributions are emitted through <see cref="ZeroAdjointGuard"/>, so that an adjoint that is
    /// exactly 0 (an untaken Max/Min/Clamp side, a zero tangent) contributes 0 instead of 0·∞ = NaN.
    /// </summary>
    public bool Unbounded { get; }

    /// <summary>True when no argument receives a gradient (Floor, Sign, …): the output is then a constant.</summary>
    public bool IsNonDifferentiable => HasReverse && Adjoints.All(a => a is null);

    /// <summary>The tangent of <paramref name="y"/> given its arguments' tangents (null: zero), or null when
    /// it is an exact zero.</summary>
    /// <exception cref="UnsupportedExpressionException">The primitive has no forward rule.</exception>
    public Expression? TangentOf(Expression y, IReadOnlyList<Expression> x, Expression?[] dx)
    {
        if (IsNonDifferentiable || dx.All(d => d is null)) return null;
        if (Tangent is null)
            throw UnsupportedExpressionException.Printed(y,
                $"{Name} has a reverse rule but no forward (tangent) rule, so forward mode (Hessians, Jacobian-vector products, Ops.Derivative) cannot go through it.",
                "register a scalar rule (its tangent is derived from it), or use Grad.Of, which needs only the reverse rule.");
        return Tangent(y, x, dx, this);
    }

    /// <summary>The contribution to argument <paramref name="index"/>, or null when it gets none.</summary>
    /// <param name="index">The argument.</param>
    /// <param name="g">The output's adjoint (in forward mode, the argument's tangent).</param>
    /// <param name="y">The forward output.</param>
    /// <param name="args">The forward inputs.</param>
    /// <param name="guardAlways">Forward mode: guard even a partial that is finite at finite inputs, and both
    /// ways — a zero tangent times an infinite partial and an overflowed (infinite) tangent times a zero
    /// partial are both 0. Tangents run from the inputs, so they meet an overflow before the zero partial
    /// that reverse mode meets first (e^(cosh x²))^(−½) at x = 3 is 0 with derivative 0 both ways.</param>
    public Expression? Contribution(int index, Expression g, Expression y, IReadOnlyList<Expression> args, bool guardAlways = false)
    {
        var adjoint = Adjoints[index];
        if (adjoint is null) return null;
        if ((Unbounded || guardAlways) && g.Type == typeof(double) && adjoint.ReturnType == typeof(double))
            return ZeroAdjointGuard.Apply(g, unit => Inline(adjoint, unit, y, args), bothWays: guardAlways);
        return Inline(adjoint, g, y, args);
    }

    private static Expression Inline(LambdaExpression adjoint, Expression g, Expression y, IReadOnlyList<Expression> args)
    {
        var inlineArgs = new Expression[args.Count + 2];
        inlineArgs[0] = g;
        inlineArgs[1] = y;
        for (int i = 0; i < args.Count; i++) inlineArgs[i + 2] = args[i];
        return ParameterSubstitution.Inline(adjoint, inlineArgs);
    }
}
