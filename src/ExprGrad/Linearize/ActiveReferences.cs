using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>Finds whether an expression reads any active atom through a path that carries gradient.</summary>
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
        // An int or bool computed from active values (a length, a comparison) carries no gradient.
        if (!TensorTypes.IsDifferentiable(node.Type) && node.Type != typeof(void) && !typeof(Delegate).IsAssignableFrom(node.Type)) return node;
        return StackGuard.Run(() => base.Visit(node));
    }
}
