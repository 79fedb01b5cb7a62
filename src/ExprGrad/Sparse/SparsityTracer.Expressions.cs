using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad;

internal sealed partial class SparsityTracer
{
    private static readonly MethodInfo JoinValues = typeof(TraceValues).GetMethod(nameof(TraceValues.Join))!;
    private static readonly MethodInfo OpaqueCall = typeof(TraceContext).GetMethod(nameof(TraceContext.Opaque))!;

    private Expression Binary(BinaryExpression node)
    {
        if (node.NodeType == ExpressionType.Assign) return Assign(node.Left, node.Right);
        if (Linearizer.CompoundOperator(node.NodeType) is { } op && TraceValues.IsTraced(node.Left.Type))
            return Assign(node.Left, Expression.MakeBinary(op, node.Left, node.Right));
        if (node.NodeType == ExpressionType.ArrayIndex) return Expression.ArrayIndex(Rewrite(node.Left), Rewrite(node.Right));
        if (node.Type == typeof(double))
        {
            var (a, b) = (Scalar(node.Left), Scalar(node.Right));
            return node.NodeType switch
            {
                ExpressionType.Add or ExpressionType.AddChecked or ExpressionType.Subtract or ExpressionType.SubtractChecked => Context(nameof(TraceContext.Linear), a, b),
                ExpressionType.Multiply or ExpressionType.MultiplyChecked => Context(nameof(TraceContext.Product), a, b),
                ExpressionType.Divide => Context(nameof(TraceContext.Quotient), a, b),
                _ => Context(nameof(TraceContext.Nonlinear), a, b),
            };
        }
        if (TraceValues.IsTraced(node.Left.Type) && !node.Left.Type.IsArray || TraceValues.IsTraced(node.Type))
            throw new TraceNotSupportedException($"a {node.NodeType} of values");
        if (node.NodeType is ExpressionType.Equal or ExpressionType.NotEqual && node.Left.Type.IsArray)
            return Expression.MakeBinary(node.NodeType, Rewrite(node.Left), Rewrite(node.Right));
        return Expression.MakeBinary(node.NodeType, Rewrite(node.Left), Rewrite(node.Right), node.IsLiftedToNull, node.Method);
    }

    /// <summary>An operand of double arithmetic: an int operand (a converted counter) depends on no input.</summary>
    private Expression Scalar(Expression operand) =>
        operand.Type == typeof(double) ? Rewrite(operand) : Expression.Constant(null, typeof(IndexSet));

    private Expression Context(string operation, Expression a, Expression b) => Expression.Call(context, operation, null, a, b);

    private Expression Assign(Expression target, Expression value)
    {
        switch (target)
        {
            case ParameterExpression v when TraceValues.IsTraced(v.Type):
                var traced = Variable(v);
                return Expression.Assign(traced, Weak ? Join(traced, Rewrite(value)) : Rewrite(value));
            case ParameterExpression v when undecided.Contains(v):
                // Nobody reads it concretely (reading it would stop the trace): the assignment has no effect on the pattern.
                return Expression.Default(v.Type);
            case ParameterExpression v:
                return Expression.Assign(v, Rewrite(value));
            case IndexExpression { Indexer: null } element when TraceValues.IsTraced(element.Type):
                if (!Weak) return Expression.Assign(Expression.ArrayAccess(Rewrite(element.Object!), element.Arguments.Select(Rewrite)), Rewrite(value));
                // The element is read and written once, whatever the index expressions do.
                var array = Expression.Variable(TraceValues.Of(element.Object!.Type), "array");
                var indices = element.Arguments.Select(a => Expression.Variable(a.Type, "index")).ToArray();
                var slot = Expression.ArrayAccess(array, indices);
                return Expression.Block(TraceValues.Of(element.Type), [array, .. indices],
                    [Expression.Assign(array, Rewrite(element.Object!)), .. indices.Select((i, k) => Expression.Assign(i, Rewrite(element.Arguments[k]))),
                     Expression.Assign(slot, Join(slot, Rewrite(value)))]);
            case IndexExpression { Indexer: null } element when !Weak:
                return Expression.Assign(Expression.ArrayAccess(Rewrite(element.Object!), element.Arguments.Select(Rewrite)), Rewrite(value));
            default:
                throw new TraceNotSupportedException($"a write to a {target.NodeType} {(Weak ? "in a branch on values" : "")}");
        }
    }

    /// <summary>A weak update: the old value joined with the new one.</summary>
    private Expression Join(Expression old, Expression value) =>
        old.Type == typeof(IndexSet)
            ? Context(nameof(TraceContext.Linear), old, value)
            : Expression.Convert(Expression.Call(JoinValues, Expression.Convert(old, typeof(object)), Expression.Convert(value, typeof(object))), old.Type);

