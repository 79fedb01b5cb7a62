using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>Emits a tape's forward stages as statements. Loop bodies are emitted again inside the
/// backward pass, which recomputes each iteration's values instead of storing them.</summary>
internal static class ForwardSweep
{
    public static List<Expression> Emit(Tape tape)
    {
        var code = new List<Expression>(tape.Steps.Count);
        Emit(tape, code);
        return code;
    }

    public static void Emit(Tape tape, List<Expression> code)
    {
        foreach (var step in tape.Steps)
        {
            switch (step)
            {
                case PrimitiveStep p:
                    code.Add(Expression.Assign(p.Output, p.Value));
                    break;
                case PassiveStep p:
                    code.Add(Expression.Assign(p.Output, p.Value));
                    break;
                case ElementReadStep r:
                    code.Add(Expression.Assign(r.Output, Expression.ArrayAccess(r.Array, r.Indices)));
                    break;
                case BranchStep b:
                    code.Add(Expression.IfThenElse(b.Test,
                        Branch(b.WhenTrue, b.Output, b.TrueResult),
                        Branch(b.WhenFalse, b.Output, b.FalseResult)));
                    break;
                case SumStep s:
                    code.Add(Expression.Assign(s.Output, Expression.Constant(0.0)));
                    code.Add(Loops.Up(s.Index, s.Count, [.. Emit(s.Body), Expression.AddAssign(s.Output, s.Term)]));
                    break;
                case ScanStep s:
                    EmitScan(s, code);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown step {step.GetType().Name}.");
            }
        }
    }

    private static Expression Branch(Tape tape, Expression output, Expression result)
    {
        var code = Emit(tape);
        code.Add(Expression.Assign(output, result));
        return Loops.Block(code);
    }

    private static void EmitScan(ScanStep s, List<Expression> code)
    {
        code.Add(Expression.IfThen(Expression.LessThan(s.StepCount, Expression.Constant(0)),
            Expression.Throw(Expression.New(
                typeof(ArgumentOutOfRangeException).GetConstructor([typeof(string), typeof(string)])!,
                Expression.Constant("steps"), Expression.Constant("Ops.Scan needs a non-negative number of steps.")))));
        code.Add(Expression.Assign(s.Output,
            Expression.NewArrayBounds(typeof(double), Expression.Add(s.StepCount, Expression.Constant(1)))));
        code.Add(Expression.Assign(Expression.ArrayAccess(s.Output, Expression.Constant(0)), s.Initial));
        code.Add(Loops.Up(s.Time, s.StepCount,
        [
            Expression.Assign(s.State, Expression.ArrayAccess(s.Output, s.Time)),
            .. Emit(s.Body),
            Expression.Assign(Expression.ArrayAccess(s.Output, Expression.Increment(s.Time)), s.Next),
        ]));
    }
}
