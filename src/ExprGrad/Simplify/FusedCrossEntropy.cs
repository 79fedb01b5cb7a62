using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad;

/// <summary>
/// <see cref="GradientOptions.FuseCrossEntropy"/>: a compiled gradient that computes <c>v = Ops.CrossEntropy(z, l)</c>
/// and, later in the same block, its backward kernel <c>Kernels.CrossEntropyBackward(z, l, g)</c> computes every
/// row's exp(z − max) once instead of twice: the forward statement becomes <c>s = Kernels.CrossEntropyState(z, l);
/// v = s.Value</c> and the backward call <c>Kernels.CrossEntropyBackward(s, g)</c>, which turns the kept exponentials
/// into the gradient in place. The same operations in the same order, so the same values bit for bit. When the
/// gradient is then copied into a caller's buffer (<c>Grad.ValueAndGradientInto</c>), the exponentials are computed in
/// that buffer and the copy goes: the call allocates no gradient.
/// </summary>
/// <remarks>
/// Fused only when the backward call runs at most once per forward statement and sees the same arrays: it is the
/// only such call in the rest of the block, it is not inside a loop, a branch or a lambda, and no statement between
/// the two assigns the logits or labels variable or writes into the logits. Only programs compiled straight to a
/// delegate are fused: expression forms, which forward mode transforms further, know no tangent of the fused kernels.
/// </remarks>
internal static class FusedCrossEntropy
{
    private static readonly MethodInfo Forward = typeof(Ops).GetMethod(nameof(Ops.CrossEntropy), [typeof(double[,]), typeof(int[])])!;
    private static readonly MethodInfo Backward =
        typeof(Kernels).GetMethod(nameof(Kernels.CrossEntropyBackward), [typeof(double[,]), typeof(int[]), typeof(double)])!;
    private static readonly MethodInfo State = typeof(Kernels).GetMethod(nameof(Kernels.CrossEntropyState), BindingFlags.Static | BindingFlags.NonPublic,
        [typeof(double[,]), typeof(int[]), typeof(double[,])])!;
    private static readonly MethodInfo Copy = typeof(Array).GetMethod(nameof(Array.Copy), [typeof(Array), typeof(Array), typeof(int)])!;
    private static readonly MethodInfo FusedBackward =
        typeof(Kernels).GetMethod(nameof(Kernels.CrossEntropyBackward), BindingFlags.Static | BindingFlags.NonPublic, [typeof(CrossEntropyState), typeof(double)])!;

    public static LambdaExpression Run(LambdaExpression program)
    {
        var body = new Rewriter().Visit(program.Body)!;
        return body == program.Body ? program : Expression.Lambda(program.Type, body, program.Name, program.Parameters);
    }