    private Expression Unary(UnaryExpression node)
    {
        switch (node.NodeType)
        {
            case ExpressionType.Negate or ExpressionType.NegateChecked or ExpressionType.UnaryPlus when node.Type == typeof(double):
                return Rewrite(node.Operand);
            case ExpressionType.Convert or ExpressionType.ConvertChecked when node.Type == typeof(double):
                return Scalar(node.Operand);
            case ExpressionType.Convert or ExpressionType.ConvertChecked when node.Operand.Type == typeof(double):
                throw new TraceNotSupportedException("a double converted to " + node.Type.Name);
            case ExpressionType.Throw:
                return Weak ? Expression.Default(TraceValues.Of(node.Type))
                    : Expression.Throw(node.Operand is null ? null : Rewrite(node.Operand), TraceValues.Of(node.Type));
            case ExpressionType.ArrayLength:
                return Expression.ArrayLength(Rewrite(node.Operand));
            case ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.TypeAs:
                return Expression.MakeUnary(node.NodeType, Rewrite(node.Operand), TraceValues.Of(node.Type));
            default:
                if (TraceValues.IsTraced(node.Type) || TraceValues.IsTraced(node.Operand.Type))
                    throw new TraceNotSupportedException($"a {node.NodeType} of values");
                if (Weak && node.NodeType is ExpressionType.PreIncrementAssign or ExpressionType.PostIncrementAssign
                    or ExpressionType.PreDecrementAssign or ExpressionType.PostDecrementAssign && node.Operand is not ParameterExpression)
                    throw new TraceNotSupportedException("an element update in a branch on values");
                return Expression.MakeUnary(node.NodeType, Rewrite(node.Operand), node.Type, node.Method);
        }
    }

    private Expression Call(MethodCallExpression node)
    {
        var method = node.Method;
        var traced = node.Arguments.Append(node.Object).Any(a => a is not null && TraceValues.IsTraced(a.Type) && ReadsTracedVariables(a));
        if (!traced)
            return TraceValues.IsTraced(node.Type) && node.Type != typeof(double) ? Known(node)
                : node.Type == typeof(double) ? Expression.Constant(null, typeof(IndexSet))
                : node.Update(node.Object is null ? null : Rewrite(node.Object), node.Arguments.Select(Rewrite));
        if (method.DeclaringType == typeof(Math) && node.Type == typeof(double))
        {
            var operands = node.Arguments.Select(Scalar).ToArray();
            return method.Name switch
            {
                // Piecewise linear: the result is one of the operands (or a sum), with no second derivative of its own.
                nameof(Math.Abs) or nameof(Math.Max) or nameof(Math.Min) or nameof(Math.Clamp) or nameof(Math.MaxMagnitude) or nameof(Math.MinMagnitude)
                    => Fold(nameof(TraceContext.Linear), operands),
                nameof(Math.Floor) or nameof(Math.Ceiling) or nameof(Math.Round) or nameof(Math.Truncate) => Expression.Constant(null, typeof(IndexSet)),
                _ => Fold(nameof(TraceContext.Nonlinear), operands),
            };
        }
        var arguments = node.Arguments.Select(Rewrite).ToArray();
        var target = node.Object is null ? null : Rewrite(node.Object);
        var parameters = method.GetParameters();
        if ((method.DeclaringType == typeof(ArrayValues) || method.DeclaringType == typeof(ArrayWrites))
            && typeof(TraceArrays).GetMethod(Weak && method.Name == nameof(ArrayWrites.Set) ? nameof(TraceArrays.JoinSet) : method.Name,
                [.. arguments.Select(a => a.Type)]) is { } mirror)
            return Expression.Call(mirror, arguments);
        if (!method.IsGenericMethod && !TraceValues.IsTraced(node.Type) && (target is null || method.DeclaringType!.IsAssignableFrom(target.Type))
            && arguments.Select((a, k) => parameters[k].ParameterType.IsAssignableFrom(a.Type)).All(ok => ok)
            && (node.Type == typeof(void) || node.Type == typeof(object) || !undecided.IsUndecided(node)))
            // A method that takes the traced values as they are: an array's Clone, Array.Copy, a shape query.
            return Expression.Call(target, method, arguments);
        if (node.Object is not null || method.IsGenericMethod || parameters.Any(p => p.ParameterType.IsByRef))
            throw new TraceNotSupportedException($"a call to {method.DeclaringType?.Name}.{method.Name}");
        if (node.Type == typeof(double) && parameters.All(p => p.ParameterType == typeof(double)))
            return Fold(nameof(TraceContext.Nonlinear), arguments);
        if (!TraceValues.IsTraced(node.Type) && node.Type != typeof(void))
            throw new TraceNotSupportedException($"a {node.Type.Name} computed by {method.Name} from values");
        var call = Expression.Call(context, OpaqueCall, Expression.Constant(method),
            Expression.NewArrayInit(typeof(object), arguments.Select(a => Expression.Convert(a, typeof(object)))));
        return node.Type == typeof(void) ? call : Expression.Convert(call, TraceValues.Of(node.Type));
    }

    private Expression Fold(string operation, Expression[] operands) => operands switch
    {
        [] => Expression.Constant(null, typeof(IndexSet)),
        [var only] => Context(operation, only, Expression.Constant(null, typeof(IndexSet))),
        _ => operands.Skip(1).Aggregate(operands[0], (a, b) => Context(operation, a, b)),
    };
}
