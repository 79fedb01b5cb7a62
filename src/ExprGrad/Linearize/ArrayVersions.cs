using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Gives a local array a fresh version for each loop that fills it (<see cref="GradientOptions.WriteArraysInPlace"/>),
/// so that time stepping with array state writes in place. Within one block, a statement that writes elements of
/// <c>a</c> in a loop, and reads nothing of <c>a</c>, starts a version: <c>a′ = new double[n]</c> when the statement
/// before it allocates <c>a</c>, else <c>a′ = Clone(a)</c>; the writes go to <c>a′</c> (with the write-only
/// statements that follow), then <c>a = a′</c>. Each version is then filled before it is read (<see cref="FillPattern"/>):
/// written in place forward and backward, at the cost of one copy per version instead of one per element written.
/// The values are those of copying at each write: a version is a new array, so no alias of <c>a</c> sees the writes.
/// Covers the explicit time-stepping forms: a fresh array per step assigned to a variable declared outside the
/// loop (<c>v = new double[n]; for j: v[j] = …u…; u = v;</c>), a temporary written from the state and copied back
/// (<c>for j: tmp[j] = …u…; for j: u[j] = tmp[j];</c>), and the state copied into a temporary and updated from it.
/// A statement that reads and writes the same array (<c>for j: u[j] = u[j] + …</c>, a Gauss–Seidel sweep) keeps
/// copying at each write: its reads see elements the same statement wrote.
/// </summary>
internal static class ArrayVersions
{
    /// <param name="block">The block whose statements are rewritten.</param>
    /// <param name="inPlace">Arrays already written in place in this scope (filled by an enclosing block): left alone.</param>
    public static BlockExpression Rewrite(BlockExpression block, IReadOnlySet<ParameterExpression> inPlace)
    {
        block = Sunk(block);
        var filled = FillPattern.In(block).ToHashSet();
        var candidates = AssignedVariables.In([.. block.Expressions]).Concat(block.Variables)
            .Where(v => (v.Type == typeof(double[]) || v.Type == typeof(double[,])) && !inPlace.Contains(v) && !filled.Contains(v))
            .Distinct().ToArray();
        if (candidates.Length == 0) return block;
        var statements = block.Expressions.ToList();
        var fresh = new List<ParameterExpression>();
        foreach (var array in candidates)
            if (!DeclaredWithin(statements, array))
                statements = Versioned(statements, array, valued: block.Type != typeof(void), fresh);
        return fresh.Count == 0 ? block : Expression.Block(block.Type, [.. block.Variables, .. fresh], statements);
    }

    /// <summary>
    /// An array declared here and named, apart from allocations nothing reads, by one statement only, a loop whose
    /// body allocates it before anything else there names it (<c>double[] v; for (…) { v = new double[n]; …; u = v; }</c>,
    /// as C# hoists a declaration), is the loop body's own: declared there too, it is no loop state carried from
    /// step to step, and the body fills it. The allocations outside stay (they may throw), assigning the outer one.
    /// </summary>
    private static BlockExpression Sunk(BlockExpression block)
    {
        var statements = block.Expressions.ToArray();
        bool changed = false;
        foreach (var v in block.Variables.Where(v => v.Type == typeof(double[]) || v.Type == typeof(double[,])))
        {
            var naming = Enumerable.Range(0, statements.Length)
                .Where(k => FillPattern.Mentions(statements[k], v) && FillPattern.Classify(statements[k], v) != ArrayUse.Allocates).ToArray();
            if (naming.Length != 1 || naming[0] == statements.Length - 1 || Sink(statements[naming[0]], v) is not { } sunk) continue;
            statements[naming[0]] = sunk;
            changed = true;
        }
        return changed ? Expression.Block(block.Type, block.Variables, statements) : block;
    }

