using System.Linq.Expressions;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Differential;

/// <summary>Imperative blocks in the loop shapes the engine supports (see Imperative/ImperativeTreeTests.cs).</summary>
public sealed partial class ProgramRenderer
{
    private Expression ImperativeOf(Imperative imperative, Scope scope) =>
        _unrolled ? UnrolledImperative(imperative, scope) : imperative.Form switch
        {
            ImperativeForm.ForAccumulate or ImperativeForm.ForSubtractAssign or ImperativeForm.ForMultiplyAssign
                or ImperativeForm.ForDivideAssign => ForAccumulate(imperative, scope),
            ImperativeForm.WhileRecurrence => WhileRecurrence(imperative, scope),
            ImperativeForm.ForStrideDown => ForStrideDown(imperative, scope),
            ImperativeForm.LocalArrayInIf => LocalArray(imperative, scope, evenOnly: true),
            ImperativeForm.ArrayStateFreshPerStep or ImperativeForm.ArrayStateCopiedBack => ArrayState(imperative, scope),
            ImperativeForm.ParameterWritten => ParameterWritten(imperative, scope),
            ImperativeForm.TryWritesThenThrows => TryWritesThenThrows(imperative, scope),
            _ => LocalArray(imperative, scope),
        };

    /// <summary>for (i = 0; i &lt; count; i++) body, in the loop-with-break form.</summary>
    private static Expression For(ParameterExpression i, Expression count, params Expression[] body)
    {
        var exit = Label("exit");
        return Block(
            Assign(i, Constant(0)),
            Loop(Block([IfThen(GreaterThanOrEqual(i, count), Break(exit)), .. body, PreIncrementAssign(i)]), exit));
    }

    private Expression ForAccumulate(Imperative imperative, Scope scope)
    {
        var (acc, i) = (Variable(typeof(double), "acc"), Variable(typeof(int), "i"));
        var inner = Enter(scope, i);
        // acc is read after the elements at i, before the outer atoms: acc += f(w[i], …, acc, …).
        inner = inner with { Atoms = [.. inner.Atoms.Take(inner.Atoms.Count - scope.Atoms.Count), acc, .. scope.Atoms] };
        return Block([acc, i],
            Assign(acc, Scalar(imperative.First, scope)),
            For(i, Constant(L), MakeBinary(CompoundAssignment(imperative.Form), acc, Scalar(imperative.Second, inner))),
            acc);
    }

    private static ExpressionType CompoundAssignment(ImperativeForm form) => form switch
    {
        ImperativeForm.ForSubtractAssign => ExpressionType.SubtractAssign,
        ImperativeForm.ForMultiplyAssign => ExpressionType.MultiplyAssign,
        ImperativeForm.ForDivideAssign => ExpressionType.DivideAssign,
        _ => ExpressionType.AddAssign,
    };

    /// <summary>The operator the unrolled form applies: acc ∘= e is acc = acc ∘ e.</summary>
    private static ExpressionType Operator(ExpressionType assignment) => assignment switch
    {
        ExpressionType.SubtractAssign => ExpressionType.Subtract,
        ExpressionType.MultiplyAssign => ExpressionType.Multiply,
        ExpressionType.DivideAssign => ExpressionType.Divide,
        _ => ExpressionType.Add,
    };

    private Expression ForStrideDown(Imperative imperative, Scope scope)
    {
        var (acc, i) = (Variable(typeof(double), "acc"), Variable(typeof(int), "i"));
        var exit = Label("exit");
        var inner = Enter(scope, Divide(i, Constant(2)));
        inner = inner with { Atoms = [.. inner.Atoms.Take(inner.Atoms.Count - scope.Atoms.Count), acc, .. scope.Atoms] };
        return Block([acc, i],
            Assign(acc, Scalar(imperative.First, scope)),
            Assign(i, Constant(2 * (L - 1))),
            Loop(Block(
                IfThen(LessThan(i, Constant(0)), Break(exit)),
                AddAssign(acc, Scalar(imperative.Second, inner)),
                SubtractAssign(i, Constant(2))), exit),
            acc);
    }

    private Expression WhileRecurrence(Imperative imperative, Scope scope)
    {
        var (s, k) = (Variable(typeof(double), "s"), Variable(typeof(int), "k"));
        var exit = Label("exit");
        return Block([s, k],
            Assign(s, Scalar(imperative.First, scope)),
            Assign(k, Constant(L - 1)),
            Loop(IfThenElse(GreaterThanOrEqual(k, Constant(0)),
                Block(Assign(s, Scalar(imperative.Second, Enter(scope, k).Prepend(s))), PostDecrementAssign(k)),
                Break(exit)), exit),
            s);
    }

