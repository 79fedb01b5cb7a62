using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Stage 4a, across statements: a temporary <c>t = -v</c> (v a variable) whose every read is a later statement
/// of the same block is substituted by <c>-v</c> when <see cref="AlgebraicFolding"/> then folds each negation
/// away — <c>s += t * x</c> becomes <c>s -= v * x</c>. The rule for <c>a · b</c> emits <c>ā · b</c> with
/// ā = −ḡ for a subtraction's right side, so Rosenbrock's loop carried a negation per iteration that hand code
/// never has. Exact in IEEE arithmetic: a + (−b) is a − b by definition and −(a·b) = (−a)·b, so every value is
/// the same bits.
/// </summary>
internal static class NegationInlining
{
    public static Expression Run(Expression body)
    {
        var occurrences = Occurrences.Count(body);
        return new Inliner(occurrences).Visit(body)!;
    }

    private sealed class Inliner(Dictionary<ParameterExpression, int> occurrences) : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node) =>
            node is null ? null : StackGuard.HasRoom ? base.Visit(node) : Deeper(node);

        // Apart from Visit: a lambda there would allocate its closure on every node.
        private Expression? Deeper(Expression node) => StackGuard.Run(() => base.Visit(node));

        protected override Expression VisitBlock(BlockExpression node)
        {
            var visited = (BlockExpression)base.VisitBlock(node);
            var statements = visited.Expressions.ToList();
            bool changed = false;
            int last = visited.Type == typeof(void) ? statements.Count : statements.Count - 1;
            for (int k = 0; k < last; k++)
            {
                if (statements[k] is not BinaryExpression
                    {
                        NodeType: ExpressionType.Assign, Left: ParameterExpression t,
                        Right: UnaryExpression { NodeType: ExpressionType.Negate, Method: null, Operand: ParameterExpression v },
                    }
                    || t.Type != typeof(double) || t == v) continue;
                if (TryInline(statements, k, last, t, v)) { changed = true; k--; last = visited.Type == typeof(void) ? statements.Count : statements.Count - 1; }
            }
            return changed ? Expression.Block(visited.Type, visited.Variables, statements) : visited;
        }

        private bool TryInline(List<Expression> statements, int k, int last, ParameterExpression t, ParameterExpression v)
        {
            // t's one write is statement k; every other occurrence must be a read in a later statement of this block.
            int remaining = occurrences.GetValueOrDefault(t) - 1, end = k;
            for (int i = k + 1; i < statements.Count && remaining > 0; i++)
            {
                int here = Occurrences.Of(statements[i], t);
                if (here == 0) continue;
                if (i >= last || Occurrences.Writes(statements[i], t)) return false;
                remaining -= here;
                end = i;
            }
            if (remaining != 0 || end == k) return false;
            // v must still hold the value t was computed from at every read.
            for (int i = k + 1; i <= end; i++) if (Occurrences.Writes(statements[i], v)) return false;
            var negated = Expression.Negate(v);
            var replaced = new List<Expression>(end - k);
            int uses = 0;
            for (int i = k + 1; i <= end; i++)
            {
                uses += Occurrences.Of(statements[i], t);
                var folded = AlgebraicFolding.Run(new Substitution(t, negated).Visit(statements[i])!);
                if (Occurrences.NegationsOf(folded, v) > Occurrences.NegationsOf(statements[i], v)) return false;
                replaced.Add(folded);
            }
            statements.RemoveAt(k);
            for (int i = 0; i < replaced.Count; i++) statements[k + i] = replaced[i];
            occurrences[t] = 0;
            occurrences[v] = occurrences.GetValueOrDefault(v) + uses - 1;
            return true;
        }
    }

    private sealed class Substitution(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
