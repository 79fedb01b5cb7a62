using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Stage 1, first step: arrays written through a name other than their own. The core's arrays are values (a write
/// makes a new version under the name written through), which is .NET's meaning only while no other name holds
/// the array. So a captured array (a constant or a closure field) that is written, or assigned to a variable, is
/// read once at entry into a variable of its own (the caller's array keeps its values; the function writes its
/// copy, as it writes a parameter array's); a variable assigned once from another array variable that nothing
/// reassigns while it is in scope (<c>var b = a;</c>) is replaced by that variable, so writes through either name
/// are seen by both; any other second name for an array written while both names hold it is rejected by
/// <see cref="SharedArrayWrites"/> once the body is normalized (a [Differentiable] method's body inlined).
/// </summary>
internal static class ArrayAliases
{
    public static Expression Run(Expression body)
    {
        body = StackGuard.Run(() => new DerivativeBodies().Visit(body)!);
        return StackGuard.Run(() => new AliasSubstitution().Visit(Hoisted(body))!);
    }

    /// <summary>The captured arrays written (or named) in <paramref name="body"/>, outside nested derivatives, each
    /// read once into a variable at its start.</summary>
    private static Expression Hoisted(Expression body)
    {
        var captured = CapturedFinder.WrittenOrNamed(body);
        if (captured.Count == 0) return body;
        var variables = captured.Select(c => Expression.Variable(c.Type, "captured")).ToArray();
        var hoisted = new CapturedReplacer(captured, variables).Visit(body)!;
        return Expression.Block(body.Type, variables,
            [.. captured.Select((c, i) => (Expression)Expression.Assign(variables[i], c)), hoisted]);
    }

