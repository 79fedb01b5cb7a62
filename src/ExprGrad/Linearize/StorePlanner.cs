using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Store or recompute, by cost (<see cref="GradientOptions.StoreCostlyValues"/>). The backward loop of a sum or
/// a scan recomputes each iteration's forward values from the loop's index (and the stored state); that is
/// cheap for arithmetic and dear for transcendental functions: the mean of <c>Math.Exp(xs[t + 1])</c> took its
/// 50 exponentials twice per path, once forward and once for <c>Exp</c>'s own adjoint (g·y). Such a value is
/// kept instead — eight bytes per iteration, written by the forward loop and read by the backward one, bit for
/// bit the value recomputation would give. Only stages of the body itself (not inside a branch) whose output a
/// rule of the body reads in the backward pass are kept; everything else is recomputed as before.
/// </summary>
internal static class StorePlanner
{
    private static readonly HashSet<string> CostlyMath =
    [
        nameof(Math.Exp), nameof(Math.Log), nameof(Math.Log10), nameof(Math.Log2), nameof(Math.Sqrt), nameof(Math.Cbrt),
        nameof(Math.Pow), nameof(Math.Sin), nameof(Math.Cos), nameof(Math.Tan), nameof(Math.Asin), nameof(Math.Acos),
        nameof(Math.Atan), nameof(Math.Atan2), nameof(Math.Sinh), nameof(Math.Cosh), nameof(Math.Tanh), nameof(Math.Asinh),
        nameof(Math.Acosh), nameof(Math.Atanh),
    ];

    public static void Run(Tape root, IReadOnlySet<Expression> active, Slots slots)
    {
        foreach (var (_, step) in TapeWalk.AllSteps(root))
        {
            switch (step)
            {
                case SumStep s when active.Contains(s.Output):
                    Plan(s.Body, s.Index, s.Count, active, slots);
                    break;
                // A checkpointed scan recomputes its segments anyway and promises memory growing like √steps.
                case ScanStep { Store: null } s when active.Contains(s.Output):
                    Plan(s.Body, s.Time, s.StepCount, active, slots);
                    break;
            }
        }
    }

    private static void Plan(Tape body, ParameterExpression index, Expression count, IReadOnlySet<Expression> active, Slots slots)
    {
        var read = ReadBackward(body, active);
        var arrays = new Dictionary<Expression, ParameterExpression>();
        foreach (var step in body.Steps)
            if (step.Output.Type == typeof(double) && read.Contains(step.Output) && IsCostly(step))
                arrays[step.Output] = slots.Variable(typeof(double[]), "stored");
        if (arrays.Count > 0) body.Stored = new StoredValues(arrays, index, count);
    }

    /// <summary>
    /// The body's atoms that its backward code may read: those a rule's contribution mentions (its output y or an
    /// argument), and everything a nested branch or loop reads (they are recomputed whole). An over-estimate
    /// costs a store nobody reads; an under-estimate a recomputation, as without this pass.
    /// </summary>
    private static HashSet<Expression> ReadBackward(Tape body, IReadOnlySet<Expression> active)
    {
        var read = new HashSet<Expression>();
        foreach (var step in body.Steps)
        {
            switch (step)
            {
                case PrimitiveStep p when active.Contains(p.Output):
                    for (int i = 0; i < p.Args.Count; i++)
                    {
                        if (!active.Contains(p.Args[i]) || i >= p.Rule.Adjoints.Length || p.Rule.Adjoints[i] is not { } adjoint) continue;
                        var mentioned = new HashSet<Expression>();
                        References.Collect(adjoint.Body, mentioned);
                        if (adjoint.Parameters.Count > 1 && mentioned.Contains(adjoint.Parameters[1])) read.Add(p.Output);
                        for (int j = 0; j < p.Args.Count && j + 2 < adjoint.Parameters.Count; j++)
                            if (mentioned.Contains(adjoint.Parameters[j + 2])) read.Add(p.Args[j]);
                    }
                    break;
                case PrimitiveStep or PassiveStep or ElementReadStep:
                    break;
                default:
                    foreach (var statement in ForwardSweep.Emit(OneStep(step))) References.Collect(statement, read);
                    break;
            }
        }
        return read;
    }

    private static Tape OneStep(Step step)
    {
        var tape = new Tape(null);
        tape.Steps.Add(step);
        return tape;
    }

    private static bool IsCostly(Step step) => step switch
    {
        PrimitiveStep { Value: MethodCallExpression call } => IsCostly(call),
        PassiveStep { Value: MethodCallExpression call } => IsCostly(call),
        _ => false,
    };

    private static bool IsCostly(MethodCallExpression call) =>
        call.Method.DeclaringType == typeof(Math) ? CostlyMath.Contains(call.Method.Name)
        : call.Method.DeclaringType == typeof(Ops) && call.Type == typeof(double)
          && (call.Method.Name == nameof(Ops.Sigmoid) || SpecialFunctionRules.ScalarFunctions.Contains(call.Method.Name))
          && call.Arguments.All(a => a.Type == typeof(double));
}
