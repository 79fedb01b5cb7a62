using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The probe of a try region (<see cref="TryRegions"/>): its code compiled on its own as a function of the
/// variables it reads, called where the region stands, and the questions the lowering asks about a region's
/// parts (does it write, throw, rethrow).
/// </summary>
internal static class TryProbe
{
    /// <summary>A call of <paramref name="body"/> compiled as a function of the variables of <paramref name="region"/>
    /// that the region does not declare (<paramref name="locals"/> are the probe's own). The arrays the region writes
    /// element by element are copied first: the probe must leave the program's state as it found it.</summary>
    public static Expression Compile(TryExpression region, ParameterExpression[] locals, Expression body)
    {
        var free = FreeParameters.Of(body, locals).ToArray();
        var written = ElementWrites.In(body);
        var copies = free.Where(v => v.Type.IsArray && written.Contains(v))
            .Select(v => (Expression)Expression.Assign(v, Expression.Convert(Expression.Call(v, typeof(Array).GetMethod(nameof(Array.Clone))!), v.Type)));
        var probe = Expression.Lambda(Expression.Block(typeof(int), locals, copies.Append(body)), "TryProbe", free);
        Delegate compiled;
        try
        {
            compiled = probe.Compile();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new UnsupportedExpressionException(region,
                $"The try region's body cannot run on its own ({e.Message}).", "write the region over plain values, loops and calls.");
        }
        return Expression.Invoke(Expression.Constant(compiled), free);
    }

    /// <summary>In the probe's handler: the throw came from inside a unit that writes part of its state
    /// (<paramref name="watched"/> ≥ 0), whose half-done writes no count can replay.</summary>
    public static void Check(int watched, string[] units, Exception thrown)
    {
        if (watched >= 0)
            throw new NotSupportedException(
                $"A {thrown.GetType().Name} was thrown inside a statement that writes state, in the body of a try region: " +
                $"the writes it made before the throw cannot be replayed by the gradient. Statement: {units[watched]}. " +
                "Fix: test the condition before the statement and throw there, or compute the writes into locals and assign them after.", thrown);
    }

    public static string Describe(Expression node)
    {
        var text = StackGuard.Run(node.ToString);
        return text.Length > 200 ? text[..200] + "…" : text;
    }

    public static bool Mentions(Expression node, ParameterExpression variable) => Find(node, e => e == variable) is not null;

    /// <summary>Whether the node assigns anything (a variable or an element) it does not declare.</summary>
    public static bool Writes(params Expression[] nodes) => AssignedVariables.In(nodes).Count > 0;

    public static bool Rethrows(Expression node) => Find(node, IsRethrow) is not null;

    /// <summary>A throw written in the code: a throw node, or F#'s <c>failwith</c>, <c>raise</c>, <c>invalidArg</c> …, outside
    /// the body of a nested try region (whose handler may catch it; one that escapes is the probe's to find).</summary>
    public static Expression? ExplicitThrowIn(Expression node) => Find(new NestedBodiesRemoved().Visit(node)!, e =>
        e is UnaryExpression { NodeType: ExpressionType.Throw }
        || e is MethodCallExpression { Method.DeclaringType.FullName: "Microsoft.FSharp.Core.Operators", Method.Name: "FailWith" or "Raise" or "InvalidArg" or "InvalidOp" or "NullArg" });

    /// <summary>The handler as the program runs it: it rethrows only where the probe already did.</summary>
    public static Expression WithoutRethrow(Expression handler) => new RethrowRemover().Visit(handler)!;

    private static bool IsRethrow(Expression e) => e is UnaryExpression { NodeType: ExpressionType.Throw, Operand: null };

    private static Expression? Find(Expression node, Func<Expression, bool> test)
    {
        var finder = new Finder(test);
        finder.Visit(node);
        return finder.Found;
    }

    private sealed class Finder(Func<Expression, bool> test) : ExpressionVisitor
    {
        public Expression? Found { get; private set; }

        public override Expression? Visit(Expression? node)
        {
            if (Found is not null || node is null) return node;
            if (test(node))
            {
                Found = node;
                return node;
            }
            return base.Visit(node);
        }
    }

    private sealed class NestedBodiesRemoved : ExpressionVisitor
    {
        protected override Expression VisitTry(TryExpression node) =>
            node.Handlers.Count == 0 ? base.VisitTry(node) : base.VisitTry(node.Update(Expression.Default(node.Body.Type), node.Handlers, node.Finally, node.Fault));
    }

    private sealed class RethrowRemover : ExpressionVisitor
    {
        protected override Expression VisitUnary(UnaryExpression node) =>
            IsRethrow(node) ? Expression.Default(node.Type) : base.VisitUnary(node);
    }

    /// <summary>The array variables a tree writes an element of.</summary>
    private sealed class ElementWrites : ExpressionVisitor
    {
        private readonly HashSet<ParameterExpression> found = [];

        public static HashSet<ParameterExpression> In(Expression node)
        {
            var finder = new ElementWrites();
            finder.Visit(node);
            return finder.found;
        }

        public override Expression? Visit(Expression? node)
        {
            if (node is not null && AssignedVariables.TargetOf(node) is IndexExpression { Object: ParameterExpression array }) found.Add(array);
            return base.Visit(node);
        }
    }
}
