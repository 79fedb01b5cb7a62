using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>Decides which block variables can be declared at their first assignment.</summary>
internal static class Declarations
{
    /// <summary>
    /// Maps a statement index to the variable that statement may declare with <c>var</c>: the statement is
    /// the first to mention the variable, it is a plain assignment to it at the block's own level, and the
    /// right-hand side does not read it. Flattening must already have happened, so that "own level" is exact.
    /// </summary>
    public static Dictionary<int, ParameterExpression> InlineCandidates(IReadOnlyList<ParameterExpression> variables,
        IReadOnlyList<Expression> statements)
    {
        var result = new Dictionary<int, ParameterExpression>();
        if (variables.Count == 0) return result;
        var pending = new HashSet<ParameterExpression>(variables);
        for (int i = 0; i < statements.Count && pending.Count > 0; i++)
        {
            var mentioned = Mentions(statements[i], pending);
            if (mentioned.Count == 0) continue;
            if (statements[i] is BinaryExpression { NodeType: ExpressionType.Assign, Left: ParameterExpression v } assign
                && pending.Contains(v) && assign.Right.Type == v.Type && !Mentions(assign.Right, [v]).Contains(v))
                result[i] = v;
            pending.ExceptWith(mentioned);
        }
        return result;
    }

    /// <summary>The variables some statement mentions: a variable the passes left unused (a loop's trail that
    /// no backward pass reads, an adjoint carry folded away) is not printed at all.</summary>
    public static HashSet<ParameterExpression> Mentioned(IReadOnlyList<ParameterExpression> variables, IReadOnlyList<Expression> statements)
    {
        var candidates = new HashSet<ParameterExpression>(variables);
        var found = new HashSet<ParameterExpression>();
        // Nested blocks declare nothing (the emitter declares every variable at the top): walking their statements
        // for no candidates made printing quadratic in the nesting depth.
        if (candidates.Count == 0) return found;
        foreach (var statement in statements) found.UnionWith(Mentions(statement, candidates));
        return found;
    }

    private static HashSet<ParameterExpression> Mentions(Expression node, HashSet<ParameterExpression> candidates)
    {
        var finder = new Finder(candidates);
        finder.Visit(node);
        return finder.Found;
    }

    private sealed class Finder(HashSet<ParameterExpression> candidates) : ExpressionVisitor
    {
        public HashSet<ParameterExpression> Found { get; } = [];

        protected override Expression VisitParameter(ParameterExpression node)
        {
            if (candidates.Contains(node)) Found.Add(node);
            return node;
        }
    }
}
