using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>Whether dropping an expression's evaluation could change anything but a thrown exception.</summary>
internal static class Purity
{
    public static bool IsPure(Expression e) => e switch
    {
        ConstantExpression or ParameterExpression or DefaultExpression => true,
        BinaryExpression { NodeType: not (ExpressionType.Assign or ExpressionType.AddAssign) } b => IsPure(b.Left) && IsPure(b.Right),
        UnaryExpression { NodeType: ExpressionType.Negate or ExpressionType.Convert or ExpressionType.Not or ExpressionType.ArrayLength } u => IsPure(u.Operand),
        ConditionalExpression c => IsPure(c.Test) && IsPure(c.IfTrue) && IsPure(c.IfFalse),
        IndexExpression { Indexer: null } ix => IsPure(ix.Object!) && ix.Arguments.All(IsPure),
        MemberExpression m => m.Expression is null || IsPure(m.Expression),
        MethodCallExpression call => IsKnownPure(call) && (call.Object is null || IsPure(call.Object)) && call.Arguments.All(IsPure),
        // Local computation: blocks and loops that write only variables (a forward Sum loop, say). The
        // variables such a block writes besides its own are loop-body slots, which every later reader
        // assigns again first, so dropping the block loses nothing.
        BlockExpression block => block.Expressions.All(IsPure),
        LoopExpression loop => IsPure(loop.Body),
        GotoExpression { Value: null } or LabelExpression { DefaultValue: null } => true,
        BinaryExpression { NodeType: ExpressionType.Assign or ExpressionType.AddAssign, Left: ParameterExpression } write => IsPure(write.Right),
        UnaryExpression { NodeType: ExpressionType.PreIncrementAssign or ExpressionType.PreDecrementAssign, Operand: ParameterExpression } => true,
        _ => false,
    };

    private static bool IsKnownPure(MethodCallExpression call) =>
        call.Method.DeclaringType == typeof(Math) || call.Method.DeclaringType == typeof(Ops)
        || call.Method.DeclaringType == typeof(ArrayValues)
        || call.Method.DeclaringType == typeof(Kernels) && call.Method.ReturnType != typeof(void);
}
