using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad;

/// <summary>
/// Loop-invariant code motion for <c>Ops.Map</c> (<see cref="GradientOptions.HoistLoopInvariants"/>): Map's lambda
/// and its derivative are compiled into statement programs <c>v =&gt; { c₁ = …; c₂ = …; … }</c> and inlined into an
/// elementwise loop. The statements that do not depend on v — closure reads, <c>Math.Sqrt(c)</c> of them, the
/// partials they give — are the same for every element: they move out of the program to run once before the loop.
/// Only single assignments of values that are pure and cannot throw (<see cref="Speculation"/>, or a read of a
/// closure's field) move, since the loop may run zero times.
/// </summary>
internal static class ElementInvariants
{
    /// <summary>Splits a statement program of one parameter into the statements that do not depend on it (with the
    /// variables they assign) and the program without them.</summary>
    public static (IReadOnlyList<ParameterExpression> Variables, IReadOnlyList<Expression> Statements, LambdaExpression Remaining) Split(LambdaExpression program)
    {
        if (program.Body is not BlockExpression { Expressions.Count: > 1 } block) return ([], [], program);
        var assignments = new Dictionary<ParameterExpression, int>();
        new AssignmentCounter(assignments).Visit(block);
        var invariant = new HashSet<ParameterExpression>();
        var hoisted = new List<Expression>();
        var rest = new List<Expression>();
        for (int i = 0; i < block.Expressions.Count; i++)
        {
            var e = block.Expressions[i];
            if (i < block.Expressions.Count - 1
                && e is BinaryExpression { NodeType: ExpressionType.Assign, Left: ParameterExpression v, Right: var value }
                && block.Variables.Contains(v) && assignments[v] == 1 && IsInvariant(value, invariant))
            {
                invariant.Add(v);
                hoisted.Add(e);
                continue;
            }
            rest.Add(e);
        }
        if (hoisted.Count == 0) return ([], [], program);
        var body = Expression.Block(block.Type, block.Variables.Where(v => !invariant.Contains(v)), rest);
        return ([.. block.Variables.Where(invariant.Contains)], hoisted, Expression.Lambda(program.Type, body, program.Name, program.Parameters));
    }

    /// <summary>Pure, cannot throw, and reads only variables already found invariant (not the parameter).</summary>
    private static bool IsInvariant(Expression value, HashSet<ParameterExpression> invariant)
    {
        if (!(Speculation.IsSafe(value) || IsClosureRead(value))) return false;
        var read = new HashSet<Expression>();
        References.Collect(value, read);
        return read.OfType<ParameterExpression>().All(invariant.Contains);
    }

    /// <summary>A field of a closure object or a static field: reading it cannot fail.</summary>
    private static bool IsClosureRead(Expression e) => e switch
    {
        MemberExpression { Member: FieldInfo, Expression: null } => true,
        MemberExpression { Member: FieldInfo, Expression: ConstantExpression { Value: not null } } => true,
        MemberExpression { Member: FieldInfo, Expression: { } inner } when inner.Type.IsValueType || Linearizer.IsClosure(inner.Type) => IsClosureRead(inner),
        _ => false,
    };

    /// <summary>How many times each variable is assigned (plainly, compound or by increment) anywhere.</summary>
    private sealed class AssignmentCounter(Dictionary<ParameterExpression, int> counts) : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node) => node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

        private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (AssignedVariables.IsAssignment(node.NodeType) && node.Left is ParameterExpression v) counts[v] = counts.GetValueOrDefault(v) + 1;
            return base.VisitBinary(node);
        }

        protected override Expression VisitUnary(UnaryExpression node)
        {
            if (node.NodeType is ExpressionType.PreIncrementAssign or ExpressionType.PreDecrementAssign or ExpressionType.PostIncrementAssign
                    or ExpressionType.PostDecrementAssign && node.Operand is ParameterExpression v)
                counts[v] = counts.GetValueOrDefault(v) + 1;
            return base.VisitUnary(node);
        }
    }
}
