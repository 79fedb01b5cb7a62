using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad;

/// <summary>
/// <see cref="GradientOptions.ReuseIntermediates"/>: a matrix a compiled gradient computes with a whole-array kernel
/// (<c>t = Ops.MatMul(a, b)</c>, an activation, an elementwise adjoint, a transposed product) and uses only internally
/// is written into a matrix kept in a <see cref="Scratch"/> slot from one call to the next, instead of a new one per
/// call: <c>t = Kernels.MatMul(a, b, new Destination(scratch, slot))</c>. A dense net's forward values and their
/// adjoints are then allocated once, and a call allocates only the gradient it returns.
/// </summary>
/// <remarks>
/// A variable qualifies when it is one of the program's own variables, assigned once, by a top-level statement
/// (so once per call, never in a loop or a branch), and every other occurrence only reads it where nothing can keep
/// it: an argument of a kernel that returns a number or a new array (each of these kernels' results is new or is
/// itself such a site), an element read or write, its length. Anything else — a result, a tuple, another variable,
/// a call that may return its argument (<c>StopGradient</c>), a copy into a caller's buffer, a lambda — keeps it a
/// fresh array, so what a caller receives is never scratch. The scratch is rented after the argument checks and
/// returned before the result is built; concurrent or reentrant calls rent separate scratches
/// (<see cref="ScratchPool"/>). Runs last, on the simplified program, so no later pass can turn a read into an alias.
/// </remarks>
internal static class IntermediateArrays
{
    private static readonly Dictionary<MethodInfo, MethodInfo> Variants = BuildVariants();

    public static LambdaExpression Apply(LambdaExpression program)
    {
        if (program.Body is not BlockExpression { Expressions.Count: > 1 } body) return program;
        var statements = body.Expressions;
        // A label among the top-level statements could be jumped back to, running a statement twice in one call.
        if (statements.Any(s => s is LabelExpression)) return program;
        var candidates = new Dictionary<ParameterExpression, int>();
        var owned = body.Variables.ToHashSet();
        for (int i = 0; i < statements.Count - 1; i++)
            if (Definition(statements[i]) is var (v, call) && owned.Contains(v) && Variants.ContainsKey(call.Method))
                candidates[v] = candidates.ContainsKey(v) ? -1 : i;
        foreach (var v in candidates.Where(c => c.Value < 0).Select(c => c.Key).ToList()) candidates.Remove(v);
        if (candidates.Count == 0) return program;

        var uses = new UseCheck(candidates);
        for (int i = 0; i < statements.Count; i++)
        {
            uses.ResultStatement = i == statements.Count - 1;
            uses.Visit(statements[i]);
        }
        var sites = candidates.Where(c => !uses.Escaped.Contains(c.Key) && uses.Definitions[c.Key] == 1)
            .Select(c => c.Value).Order().ToList();
        if (sites.Count == 0) return program;

        var scratch = Expression.Variable(typeof(Scratch), "intermediates");
        var pool = Expression.Constant(new ScratchPool(sites.Count));
        var code = statements.ToList();
        for (int slot = 0; slot < sites.Count; slot++)
        {
            var (v, call) = Definition(code[sites[slot]])!.Value;
            var destination = Expression.New(typeof(Destination).GetConstructor([typeof(Scratch), typeof(int)])!, scratch, Expression.Constant(slot));
            code[sites[slot]] = Expression.Assign(v, Expression.Call(Variants[call.Method], [.. call.Arguments, destination]));
        }
        // Rented just before the first site, so argument checks that throw leave the pool alone.
        code.Insert(code.Count - 1, Expression.Call(pool, nameof(ScratchPool.Return), null, scratch));
        code.Insert(sites[0], Expression.Assign(scratch, Expression.Call(pool, nameof(ScratchPool.Rent), null)));
        return Expression.Lambda(program.Type, Expression.Block(body.Type, [.. body.Variables, scratch], code), program.Name, program.Parameters);
    }

    private static (ParameterExpression, MethodCallExpression)? Definition(Expression statement) =>
        statement is BinaryExpression { NodeType: ExpressionType.Assign, Left: ParameterExpression v, Right: MethodCallExpression call }
            ? (v, call) : null;