    // Every visitor here hops to a fresh stack when deep (programs of thousands of nested nodes), as the other passes do.
    private sealed class Rewriter : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node) => node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

        private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

        protected override Expression VisitBlock(BlockExpression node)
        {
            var block = (BlockExpression)base.VisitBlock(node);
            List<Expression>? statements = null;
            List<ParameterExpression>? variables = null;
            var current = block.Expressions;
            for (int i = 0; i < current.Count; i++)
            {
                if (current[i] is not BinaryExpression { NodeType: ExpressionType.Assign, Left: ParameterExpression value, Right: MethodCallExpression call }
                    || call.Method != Forward
                    || call.Arguments[0] is not ParameterExpression logits
                    || call.Arguments[1] is not (ParameterExpression or ConstantExpression)) continue;
                var labels = call.Arguments[1];
                if (OnlyBackward(current, i + 1, logits, labels) is not var (at, backward)) continue;
                statements ??= [.. current];
                variables ??= [.. block.Variables];
                var state = Expression.Variable(typeof(CrossEntropyState), value.Name + "_state");
                variables.Add(state);
                statements[at] = new Replace(backward, Expression.Call(FusedBackward, state, backward.Arguments[2])).Visit(statements[at])!;
                Expression into = Expression.Constant(null, typeof(double[,]));
                if (CopiedInto(statements, i, at, variables) is var (buffer, copy))
                {
                    into = buffer;
                    statements[copy] = Expression.Empty();
                }
                statements[i] = Expression.Block(
                    Expression.Assign(state, Expression.Call(State, logits, labels, into)),
                    Expression.Assign(value, Expression.Property(state, nameof(CrossEntropyState.Value))));
                current = statements.AsReadOnly();
            }
            return statements is null ? block : Expression.Block(block.Type, variables!, statements);
        }

        /// <summary>
        /// The caller's buffer the gradient is copied into at the end (<c>Grad.ValueAndGradientInto</c>) and the copy's
        /// statement, when the exponentials can be computed in that buffer instead: the backward statement assigns the
        /// gradient to a variable of this block that nothing but the copy reads, into a parameter (not a variable of
        /// this block) that no statement from the forward one on reads or writes but the copy.
        /// </summary>
        private static (ParameterExpression, int)? CopiedInto(List<Expression> statements, int forward, int backward, List<ParameterExpression> variables)
        {
            if (statements[backward] is not BinaryExpression { NodeType: ExpressionType.Assign, Left: ParameterExpression gradient, Right: MethodCallExpression call }
                || call.Method != FusedBackward || !variables.Contains(gradient)) return null;
            for (int j = backward + 1; j < statements.Count; j++)
            {
                if (statements[j] is not MethodCallExpression copy || copy.Method != Copy
                    || copy.Arguments[0] is not UnaryExpression { NodeType: ExpressionType.Convert, Operand: var from } || from != gradient
                    || copy.Arguments[1] is not UnaryExpression { NodeType: ExpressionType.Convert, Operand: ParameterExpression buffer }
                    || buffer.Type != typeof(double[,]) || variables.Contains(buffer)) continue;
                var others = statements.Where((_, k) => k >= forward && k != j).ToList();
                bool Occurs(ParameterExpression v) => others.Any(o => new Occurrence(v).In(o));
                return Occurs(buffer) || statements.Skip(backward + 1).Where((_, k) => k + backward + 1 != j).Any(o => new Occurrence(gradient).In(o))
                    ? null : (buffer, j);
            }
            return null;
        }

        /// <summary>The statement holding the one backward call of (logits, labels) from <paramref name="from"/> on,
        /// and the call; null when there is none, more than one, or one that may run more than once or see other arrays.</summary>
        private static (int, MethodCallExpression)? OnlyBackward(IReadOnlyList<Expression> statements, int from, ParameterExpression logits, Expression labels)
        {
            (int, MethodCallExpression)? found = null;
            for (int j = from; j < statements.Count; j++)
            {
                var finder = new Finder(logits, labels);
                finder.Visit(statements[j]);
                if (finder.Unsafe || finder.Calls.Count > 1 || (finder.Calls.Count == 1 && found is not null)) return null;
                if (finder.Calls.Count == 1) found = (j, finder.Calls[0]);
                // After a write the same variables hold other arrays: later calls belong to another loss.
                if (finder.Writes) return finder.Calls.Count == 0 ? found : null;
            }
            return found;
        }
    }

    /// <summary>Finds backward calls of (logits, labels) in one statement, and writes to those variables or into the logits.</summary>
    private sealed class Finder(ParameterExpression logits, Expression labels) : ExpressionVisitor
    {
        private int guarded;

        public override Expression? Visit(Expression? node) => node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

        private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

        public List<MethodCallExpression> Calls { get; } = [];

        public bool Unsafe { get; private set; }

        public bool Writes { get; private set; }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method == Backward && node.Arguments[0] == logits && SameLabels(node.Arguments[1]))
            {
                Calls.Add(node);
                if (guarded > 0) Unsafe = true;
            }
            return base.VisitMethodCall(node);
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (IsWrite(node.NodeType) && (node.Left == logits || node.Left == labels
                                          || node.Left is IndexExpression { Object: var o } && o == logits
                                          || node.Left is BinaryExpression { NodeType: ExpressionType.ArrayIndex, Left: var a } && a == logits))
                Writes = true;
            return base.VisitBinary(node);
        }

        protected override Expression VisitLoop(LoopExpression node) => Guarded(() => base.VisitLoop(node));

        protected override Expression VisitConditional(ConditionalExpression node) => Guarded(() => base.VisitConditional(node));

        protected override Expression VisitTry(TryExpression node) => Guarded(() => base.VisitTry(node));

        protected override Expression VisitLambda<T>(Expression<T> node) => Guarded(() => base.VisitLambda(node));

        private Expression Guarded(Func<Expression> visit)
        {
            guarded++;
            try { return visit(); }
            finally { guarded--; }
        }

        private bool SameLabels(Expression e) =>
            e == labels || e is ConstantExpression c && labels is ConstantExpression l && ReferenceEquals(c.Value, l.Value);

        private static bool IsWrite(ExpressionType type) => type is ExpressionType.Assign or ExpressionType.AddAssign
            or ExpressionType.SubtractAssign or ExpressionType.MultiplyAssign or ExpressionType.DivideAssign;
    }

    /// <summary>Whether a variable occurs in an expression.</summary>
    private sealed class Occurrence(ParameterExpression variable) : ExpressionVisitor
    {
        private bool found;

        public bool In(Expression e)
        {
            Visit(e);
            return found;
        }

        public override Expression? Visit(Expression? node) => found || node is null ? node : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

        private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

        protected override Expression VisitParameter(ParameterExpression node)
        {
            found |= node == variable;
            return node;
        }
    }

    /// <summary>Replaces one node (by reference).</summary>
    private sealed class Replace(Expression target, Expression replacement) : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node) =>
            node == target ? replacement : node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

        private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));
    }
}
