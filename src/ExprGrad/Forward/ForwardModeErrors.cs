using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Restates a forward-mode failure inside an emitted program in the user's terms: the construct of the
/// function as written (the call of the same method), printed with the project's C# printer, or the whole
/// function when the failing node has no counterpart there.
/// </summary>
internal static class ForwardModeErrors
{
    public static UnsupportedExpressionException InUserTerms(UnsupportedExpressionException error, LambdaExpression source)
    {
        var construct = error.Method is { } method ? CallOf(source.Body, method) : null;
        var problem = error.Method is { } m
            ? $"Forward mode (Hessians, Jacobians, Jacobian-vector products) cannot go through {m.DeclaringType?.Name}.{m.Name}: it has a reverse rule but no forward (tangent) rule."
            : $"Forward mode (Hessians, Jacobians, Jacobian-vector products) cannot differentiate a {error.NodeType} construct of this function.";
        return UnsupportedExpressionException.Printed(construct ?? source, problem,
            error.Method is null ? "rewrite the construct with arithmetic, System.Math, ExprGrad.Ops or a method with a registered derivative."
            : "register a scalar rule (its tangent is derived from it), or use Grad.Of, which needs only the reverse rule.");
    }

    /// <summary>The first call of <paramref name="method"/> in <paramref name="body"/>, nested lambdas included, or null.</summary>
    internal static Expression? CallOf(Expression body, System.Reflection.MethodInfo method)
    {
        var finder = new Finder(method);
        finder.Visit(body);
        return finder.Found;
    }

    private sealed class Finder(System.Reflection.MethodInfo method) : ExpressionVisitor
    {
        public Expression? Found { get; private set; }

        public override Expression? Visit(Expression? node) =>
            Found is not null || node is null ? node : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

        private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method == method) Found = node;
            return base.VisitMethodCall(node);
        }
    }
}
