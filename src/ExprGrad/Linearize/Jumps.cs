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

    /// <summary>
    /// Whether a statement holds a jump to a label outside it: a loop inside with its own break and continue
    /// (a for loop in an if-statement, or guarded by a [Differentiable] method's early-return flag) does not count.
    /// </summary>
    public static bool Escape(Expression statement)
    {
        if (!In(statement)) return false;
        var targets = new Targets();
        targets.Visit(statement);
        return !targets.Jumped.IsSubsetOf(targets.Defined);
    }

    public override Expression? Visit(Expression? node) =>
        found || node is null ? node : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

    private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

    protected override Expression VisitGoto(GotoExpression node)
    {
        found = true;
        return node;
    }

    // A nested lambda's jumps stay inside it.
    protected override Expression VisitLambda<T>(Expression<T> node) => node;

    /// <summary>The labels a statement jumps to and those it defines (loops' break and continue labels, label statements).</summary>
    private sealed class Targets : ExpressionVisitor
    {
        public HashSet<LabelTarget> Jumped { get; } = [];

        public HashSet<LabelTarget> Defined { get; } = [];

        public override Expression? Visit(Expression? node) => node is null ? node : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

        private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

        protected override Expression VisitGoto(GotoExpression node)
        {
            Jumped.Add(node.Target);
            return base.VisitGoto(node);
        }

        protected override Expression VisitLoop(LoopExpression node)
        {
            if (node.BreakLabel is { } exit) Defined.Add(exit);
            if (node.ContinueLabel is { } next) Defined.Add(next);
            return base.VisitLoop(node);
        }

        protected override Expression VisitLabel(LabelExpression node)
        {
            Defined.Add(node.Target);
            return base.VisitLabel(node);
        }

        protected override Expression VisitLambda<T>(Expression<T> node) => node;
    }
}
