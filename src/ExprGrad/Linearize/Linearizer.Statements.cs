using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Imperative trees. Statements are turned into single assignments as they are read: an assignment
/// rebinds its variable to a new atom, an element write makes a new version of the array, an
/// if-statement becomes a branch with one output per variable it assigns, and a while-loop becomes a
/// loop stage whose states are the variables it assigns.
/// </summary>
internal sealed partial class Linearizer
{
    private Expression Block(BlockExpression block, Scope scope)
    {
        block = Versioned(block);
        var outer = Declare(block, scope);
        for (int i = 0; i < block.Expressions.Count - 1; i++) Statement(block.Expressions[i], scope);
        var result = Atom(block.Result, scope);
        Undeclare(block, outer);
        return result;
    }

    private void Statement(Expression node, Scope scope)
    {
        if (StackGuard.HasRoom) StatementOf(node, scope);
        else StatementDeeper(node, scope);
    }

    private void StatementDeeper(Expression node, Scope scope) => StackGuard.Run(() => StatementOf(node, scope));

    private void StatementOf(Expression node, Scope scope)
    {
        switch (node)
        {
            case BlockExpression original:
                var block = Versioned(original);
                var outer = Declare(block, scope);
                foreach (var s in block.Expressions) Statement(s, scope);
                Undeclare(block, outer);
                return;
            case BinaryExpression b when AssignedVariables.IsAssignment(b.NodeType):
                Assign(b.Left, b.NodeType == ExpressionType.Assign ? b.Right : Expression.MakeBinary(Operator(b.NodeType), b.Left, b.Right, b.IsLiftedToNull, b.Method), scope);
                return;
            case UnaryExpression { NodeType: ExpressionType.PreIncrementAssign or ExpressionType.PostIncrementAssign } u:
                Assign(u.Operand, Expression.Add(u.Operand, One(u.Operand.Type)), scope);
                return;
            case UnaryExpression { NodeType: ExpressionType.PreDecrementAssign or ExpressionType.PostDecrementAssign } u:
                Assign(u.Operand, Expression.Subtract(u.Operand, One(u.Operand.Type)), scope);
                return;
            case ConditionalExpression c:
                IfStatement(c, scope);
                return;
            case LoopExpression loop:
                WhileLoop(loop, scope);
                return;
            case LabelExpression or DefaultExpression:
                return;
            case MethodCallExpression or InvocationExpression when node.Type == typeof(void):
            case GotoExpression:
                throw UnsupportedExpressionException.Node(node, $"ExprGrad cannot differentiate this {node.NodeType} statement.");
            default:
                Atom(node, scope); // a value computed for nothing; kept for its possible exceptions
                return;
        }
    }

    /// <summary>Declares a block's variables, noting which of its arrays are written in place; returns those of its
    /// variables that an enclosing block declared and writes in place, for <see cref="Undeclare"/>.</summary>
    private ParameterExpression[] Declare(BlockExpression block, Scope scope)
    {
        Declare(block.Variables, scope);
        var outer = block.Variables.Where(writtenInPlace.Contains).ToArray();
        var filled = options.WriteArraysInPlace ? FillPattern.In(block).ToHashSet() : [];
        foreach (var v in block.Variables)
            if (filled.Contains(v)) writtenInPlace.Add(v);
            else writtenInPlace.Remove(v);
        return outer;
    }

    /// <summary>The block with a fresh version of each array a loop of its fills (<see cref="ArrayVersions"/>).</summary>
    private BlockExpression Versioned(BlockExpression block) =>
        options.WriteArraysInPlace ? ArrayVersions.Rewrite(block, writtenInPlace) : block;

    /// <summary>At the end of a block, its variables are the enclosing block's again (the same node may be declared twice).</summary>
    private void Undeclare(BlockExpression block, ParameterExpression[] outer)
    {
        writtenInPlace.ExceptWith(block.Variables);
        writtenInPlace.UnionWith(outer);
    }

    private void Declare(IEnumerable<ParameterExpression> variables, Scope scope)
    {
        foreach (var v in variables)
            scope.Bind(v, Expression.Constant(v.Type.IsValueType ? Activator.CreateInstance(v.Type) : null, v.Type));
    }