    private Expression LocalArray(Imperative imperative, Scope scope, bool evenOnly = false)
    {
        var (y, b, i, acc) = (Variable(typeof(double[]), "y"), Variable(typeof(double[]), "b"), Variable(typeof(int), "i"), Variable(typeof(double), "acc"));
        // Written through y, through a second name b for it, or into the closure's scratch array (then read there).
        Expression written = imperative.Form switch
        {
            ImperativeForm.LocalArrayAlias => b,
            ImperativeForm.CapturedArrayWritten => Field(Constant(_closure), nameof(Captured.Scratch)),
            _ => y,
        };
        Expression read = imperative.Form == ImperativeForm.CapturedArrayWritten ? written : y;
        Expression write = Assign(ArrayAccess(written, i), Scalar(imperative.First, Enter(scope, i)));
        if (evenOnly) write = IfThen(Equal(Modulo(i, Constant(2)), Constant(0)), write);
        Expression[] alias = imperative.Form == ImperativeForm.LocalArrayAlias ? [Assign(b, y)] : [];
        return Block([y, b, i, acc],
        [
            Assign(y, NewArrayBounds(typeof(double), Constant(L))),
            .. alias,
            For(i, Constant(L), write),
            Assign(acc, Constant(0.0)),
            For(i, Constant(L), AddAssign(acc, Scalar(imperative.Second, Enter(scope, i).Prepend(ArrayAccess(read, i))))),
            acc,
        ]);
    }

    private Expression ParameterWritten(Imperative imperative, Scope scope)
    {
        int p = Array.IndexOf(_spec.Parameters, ParameterKind.Vector);
        if (p < 0) return LocalArray(imperative, scope);
        var (v, saved, i, acc) = (_parameters[p], Variable(typeof(double[]), "saved"), Variable(typeof(int), "i"), Variable(typeof(double), "acc"));
        return Block([saved, i, acc],
            Assign(saved, NewArrayBounds(typeof(double), Constant(L))),
            For(i, Constant(L), Assign(ArrayAccess(saved, i), ArrayAccess(v, i))),
            For(i, Constant(L), Assign(ArrayAccess(v, i), Scalar(imperative.First, Enter(scope, i)))),
            Assign(acc, Constant(0.0)),
            For(i, Constant(L), AddAssign(acc, Scalar(imperative.Second, Enter(scope, i).Prepend(ArrayAccess(v, i))))),
            For(i, Constant(L), Assign(ArrayAccess(v, i), ArrayAccess(saved, i))),
            acc);
    }

    /// <summary>The unrolled <see cref="ParameterWritten"/>: element i of the vector read as its value at that point
    /// (each written element the expression written into it).</summary>
    private Expression UnrolledParameterWritten(Imperative imperative, Scope scope)
    {
        int p = Array.IndexOf(_spec.Parameters, ParameterKind.Vector);
        var current = Enumerable.Range(0, L).Select(j => (Expression)ArrayIndex(_x, Constant(_offsets[p] + j))).ToArray();
        Expression AsWritten(Expression e) => new ElementReplacer(_x, _offsets[p], current).Visit(e)!;
        for (int i = 0; i < L; i++) current[i] = AsWritten(Scalar(imperative.First, Enter(scope, Constant(i))));
        Expression total = Constant(0.0);
        for (int i = 0; i < L; i++) total = Add(total, AsWritten(Scalar(imperative.Second, Enter(scope, Constant(i)).Prepend(current[i]))));
        return total;
    }

    /// <summary>Replaces <c>x[offset + j]</c> by <c>current[j]</c>; <c>current</c> holds no such read of itself.</summary>
    private sealed class ElementReplacer(ParameterExpression x, int offset, Expression[] current) : ExpressionVisitor
    {
        protected override Expression VisitBinary(BinaryExpression node) =>
            node is { NodeType: ExpressionType.ArrayIndex, Right: ConstantExpression { Value: int k } } && node.Left == x
                && k >= offset && k < offset + current.Length && !ReferenceEquals(current[k - offset], node)
                ? current[k - offset]
                : base.VisitBinary(node);
    }

