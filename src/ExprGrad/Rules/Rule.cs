using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// How one primitive propagates an adjoint to its inputs: for each argument a lambda
/// <c>(g, y, x₁ … xₙ) =&gt; contribution</c>, where g is the adjoint of the output, y the forward output
/// (so exp, tanh and sqrt reuse it) and x the forward inputs. A null entry means that argument gets
/// no gradient. Contributions are ordinary expressions, inlined into the gradient program, so a
/// gradient program can itself be differentiated.
/// </summary>
internal sealed class Rule
{
    public Rule(string name, LambdaExpression?[] adjoints, bool unbounded = false)
    {
        Name = name;
        Adjoints = adjoints;
        Unbounded = unbounded;
    }

    public string Name { get; }

    public LambdaExpression?[] Adjoints { get; }

    /// <summary>
    /// Whether a partial can be ±∞ at finite inputs (Log at 0, Sqrt at 0, Exp on overflow…). Such a rule's
    /// scalar contributions are emitted through <see cref="ZeroAdjointGuard"/>, so that an adjoint that is
    /// exactly 0 (an untaken Max/Min/Clamp side, a zero tangent) contributes 0 instead of 0·∞ = NaN.
    /// </summary>
    public bool Unbounded { get; }

    /// <summary>True when no argument receives a gradient (Floor, Sign, …): the output is then a constant.</summary>
    public bool IsNonDifferentiable => Adjoints.All(a => a is null);

    /// <summary>The contribution to argument <paramref name="index"/>, or null when it gets none.</summary>
    public Expression? Contribution(int index, Expression g, Expression y, IReadOnlyList<Expression> args)
    {
        var adjoint = Adjoints[index];
        if (adjoint is null) return null;
        if (Unbounded && g.Type == typeof(double) && adjoint.ReturnType == typeof(double))
            return ZeroAdjointGuard.Apply(g, unit => Inline(adjoint, unit, y, args));
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
