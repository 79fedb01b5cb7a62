using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Which non-double values of a program a sparsity trace cannot know. Doubles become index sets, so a
/// comparison of doubles (and anything computed from one) is undecided, and a branch on it runs both sides;
/// a variable assigned inside such a branch is undecided too — unless it is a temporary of that branch (set
/// before it is read there, read nowhere else), as the linearizer's index temporaries are. Integer
/// arithmetic on lengths, closure data and loop counters stays concrete: the trace computes it.
/// </summary>
internal sealed class UndecidableValues
{
    private readonly HashSet<ParameterExpression> variables = [];

    private UndecidableValues() { }

    /// <summary>The analysis of a program, run to its fixpoint (each undecided variable can undecide more branches).</summary>
    public static UndecidableValues Of(LambdaExpression program)
    {
        var values = new UndecidableValues();
        while (true)
        {
            var before = values.variables.Count;
            new Scan(values).Visit(program.Body);
            if (values.variables.Count == before) return values;
        }
    }

    /// <summary>Whether a variable's value can be unknown to the trace.</summary>
    public bool Contains(ParameterExpression variable) => variables.Contains(variable);

    /// <summary>Whether a non-double expression's value can be unknown to the trace.</summary>
    public bool IsUndecided(Expression node) => new Finder(this).Find(node);

    private static bool IsAssignment(ExpressionType t) => t is ExpressionType.Assign or ExpressionType.AddAssign or ExpressionType.SubtractAssign
        or ExpressionType.MultiplyAssign or ExpressionType.DivideAssign or ExpressionType.ModuloAssign or ExpressionType.AndAssign
        or ExpressionType.OrAssign or ExpressionType.ExclusiveOrAssign or ExpressionType.LeftShiftAssign or ExpressionType.RightShiftAssign
        or ExpressionType.PowerAssign or ExpressionType.AddAssignChecked or ExpressionType.SubtractAssignChecked or ExpressionType.MultiplyAssignChecked
        or ExpressionType.PreIncrementAssign or ExpressionType.PreDecrementAssign or ExpressionType.PostIncrementAssign or ExpressionType.PostDecrementAssign;

    /// <summary>Finds an undecided value: a double computed from the program's doubles, a method reading them, an undecided variable.</summary>
    private sealed class Finder(UndecidableValues values) : ExpressionVisitor
    {
        private bool found;

        public bool Find(Expression node) { Visit(node); return found; }

        public override Expression? Visit(Expression? node)
        {
            if (found || node is null) return node;
            if (node.Type == typeof(double) || node.Type == typeof(float)) { found = ReadsTraced(node); return node; }
            if (node is ParameterExpression p && values.Contains(p)) { found = true; return node; }
            if (node is MethodCallExpression call && !IsShapeQuery(call) && call.Arguments.Append(call.Object).Any(a => a is not null && TraceValues.IsTraced(a.Type) && ReadsTraced(a)))
            { found = true; return node; }
            return base.Visit(node);
        }

        private static bool IsShapeQuery(MethodCallExpression call) => call.Method.Name is "GetLength" or "get_Length" or "get_Rank" or "GetUpperBound" or "GetLowerBound" or "get_LongLength";
    }

    /// <summary>Whether an expression reads a traced variable (closure data and literals are known).</summary>
    private static bool ReadsTraced(Expression node) => new TracedReads().Any(node);

    private sealed class TracedReads : ExpressionVisitor
    {
        private bool any;
        public bool Any(Expression node) { Visit(node); return any; }
        protected override Expression VisitParameter(ParameterExpression node) { any |= TraceValues.IsTraced(node.Type); return node; }
    }

    /// <summary>One pass: finds branches on undecided tests and the variables assigned in them that escape.</summary>
    private sealed class Scan(UndecidableValues values) : ExpressionVisitor
    {
        protected override Expression VisitConditional(ConditionalExpression node)
        {
            if (!values.IsUndecided(node.Test)) return base.VisitConditional(node);
            var region = new RegionVariables();
            region.Visit(node.IfTrue);
            region.Visit(node.IfFalse);
            foreach (var v in region.Assigned)
                if (!TracedOnlyHere(v, node)) values.variables.Add(v);
            Visit(node.IfTrue);
            Visit(node.IfFalse);
            return node;
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.NodeType == ExpressionType.Assign && node.Left is ParameterExpression v && !TraceValues.IsTraced(v.Type)
                && values.IsUndecided(node.Right))
                values.variables.Add(v);
            return base.VisitBinary(node);
        }

        /// <summary>A branch temporary: every read of it lies in the branch, and each side that mentions it
        /// starts by assigning it unconditionally.</summary>
        private bool TracedOnlyHere(ParameterExpression v, ConditionalExpression region) =>
            Occurrences.Count(root, v) == Occurrences.Count(region, v)
            && StartsWithAssignment(region.IfTrue, v) && StartsWithAssignment(region.IfFalse, v);

        private Expression root = null!;

        public override Expression? Visit(Expression? node)
        {
            root ??= node!;
            return base.Visit(node);
        }
    }

    private static bool StartsWithAssignment(Expression side, ParameterExpression v)
    {
        if (Occurrences.Count(side, v) == 0) return true;
        var node = side;
        while (true)
        {
            switch (node)
            {
                case BlockExpression block:
                    var first = block.Expressions.FirstOrDefault(e => Occurrences.Count(e, v) > 0);
                    if (first is null) return true;
                    node = first;
                    continue;
                case BinaryExpression { NodeType: ExpressionType.Assign, Left: var left } assign when left == v:
                    return Occurrences.Count(assign.Right, v) == 0;
                default:
                    return false;
            }
        }
    }

    /// <summary>The non-traced variables assigned in a subtree.</summary>
    private sealed class RegionVariables : ExpressionVisitor
    {
        public HashSet<ParameterExpression> Assigned { get; } = [];

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (IsAssignment(node.NodeType) && node.Left is ParameterExpression v && !TraceValues.IsTraced(v.Type)) Assigned.Add(v);
            return base.VisitBinary(node);
        }

        protected override Expression VisitUnary(UnaryExpression node)
        {
            if (IsAssignment(node.NodeType) && node.Operand is ParameterExpression v && !TraceValues.IsTraced(v.Type)) Assigned.Add(v);
            return base.VisitUnary(node);
        }
    }

    private sealed class Occurrences(ParameterExpression v) : ExpressionVisitor
    {
        private int count;
        public static int Count(Expression node, ParameterExpression v) { var o = new Occurrences(v); o.Visit(node); return o.count; }
        protected override Expression VisitParameter(ParameterExpression node) { if (node == v) count++; return node; }

        // Declarations are not uses.
        protected override Expression VisitBlock(BlockExpression node) { foreach (var e in node.Expressions) Visit(e); return node; }

        protected override Expression VisitLambda<T>(Expression<T> node) { Visit(node.Body); return node; }
    }
}
