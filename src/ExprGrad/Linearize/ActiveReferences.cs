using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>Finds whether an expression reads any active atom through a path that carries gradient.</summary>
internal sealed class ActiveReferences : ExpressionVisitor
{
    private readonly IReadOnlySet<Expression> active;
    private readonly bool throughAnyType;
    private bool found;

    private ActiveReferences(IReadOnlySet<Expression> active, bool throughAnyType) => (this.active, this.throughAnyType) = (active, throughAnyType);

    /// <summary>Whether <paramref name="node"/> reads an active atom through tensor-typed values only; with
    /// <paramref name="throughAnyType"/>, through any values but integers and booleans (which carry no gradient
    /// by convention) — through a float or a tuple, say, where the gradient would be lost.</summary>
    public static bool Any(Expression node, IReadOnlySet<Expression> active, bool throughAnyType = false)
    {
        var finder = new ActiveReferences(active, throughAnyType);
        finder.Visit(node);
        return finder.found;
    }

    public override Expression? Visit(Expression? node)
    {
        if (found || node is null) return node;
        if (active.Contains(node)) { found = true; return node; }
        // An int or bool computed from active values (a length, a comparison) carries no gradient.
        if (throughAnyType ? TensorTypes.CarriesNoGradientByConvention(node.Type)
            : !TensorTypes.IsDifferentiable(node.Type) && node.Type != typeof(void) && !typeof(Delegate).IsAssignableFrom(node.Type))
            return node;
        return StackGuard.HasRoom ? base.Visit(node) : Deeper(node);
    }

    private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));
}
