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
    public Rule(string name, LambdaExpression?[] adjoints)
    {
        Name = name;
        Adjoints = adjoints;
    }

    public string Name { get; }

    public LambdaExpression?[] Adjoints { get; }

    /// <summary>True when no argument receives a gradient (Floor, Sign, …): the output is then a constant.</summary>
    public bool IsNonDifferentiable => Adjoints.All(a => a is null);

    /// <summary>The contribution to argument <paramref name="index"/>, or null when it gets none.</summary>
    public Expression? Contribution(int index, Expression g, Expression y, IReadOnlyList<Expression> args)
    {
        var adjoint = Adjoints[index];
        if (adjoint is null) return null;
        var inlineArgs = new Expression[args.Count + 2];
        inlineArgs[0] = g;
        inlineArgs[1] = y;
        for (int i = 0; i < args.Count; i++) inlineArgs[i + 2] = args[i];
        return ParameterSubstitution.Inline(adjoint, inlineArgs);
    }
}