    private void Assign(Expression target, Expression value, Scope scope)
    {
        switch (target)
        {
            case ParameterExpression v:
                scope.Bind(v, Atom(value, scope));
                return;
            case IndexExpression { Object: ParameterExpression array, Indexer: null } element when writtenInPlace.Contains(array):
                scope.Bind(array, InPlaceWrite(array, element.Arguments, value, scope));
                return;
            case IndexExpression { Object: ParameterExpression array, Indexer: null } element:
                var write = array.Type == typeof(double[])
                    ? Expression.Call(typeof(ArrayValues), nameof(ArrayValues.With), null, array, element.Arguments[0], value)
                    : Expression.Call(typeof(ArrayValues), nameof(ArrayValues.With), null, array, element.Arguments[0], element.Arguments[1], value);
                scope.Bind(array, Atom(write, scope));
                return;
            default:
                throw UnsupportedExpressionException.Node(target, "ExprGrad can only assign to variables and to elements of double[] or double[,] variables.");
        }
    }

    /// <summary><c>a[i] = v</c> on an array written in place: a stage that writes the element and hands the array on.</summary>
    private Expression InPlaceWrite(ParameterExpression array, IReadOnlyList<Expression> indexNodes, Expression value, Scope scope)
    {
        Expression[] args = [Atom(array, scope), .. indexNodes.Select(i => Atom(i, scope)), Atom(value, scope)];
        var write = Expression.Call(typeof(ArrayWrites), nameof(ArrayWrites.Set), null, args);
        if (!active.Contains(args[0]) && !active.Contains(args[^1])) return Passive(write, scope);
        inPlaceWrites++;
        var output = NewSlot(array.Type, "w", scope);
        scope.Tape.Steps.Add(new PrimitiveStep(output, write, array.Type == typeof(double[]) ? ArrayWrites.VectorRule : ArrayWrites.MatrixRule, args));
        active.Add(output);
        return output;
    }

    private Expression Current(ParameterExpression v, Scope scope) => scope.TryResolve(v, out var atom) ? atom : v;

    private void IfStatement(ConditionalExpression statement, Scope scope)
    {
        var assigned = AssignedVariables.In(statement.IfTrue, statement.IfFalse);
        var test = Atom(statement.Test, scope);
        // A jump out of the branch would leave the loop or skip statements: only the loop shapes below know how.
        // A whole loop inside a branch keeps its jumps to itself.
        if (Jumps.Escape(statement.IfTrue) || Jumps.Escape(statement.IfFalse))
            throw UnsupportedExpressionException.Node(statement,
                "ExprGrad differentiates a break only as the first statement of a loop, after statements that assign only the loop's own variables, and a continue only as a statement of the loop's body.");
        if (assigned.Count == 0) return;
        var whenTrue = scope.Child();
        Statement(statement.IfTrue, whenTrue);
        var whenFalse = scope.Child();
        Statement(statement.IfFalse, whenFalse);
        var trueResults = assigned.Select(v => Current(v, whenTrue)).ToArray();
        var falseResults = assigned.Select(v => Current(v, whenFalse)).ToArray();
        var outputs = assigned.Select(v => NewSlot(v.Type, v.Name ?? "v", scope)).ToArray();
        scope.Tape.Steps.Add(new BranchStep(outputs, test, whenTrue.Tape, trueResults, whenFalse.Tape, falseResults));
        for (int i = 0; i < assigned.Count; i++)
        {
            if (active.Contains(trueResults[i]) || active.Contains(falseResults[i])) active.Add(outputs[i]);
            scope.Bind(assigned[i], outputs[i]);
        }
    }

    private static ExpressionType Operator(ExpressionType assignment) =>
        CompoundOperator(assignment) ?? throw new ArgumentOutOfRangeException(nameof(assignment));

    /// <summary>The arithmetic operator of a compound assignment (<c>x += e</c> is <c>x = x + e</c>); null for other nodes.</summary>
    internal static ExpressionType? CompoundOperator(ExpressionType assignment) => assignment switch
    {
        ExpressionType.AddAssign or ExpressionType.AddAssignChecked => ExpressionType.Add,
        ExpressionType.SubtractAssign or ExpressionType.SubtractAssignChecked => ExpressionType.Subtract,
        ExpressionType.MultiplyAssign or ExpressionType.MultiplyAssignChecked => ExpressionType.Multiply,
        ExpressionType.DivideAssign => ExpressionType.Divide,
        ExpressionType.ModuloAssign => ExpressionType.Modulo,
        ExpressionType.PowerAssign => ExpressionType.Power,
        _ => null,
    };

    private static Expression One(Type type) => Expression.Constant(Convert.ChangeType(1, type), type);
}
