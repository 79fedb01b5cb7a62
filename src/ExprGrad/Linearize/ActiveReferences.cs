using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>Finds whether an expression reads any active atom.</summary>
internal sealed class ActiveReferences : ExpressionVisitor
{
    private readonly IReadOnlySet<Expression> active;
    private bool found;

    private ActiveReferences(IReadOnlySet<Expression> active) => this.active = active;

    public static bool Any(Expression node, IReadOnlySet<Expression> active)
    {
        var finder = new ActiveReferences(active);
        finder.Visit(node);
        return finder.found;
    }

    public override Expression? Visit(Expression? node)
    {
        if (found || node is null) return node;
        if (active.Contains(node)) { found = true; return node; }
        return StackGuard.Run(() => base.Visit(node));
    }
}
