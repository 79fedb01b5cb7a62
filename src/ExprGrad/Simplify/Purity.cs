using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Whether dropping an expression's evaluation could change anything a later statement sees. Pure: arithmetic,
/// known pure calls, and local computation — blocks and loops that write only variables they assign
/// themselves before reading them (their own declarations, loop indices, the slots of a loop body, which
/// every later reader assigns again first). Not pure: array and field writes, calls with effects, calls that
/// validate their arguments' shapes or ranges (a check on input is never dead code), and any read-modify-write
/// (<c>v += e</c>) of a variable whose earlier value comes from outside: that is how the backward pass
/// accumulates adjoints, and dropping it drops gradient.
/// </summary>
internal sealed class Purity
{
    private readonly HashSet<ParameterExpression> assignedHere = [];
    private readonly bool legacyAccumulationPurity;

    private Purity(bool legacyAccumulationPurity) => this.legacyAccumulationPurity = legacyAccumulationPurity;

    /// <param name="e">The expression.</param>
    /// <param name="legacyAccumulationPurity">Tests only: reproduce the bug of treating accumulations as pure.</param>
    public static bool IsPure(Expression e, bool legacyAccumulationPurity = false) => new Purity(legacyAccumulationPurity).Pure(e);

    // Evaluation order matters: a variable counts as local once this expression has assigned it.
    private bool Pure(Expression e) => StackGuard.HasRoom ? PureOf(e) : PureDeeper(e);

    private bool PureDeeper(Expression e) => StackGuard.Run(() => PureOf(e));

    private bool PureOf(Expression e) => e switch
    {
        ConstantExpression or ParameterExpression or DefaultExpression => true,
        BinaryExpression { NodeType: ExpressionType.Assign, Left: ParameterExpression v } write => Pure(write.Right) && Assigns(v),
        BinaryExpression { Left: ParameterExpression v } compound when IsCompoundAssignment(compound.NodeType) =>
            IsLocal(v) && Pure(compound.Right),
        BinaryExpression b when b.NodeType == ExpressionType.Assign || IsCompoundAssignment(b.NodeType) => false,
        BinaryExpression b => Pure(b.Left) && Pure(b.Right),
        UnaryExpression { NodeType: ExpressionType.PreIncrementAssign or ExpressionType.PreDecrementAssign or ExpressionType.PostIncrementAssign or ExpressionType.PostDecrementAssign, Operand: ParameterExpression v } => IsLocal(v),
        UnaryExpression { NodeType: ExpressionType.Negate or ExpressionType.Convert or ExpressionType.Not or ExpressionType.ArrayLength } u => Pure(u.Operand),
        // Assignments inside a branch may not happen, so they do not make a variable local after it.
        ConditionalExpression c => Pure(c.Test) && Branch(c.IfTrue) && Branch(c.IfFalse),
        IndexExpression { Indexer: null } ix => Pure(ix.Object!) && ix.Arguments.All(Pure),
        MemberExpression m => m.Expression is null || Pure(m.Expression),
        MethodCallExpression call => IsKnownPure(call) && (call.Object is null || Pure(call.Object)) && call.Arguments.All(Pure),
        BlockExpression block => Declare(block.Variables) && block.Expressions.All(Pure),
        LoopExpression loop => Pure(loop.Body),
        GotoExpression { Value: null } or LabelExpression { DefaultValue: null } => true,
        _ => false,
    };

    private bool Assigns(ParameterExpression v)
    {
        assignedHere.Add(v);
        return true;
    }

    private bool IsLocal(ParameterExpression v) => legacyAccumulationPurity || assignedHere.Contains(v);

    private bool Declare(IEnumerable<ParameterExpression> variables)
    {
        assignedHere.UnionWith(variables);
        return true;
    }

    private bool Branch(Expression e)
    {
        var before = new HashSet<ParameterExpression>(assignedHere);
        var pure = Pure(e);
        assignedHere.IntersectWith(before);
        return pure;
    }

    private static bool IsCompoundAssignment(ExpressionType type) => type is ExpressionType.AddAssign or ExpressionType.SubtractAssign
        or ExpressionType.MultiplyAssign or ExpressionType.DivideAssign or ExpressionType.ModuloAssign or ExpressionType.PowerAssign
        or ExpressionType.AddAssignChecked or ExpressionType.SubtractAssignChecked or ExpressionType.MultiplyAssignChecked;

    private static bool IsKnownPure(MethodCallExpression call)
    {
        var type = call.Method.DeclaringType;
        if (type == typeof(Math) || type == typeof(ArrayValues)) return true;
        // The fused cross-entropy backward kernel turns its state's exponentials into the gradient in place, and
        // they may be a caller's buffer (FusedCrossEntropy): not dead when its result is unread.
        if (type == typeof(Kernels))
            return call.Method.ReturnType != typeof(void) && call.Method.GetParameters().All(p => p.ParameterType != typeof(CrossEntropyState));
        return type == typeof(Ops) && !ValidatesShapes(call);
    }

    /// <summary>Ops over two or more arrays throw when their shapes do not match (CrossEntropy's labels count:
    /// they must fit the logits); Ops taking an integer (Slice's range, Reshape's shape, Row's index) throw when
    /// it does not fit the array; Max, Min and MaxRows throw on an empty array.</summary>
    private static bool ValidatesShapes(MethodCallExpression call)
    {
        var parameters = call.Method.GetParameters();
        return parameters.Count(p => p.ParameterType.IsArray) >= 2
               || parameters.Any(p => p.ParameterType == typeof(int))
               || call.Method.Name is nameof(Ops.Max) or nameof(Ops.Min) or nameof(Ops.MaxRows);
    }
}