    /// <summary>A nested derivative's function is evaluated where the derivative is (its body becomes a let there):
    /// a captured array written only inside it is read at its start, innermost first.</summary>
    private sealed class DerivativeBodies : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            var visited = (MethodCallExpression)base.VisitMethodCall(node);
            if (visited.Method != OpsMethods.Derivative
                || visited.Arguments[0] is not UnaryExpression { NodeType: ExpressionType.Quote, Operand: LambdaExpression lambda })
                return visited;
            var body = Hoisted(lambda.Body);
            return body == lambda.Body ? visited
                : visited.Update(null, [Expression.Quote(Expression.Lambda(lambda.Type, body, lambda.Parameters)), visited.Arguments[1]]);
        }

        public override Expression? Visit(Expression? node) =>
            node is null ? null : StackGuard.HasRoom ? base.Visit(node) : StackGuard.Run(() => base.Visit(node));
    }

    /// <summary>An array read from outside the function: a constant, or a field or property of a constant (a closure)
    /// or of no instance (a static).</summary>
    internal static bool IsCaptured(Expression e) => e.Type.IsArray && e switch
    {
        ConstantExpression { Value: not null } => true,
        MemberExpression { Expression: null or ConstantExpression } => true,
        _ => false,
    };

    /// <summary>Two reads of the same captured array: the same constant object, or the same member of it.</summary>
    internal static bool Same(Expression a, Expression b) => (a, b) switch
    {
        (ConstantExpression x, ConstantExpression y) => ReferenceEquals(x.Value, y.Value),
        (MemberExpression x, MemberExpression y) => x.Member == y.Member
            && (x.Expression, y.Expression) switch
            {
                (null, null) => true,
                (ConstantExpression p, ConstantExpression q) => ReferenceEquals(p.Value, q.Value),
                _ => false,
            },
        _ => false,
    };

    private sealed class CapturedFinder : ExpressionVisitor
    {
        private readonly List<Expression> found = [];
        private int lambdas;

        public static List<Expression> WrittenOrNamed(Expression body)
        {
            var finder = new CapturedFinder();
            StackGuard.Run(() => finder.Visit(body));
            return finder.found;
        }

        private void Note(Expression e, BinaryExpression assignment)
        {
            if (!IsCaptured(e)) return;
            // Its copy is made once per call of the function, outside the lambda, which runs any number of times
            // (and which forward mode cannot write an outer array from).
            if (lambdas > 0)
                throw new UnsupportedExpressionException(assignment,
                    "ExprGrad cannot write into a captured array inside a lambda (a sum's term, a map's element, a scan's step).",
                    "copy the array into a local array first (new double[n] and a loop) and write into that.");
            if (!found.Any(f => Same(f, e))) found.Add(e);
        }

        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            lambdas++;
            try { return base.VisitLambda(node); }
            finally { lambdas--; }
        }

        /// <summary>A nested derivative's function has its own copies (<see cref="DerivativeBodies"/>); a let's body runs
        /// once, where the let is (how the shaped entry points bind their parameters).</summary>
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method == OpsMethods.Derivative)
            {
                Visit(node.Arguments[1]);
                return node;
            }
            if (node.Method.IsGenericMethod && node.Method.GetGenericMethodDefinition() == OpsMethods.Let
                && node.Arguments[1] is LambdaExpression let)
            {
                Visit(node.Arguments[0]);
                Visit(let.Body);
                return node;
            }
            return base.VisitMethodCall(node);
        }

        /// <summary>A lambda invoked in place runs once, there (it becomes a let).</summary>
        protected override Expression VisitInvocation(InvocationExpression node)
        {
            if (node.Expression is not LambdaExpression invoked) return base.VisitInvocation(node);
            Visit(node.Arguments);
            Visit(invoked.Body);
            return node;
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (AssignedVariables.IsAssignment(node.NodeType))
            {
                if (node.Left is IndexExpression { Object: { } array }) Note(array, node);
                if (node.NodeType == ExpressionType.Assign && node.Left is ParameterExpression) Note(node.Right, node);
            }
            return base.VisitBinary(node);
        }

        public override Expression? Visit(Expression? node) =>
            node is null ? null : StackGuard.HasRoom ? base.Visit(node) : StackGuard.Run(() => base.Visit(node));
    }

    private sealed class CapturedReplacer(List<Expression> captured, ParameterExpression[] variables) : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node)
        {
            if (node is not null && IsCaptured(node) && captured.FindIndex(c => Same(c, node)) is var i and >= 0) return variables[i];
            return node is null ? null : StackGuard.HasRoom ? base.Visit(node) : StackGuard.Run(() => base.Visit(node));
        }
    }

    /// <summary><c>{ …; b = a; rest }</c> with b a variable of this block assigned nowhere else and not read before,
    /// a an array variable no statement of <c>rest</c> assigns: <c>{ …; rest[b := a] }</c>, exactly the same
    /// program, since b and a name one array for as long as b exists.</summary>
    private sealed class AliasSubstitution : ExpressionVisitor
    {
        protected override Expression VisitBlock(BlockExpression node)
        {
            node = (BlockExpression)base.VisitBlock(node);
            for (int k = 0; k < node.Expressions.Count - 1; k++)
            {
                if (node.Expressions[k] is not BinaryExpression { NodeType: ExpressionType.Assign, Left: ParameterExpression b, Right: ParameterExpression a }
                    || !b.Type.IsArray || a.Type != b.Type || a == b || !node.Variables.Contains(b))
                    continue;
                var before = node.Expressions.Take(k).ToArray();
                var rest = node.Expressions.Skip(k + 1).ToArray();
                if (before.Any(e => Mentions(e, b)) || rest.Any(e => AssignsWhole(e, b) || AssignsWhole(e, a))) continue;
                var map = new Dictionary<ParameterExpression, Expression> { [b] = a };
                var replaced = rest.Select(e => ParameterSubstitution.Apply(e, map));
                return Visit(Expression.Block(node.Type, node.Variables.Where(v => v != b), [.. before, .. replaced]))!;
            }
            return node;
        }

        private static bool Mentions(Expression e, ParameterExpression v) => Occurrences.Of(e, v) > 0;

        private static bool AssignsWhole(Expression e, ParameterExpression v) =>
            new Finder(x => AssignedVariables.TargetOf(x) == v).Any(e);

        public override Expression? Visit(Expression? node) =>
            node is null ? null : StackGuard.HasRoom ? base.Visit(node) : StackGuard.Run(() => base.Visit(node));
    }

    private sealed class Finder(Func<Expression, bool> predicate) : ExpressionVisitor
    {
        private bool found;

        public bool Any(Expression e)
        {
            StackGuard.Run(() => Visit(e));
            return found;
        }

        public override Expression? Visit(Expression? node)
        {
            if (found || node is null) return node;
            if (predicate(node)) { found = true; return node; }
            return StackGuard.HasRoom ? base.Visit(node) : StackGuard.Run(() => base.Visit(node));
        }
    }
}