    /// <summary>Each kernel that allocates its result, paired with its form that writes into a <see cref="Destination"/>.</summary>
    private static Dictionary<MethodInfo, MethodInfo> BuildVariants()
    {
        Type m = typeof(double[,]), d = typeof(double);
        (Type Type, string Name, Type[] Parameters)[] kernels =
        [
            (typeof(Ops), nameof(Ops.MatMul), [m, m]),
            (typeof(Ops), nameof(Ops.Add), [m, m]),
            (typeof(Ops), nameof(Ops.Subtract), [m, m]),
            (typeof(Ops), nameof(Ops.Multiply), [m, m]),
            (typeof(Ops), nameof(Ops.Scale), [d, m]),
            (typeof(Ops), nameof(Ops.Sigmoid), [m]),
            (typeof(Ops), nameof(Ops.Relu), [m]),
            (typeof(Ops), nameof(Ops.Tanh), [m]),
            (typeof(Ops), nameof(Ops.Exp), [m]),
            (typeof(Ops), nameof(Ops.Log), [m]),
            (typeof(Kernels), nameof(Kernels.MatMul), [m, m]),
            (typeof(Kernels), nameof(Kernels.MatMulTransposeA), [m, m]),
            (typeof(Kernels), nameof(Kernels.MatMulTransposeB), [m, m]),
            (typeof(Kernels), nameof(Kernels.SigmoidBackward), [m, m]),
            (typeof(Kernels), nameof(Kernels.TanhBackward), [m, m]),
            (typeof(Kernels), nameof(Kernels.ReluBackward), [m, m]),
            (typeof(Kernels), nameof(Kernels.MatMulTransposeBSigmoidBackward), [m, m, m]),
        ];
        var variants = new Dictionary<MethodInfo, MethodInfo>();
        foreach (var (type, name, parameters) in kernels)
            variants[type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, parameters)!] =
                typeof(Kernels).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static, [.. parameters, typeof(Destination)])!;
        return variants;
    }

    /// <summary>Finds the candidates that occur anywhere but where nothing can keep them, and counts their assignments.</summary>
    private sealed class UseCheck(Dictionary<ParameterExpression, int> candidates) : ExpressionVisitor
    {
        private int lambdas;

        public HashSet<ParameterExpression> Escaped { get; } = [];

        public Dictionary<ParameterExpression, int> Definitions { get; } = candidates.Keys.ToDictionary(v => v, _ => 0);

        public bool ResultStatement { get; set; }

        public override Expression? Visit(Expression? node) => node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

        private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

        protected override Expression VisitParameter(ParameterExpression node)
        {
            if (candidates.ContainsKey(node)) Escaped.Add(node);
            return node;
        }

        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            lambdas++;
            try { return base.VisitLambda(node); }
            finally { lambdas--; }
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.Left is ParameterExpression v && Definitions.ContainsKey(v) && IsAssignment(node.NodeType))
            {
                // Any assignment counts; a compound one also reads the old array.
                Definitions[v]++;
                if (node.NodeType != ExpressionType.Assign || lambdas > 0) Escaped.Add(v);
                Visit(node.Right);
                return node;
            }
            if (node.NodeType == ExpressionType.ArrayIndex && Readable(node.Left))
            {
                Visit(node.Right);
                return node;
            }
            return base.VisitBinary(node);
        }

        protected override Expression VisitIndex(IndexExpression node)
        {
            if (node.Indexer is null && Readable(node.Object))
            {
                Visit(node.Arguments);
                return node;
            }
            return base.VisitIndex(node);
        }

        protected override Expression VisitUnary(UnaryExpression node) =>
            node.NodeType == ExpressionType.ArrayLength && Readable(node.Operand) ? node : base.VisitUnary(node);

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Object is not null && node.Method.DeclaringType == typeof(Array)
                && node.Method.Name is nameof(Array.GetLength) && Readable(node.Object))
            {
                Visit(node.Arguments);
                return node;
            }
            if (node.Object is null && KeepsNothing(node.Method))
            {
                foreach (var argument in node.Arguments)
                    if (!Readable(argument)) Visit(argument);
                return node;
            }
            return base.VisitMethodCall(node);
        }

        private static bool IsAssignment(ExpressionType type) => type is ExpressionType.Assign or ExpressionType.AddAssign
            or ExpressionType.SubtractAssign or ExpressionType.MultiplyAssign or ExpressionType.DivideAssign or ExpressionType.ModuloAssign
            or ExpressionType.PowerAssign or ExpressionType.AddAssignChecked or ExpressionType.SubtractAssignChecked
            or ExpressionType.MultiplyAssignChecked or ExpressionType.AndAssign or ExpressionType.OrAssign
            or ExpressionType.ExclusiveOrAssign or ExpressionType.LeftShiftAssign or ExpressionType.RightShiftAssign;

        /// <summary>A candidate read where nothing can keep it: not in the result, not in a lambda.</summary>
        private bool Readable(Expression? e) => e is ParameterExpression v && candidates.ContainsKey(v) && !ResultStatement && lambdas == 0;

        /// <summary>A kernel whose result is a number, or a new array: it cannot return or keep its arguments.</summary>
        private static bool KeepsNothing(MethodInfo method) =>
            (method.DeclaringType == typeof(Ops) || method.DeclaringType == typeof(Kernels) || method.DeclaringType == typeof(Math))
            && (method.ReturnType == typeof(double) || method.ReturnType == typeof(int) || Variants.ContainsKey(method));
    }
}
