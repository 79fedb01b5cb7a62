using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>Whether a statement holds a jump (break, continue, goto, return) anywhere inside it.</summary>
internal sealed class Jumps : ExpressionVisitor
{
    private bool found;

    public static bool In(Expression statement)
    {
        var finder = new Jumps();
        finder.Visit(statement);
        return finder.found;
    }

    public override Expression? Visit(Expression? node) =>
        found || node is null ? node : StackGuard.Run(() => base.Visit(node));

    protected override Expression VisitGoto(GotoExpression node)
    {
        found = true;
        return node;
    }

    // A nested lambda's jumps stay inside it.
    protected override Expression VisitLambda<T>(Expression<T> node) => node;
}
