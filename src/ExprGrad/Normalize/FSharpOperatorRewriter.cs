using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>Maps F# operator calls to System.Math (placeholder until the F# front lands).</summary>
internal sealed class FSharpOperatorRewriter : ExpressionVisitor
{
    public static Expression Rewrite(Expression e) => e;
}