    /// <summary><paramref name="statement"/> with <paramref name="v"/> declared in the body of the loop that holds all its
    /// mentions, when that body allocates it first; null otherwise.</summary>
    private static Expression? Sink(Expression statement, ParameterExpression v)
    {
        switch (statement)
        {
            case LoopExpression { Body: BlockExpression body } loop when !body.Variables.Contains(v):
                var first = body.Expressions.FirstOrDefault(e => FillPattern.Mentions(e, v));
                if (first is null || !AllocatesFirst(first, v) || DeclaredWithin(body.Expressions, v)) return null;
                return Expression.Loop(Expression.Block(body.Type, [.. body.Variables, v], body.Expressions), loop.BreakLabel, loop.ContinueLabel);
            case BlockExpression inner when !inner.Variables.Contains(v):
                var naming = Enumerable.Range(0, inner.Expressions.Count).Where(k => FillPattern.Mentions(inner.Expressions[k], v)).ToArray();
                if (naming.Length != 1 || Sink(inner.Expressions[naming[0]], v) is not { } sunk) return null;
                var expressions = inner.Expressions.ToArray();
                expressions[naming[0]] = sunk;
                return Expression.Block(inner.Type, inner.Variables, expressions);
            default:
                return null;
        }
    }

    /// <summary>Whether <paramref name="statement"/> allocates <paramref name="v"/> before naming it otherwise (in a nested block too).</summary>
    private static bool AllocatesFirst(Expression statement, ParameterExpression v) =>
        FillPattern.Classify(statement, v) == ArrayUse.Allocates
        || statement is BlockExpression block && block.Expressions.FirstOrDefault(e => FillPattern.Mentions(e, v)) is { } first && AllocatesFirst(first, v);

    private static List<Expression> Versioned(List<Expression> statements, ParameterExpression array, bool valued, List<ParameterExpression> fresh)
    {
        var uses = statements.Select(s => FillPattern.Classify(s, array)).ToArray();
        var result = new List<Expression>();
        int last = statements.Count - 1;
        for (int i = 0; i < statements.Count;)
        {
            bool allocated = uses[i] == ArrayUse.Allocates && i < last && uses[i + 1] == ArrayUse.Writes;
            int start = allocated ? i + 1 : i;
            if (uses[start] != ArrayUse.Writes)
            {
                result.Add(statements[i++]);
                continue;
            }
            int end = start;
            for (int k = start; k < statements.Count && uses[k] is ArrayUse.Writes or ArrayUse.None; k++)
                if (uses[k] == ArrayUse.Writes) end = k;
            // A single element written costs one copy either way; only a loop of writes gains. A block's last
            // expression is its value: a version ending there leaves no room to hand the array back.
            bool worth = Enumerable.Range(start, end - start + 1).Any(k => uses[k] == ArrayUse.Writes && Loops.In(statements[k]));
            if (!worth || end == last && valued)
            {
                for (; i <= end; i++) result.Add(statements[i]);
                continue;
            }
            var version = Expression.Variable(array.Type, array.Name);
            fresh.Add(version);
            var initial = allocated
                ? ((BinaryExpression)statements[i]).Right
                : Expression.Call(typeof(Kernels), nameof(Kernels.Clone), null, array);
            result.Add(Expression.Assign(version, initial));
            var renamed = new Dictionary<ParameterExpression, Expression> { [array] = version };
            for (int k = start; k <= end; k++) result.Add(ParameterSubstitution.Apply(statements[k], renamed));
            result.Add(Expression.Assign(array, version));
            i = end + 1;
        }
        return result;
    }

    private static bool DeclaredWithin(IEnumerable<Expression> statements, ParameterExpression array)
    {
        var finder = new Declarations(array);
        foreach (var s in statements) finder.Visit(s);
        return finder.Found;
    }

    private sealed class Declarations(ParameterExpression array) : ExpressionVisitor
    {
        public bool Found { get; private set; }

        public override Expression? Visit(Expression? node) => node is null || Found ? node : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

        private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

        protected override Expression VisitBlock(BlockExpression node)
        {
            if (node.Variables.Contains(array)) Found = true;
            return base.VisitBlock(node);
        }

        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            if (node.Parameters.Contains(array)) Found = true;
            return base.VisitLambda(node);
        }
    }

    private sealed class Loops : ExpressionVisitor
    {
        private bool found;

        public static bool In(Expression statement)
        {
            var finder = new Loops();
            finder.Visit(statement);
            return finder.found;
        }

        public override Expression? Visit(Expression? node) => node is null || found ? node : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

        private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

        protected override Expression VisitLoop(LoopExpression node)
        {
            found = true;
            return node;
        }
    }
}
