using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The local arrays of a block that can be written in place (<see cref="GradientOptions.WriteArraysInPlace"/>): the
/// fill pattern. The block's first statement naming the array allocates it (<c>r = new double[n]</c>); the
/// statements after it first only write its elements (<c>r[i] = v</c>, in loops and branches, the index and value
/// not reading r), then only read it, never writing it again. Every read then sees the finished array, in the
/// forward pass and in the backward pass alike, so the versions a copy per write would keep are never needed; and
/// since the array is fresh, no other variable sees it change.
/// </summary>
internal static class FillPattern
{
    public static IEnumerable<ParameterExpression> In(BlockExpression block) =>
        block.Variables.Where(v => (v.Type == typeof(double[]) || v.Type == typeof(double[,])) && IsFilled(v, block.Expressions));

    private static bool IsFilled(ParameterExpression array, IReadOnlyList<Expression> statements)
    {
        int at = 0;
        while (at < statements.Count && !Mentions(statements[at], array)) at++;
        if (at == statements.Count
            || statements[at] is not BinaryExpression { NodeType: ExpressionType.Assign, Left: var target, Right: var allocation }
            || target != array || !IsFresh(allocation) || Mentions(allocation, array))
            return false;
        bool reading = false;
        for (int k = at + 1; k < statements.Count; k++)
        {
            if (!reading && OnlyWrites(statements[k], array)) continue;
            reading = true;
            if (!NeverWrites(statements[k], array)) return false;
        }
        return true;
    }

    /// <summary>A new array: allocated, or a copy of another (<see cref="ArrayVersions"/> starts a version with one).</summary>
    private static bool IsFresh(Expression value) =>
        value is NewArrayExpression { NodeType: ExpressionType.NewArrayBounds }
        || value is MethodCallExpression { Method.Name: nameof(Kernels.Clone) } call && call.Method.DeclaringType == typeof(Kernels);

    /// <summary>How <paramref name="statement"/> uses <paramref name="array"/>.</summary>
    public static ArrayUse Classify(Expression statement, ParameterExpression array)
    {
        var finder = new Uses(array);
        finder.Visit(statement);
        if (!finder.Read && !finder.Written && !finder.Replaced) return ArrayUse.None;
        if (statement is BinaryExpression { NodeType: ExpressionType.Assign, Left: var target, Right: NewArrayExpression { NodeType: ExpressionType.NewArrayBounds } allocation }
            && target == array && !Mentions(allocation, array))
            return ArrayUse.Allocates;
        if (finder.Replaced) return ArrayUse.Other;
        return finder.Written ? (finder.Read ? ArrayUse.Other : ArrayUse.Writes) : ArrayUse.Reads;
    }

    internal static bool Mentions(Expression node, ParameterExpression array)
    {
        var seen = new HashSet<Expression>();
        References.Collect(node, seen);
        return seen.Contains(array);
    }

    /// <summary>Whether every mention of <paramref name="array"/> in <paramref name="node"/> is the target of a plain element write.</summary>
    private static bool OnlyWrites(Expression node, ParameterExpression array)
    {
        var finder = new Uses(array);
        finder.Visit(node);
        return !finder.Read && !finder.Replaced;
    }

    /// <summary>Whether <paramref name="node"/> neither writes an element of <paramref name="array"/> nor assigns it.</summary>
    private static bool NeverWrites(Expression node, ParameterExpression array)
    {
        var finder = new Uses(array);
        finder.Visit(node);
        return !finder.Written && !finder.Replaced;
    }

    private sealed class Uses(ParameterExpression array) : ExpressionVisitor
    {
        public bool Read { get; private set; }

        public bool Written { get; private set; }

        /// <summary>Assigned as a whole, written through a compound assignment, or handed to a method as its instance.</summary>
        public bool Replaced { get; private set; }

        private int lambdas;

        public override Expression? Visit(Expression? node) => node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

        private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

        // A lambda's body (a sum's term) is linearized in a scope of its own: a write there would not reach the
        // statements after it as a new version, but in place it would.
        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            lambdas++;
            Visit(node.Body);
            lambdas--;
            return node;
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.NodeType == ExpressionType.Assign && node.Left is IndexExpression { Object: var target, Indexer: null } element && target == array)
            {
                Written = true;
                if (lambdas > 0) Replaced = true;
                foreach (var index in element.Arguments) Visit(index);
                Visit(node.Right);
                return node;
            }
            if (AssignedVariables.IsAssignment(node.NodeType) && (node.Left == array || node.Left is IndexExpression { Object: var o } && o == array))
                Replaced = true;
            return base.VisitBinary(node);
        }

        protected override Expression VisitUnary(UnaryExpression node)
        {
            if (node.NodeType is ExpressionType.PreIncrementAssign or ExpressionType.PostIncrementAssign
                    or ExpressionType.PreDecrementAssign or ExpressionType.PostDecrementAssign
                && (node.Operand == array || node.Operand is IndexExpression { Object: var o } && o == array))
                Replaced = true;
            return base.VisitUnary(node);
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Object == array && node.Method.Name != "Get") Replaced = true;
            return base.VisitMethodCall(node);
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            if (node == array) Read = true;
            return node;
        }
    }
}

/// <summary>How a statement uses a local array (<see cref="FillPattern.Classify"/>).</summary>
internal enum ArrayUse
{
    /// <summary>Does not name it.</summary>
    None,

    /// <summary>Assigns it a new array, <c>a = new double[n]</c>, whose bounds do not read it.</summary>
    Allocates,

    /// <summary>Only writes its elements (<c>a[i] = v</c>, the index and value not reading it).</summary>
    Writes,

    /// <summary>Reads it, never writing or assigning it.</summary>
    Reads,

    /// <summary>Reads and writes it, assigns it otherwise, or writes it inside a lambda.</summary>
    Other,
}