    private Expression TryWritesThenThrows(Imperative imperative, Scope scope)
    {
        var acc = Variable(typeof(double), "acc");
        var thrown = New(typeof(InvalidOperationException).GetConstructor([typeof(string)])!, Constant("positive"));
        return Block([acc],
            Assign(acc, Scalar(imperative.First, scope)),
            TryCatch(
                Block(
                    Assign(acc, Scalar(imperative.Second, scope.Prepend(acc))),
                    IfThen(GreaterThan(acc, Constant(0.0)), Throw(thrown)),
                    Assign(acc, Multiply(acc, acc)),
                    acc),
                Catch(typeof(InvalidOperationException), Subtract(acc, Constant(1.0)))));
    }

    private Expression ArrayState(Imperative imperative, Scope scope)
    {
        var (y, z, i, t, acc) = (Variable(typeof(double[]), "y"), Variable(typeof(double[]), "z"), Variable(typeof(int), "i"),
            Variable(typeof(int), "t"), Variable(typeof(double), "acc"));
        var size = Constant(L);
        Expression update = Assign(ArrayAccess(z, i), Scalar(imperative.Second, Enter(scope, i).Prepend(ArrayAccess(y, i))));
        Expression[] step = imperative.Form == ImperativeForm.ArrayStateFreshPerStep
            ? [Assign(z, NewArrayBounds(typeof(double), size)), For(i, size, update), Assign(y, z)]
            : [For(i, size, update), For(i, size, Assign(ArrayAccess(y, i), ArrayAccess(z, i)))];
        return Block([y, z, i, t, acc],
            Assign(y, NewArrayBounds(typeof(double), size)),
            Assign(z, NewArrayBounds(typeof(double), size)),
            For(i, size, Assign(ArrayAccess(y, i), Scalar(imperative.First, Enter(scope, i)))),
            For(t, Constant(2), step),
            Assign(acc, Constant(0.0)),
            For(i, size, AddAssign(acc, ArrayAccess(y, i))),
            acc);
    }

    private Expression UnrolledImperative(Imperative imperative, Scope scope)
    {
        switch (imperative.Form)
        {
            case ImperativeForm.ForAccumulate or ImperativeForm.ForSubtractAssign or ImperativeForm.ForMultiplyAssign or ImperativeForm.ForDivideAssign:
                var acc = Scalar(imperative.First, scope);
                for (int i = 0; i < L; i++)
                {
                    var inner = Enter(scope, Constant(i));
                    inner = inner with { Atoms = [.. inner.Atoms.Take(inner.Atoms.Count - scope.Atoms.Count), acc, .. scope.Atoms] };
                    acc = MakeBinary(Operator(CompoundAssignment(imperative.Form)), acc, Scalar(imperative.Second, inner));
                }
                return acc;
            case ImperativeForm.ForStrideDown:
                var strided = Scalar(imperative.First, scope);
                for (int i = L - 1; i >= 0; i--)
                {
                    var inner = Enter(scope, Constant(i));
                    inner = inner with { Atoms = [.. inner.Atoms.Take(inner.Atoms.Count - scope.Atoms.Count), strided, .. scope.Atoms] };
                    strided = Add(strided, Scalar(imperative.Second, inner));
                }
                return strided;
            case ImperativeForm.TryWritesThenThrows:
                var written = Scalar(imperative.Second, scope.Prepend(Scalar(imperative.First, scope)));
                return Condition(GreaterThan(written, Constant(0.0)), Subtract(written, Constant(1.0)), Multiply(written, written));
            case ImperativeForm.WhileRecurrence:
                var s = Scalar(imperative.First, scope);
                for (int k = L - 1; k >= 0; k--) s = Scalar(imperative.Second, Enter(scope, Constant(k)).Prepend(s));
                return s;
            case ImperativeForm.ParameterWritten when _spec.Parameters.Contains(ParameterKind.Vector):
                return UnrolledParameterWritten(imperative, scope);
            case ImperativeForm.ArrayStateFreshPerStep or ImperativeForm.ArrayStateCopiedBack:
                Expression state = Constant(0.0);
                for (int i = 0; i < L; i++)
                {
                    var element = Scalar(imperative.First, Enter(scope, Constant(i)));
                    for (int t = 0; t < 2; t++) element = Scalar(imperative.Second, Enter(scope, Constant(i)).Prepend(element));
                    state = Add(state, element);
                }
                return state;
            default:
                var y = Enumerable.Range(0, L).Select(i => imperative.Form == ImperativeForm.LocalArrayInIf && i % 2 != 0
                    ? Constant(0.0)
                    : Scalar(imperative.First, Enter(scope, Constant(i)))).ToArray();
                Expression total = Constant(0.0);
                for (int i = 0; i < L; i++) total = Add(total, Scalar(imperative.Second, Enter(scope, Constant(i)).Prepend(y[i])));
                return total;
        }
    }
}
