using System.Linq.Expressions;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Differential;

/// <summary>
/// The machine-learning Ops (activations with a parameter, StopGradient, broadcasts, row reductions, softmax
/// and the losses): as calls, or unrolled into scalar expressions. The unrolled forms are the textbook ones,
/// made stable the same way (the row maximum subtracted, as Math.Max chains); StopGradient's elements become
/// constants, their values at the program's point, which is what holding them constant means to the oracles.
/// </summary>
public sealed partial class ProgramRenderer
{
    private static readonly System.Reflection.MethodInfo MathMax = typeof(Math).GetMethod(nameof(Math.Max), [typeof(double), typeof(double)])!;
    private static readonly System.Reflection.MethodInfo MathMin = typeof(Math).GetMethod(nameof(Math.Min), [typeof(double), typeof(double)])!;
    private static readonly System.Reflection.MethodInfo MathExp = typeof(Math).GetMethod(nameof(Math.Exp))!;
    private static readonly System.Reflection.MethodInfo MathLog = typeof(Math).GetMethod(nameof(Math.Log), [typeof(double)])!;
    private static readonly System.Reflection.MethodInfo MathAbs = typeof(Math).GetMethod(nameof(Math.Abs), [typeof(double)])!;
    private static readonly System.Reflection.MethodInfo MathPow = typeof(Math).GetMethod(nameof(Math.Pow))!;

    /// <summary>CrossEntropy's labels: row i is of class (2i + 1) mod L.</summary>
    private int[] Labels() => [.. Enumerable.Range(0, L).Select(i => (2 * i + 1) % L)];

    private Expression LearningReduction(Reduce r, Expression t, Scope scope) => r.Kind switch
    {
        Reduction.BinaryCrossEntropy => Call(OpsMethod(nameof(Ops.BinaryCrossEntropyWithLogits), t.Type, t.Type), t, TensorOf(r.Other, scope)),
        Reduction.CrossEntropy => Call(OpsMethod(nameof(Ops.CrossEntropy), t.Type, typeof(int[])), t, Constant(Labels())),
        Reduction.LogDeterminant => Call(OpsMethod(nameof(Ops.LogDeterminant), t.Type), PositiveDefinite(t)),
        _ => Call(OpsMethod(r.Kind.ToString(), t.Type), t),
    };

    private Expression UnrolledLearningReduction(Reduce r, Expression[] a, Scope scope)
    {
        switch (r.Kind)
        {
            case Reduction.Mean: return Divide(a.Aggregate(Add), Constant((double)a.Length));
            case Reduction.Max: return a.Aggregate((x, y) => Call(MathMax, x, y));
            case Reduction.Min: return a.Aggregate((x, y) => Call(MathMin, x, y));
            case Reduction.LogSumExp: return LogSumExpOf(a);
            case Reduction.Trace: return Enumerable.Range(0, L).Select(i => a[i * L + i]).Aggregate(Add);
            case Reduction.LogDeterminant: return LogDeterminantOf(PositiveDefinite(a));
            case Reduction.BinaryCrossEntropy:
                var targets = Elements(r.Other, scope);
                return Divide(a.Zip(targets, (x, t) => (Expression)Add(Subtract(Call(MathMax, x, Constant(0.0)), Multiply(x, t)),
                    Call(MathLog, Add(Constant(1.0), Call(MathExp, Negate(Call(MathAbs, x))))))).Aggregate(Add), Constant((double)L));
            default:
                var labels = Labels();
                return Divide(Enumerable.Range(0, L).Select(i => (Expression)Subtract(LogSumExpOf(RowOf(a, i)), a[i * L + labels[i]]))
                    .Aggregate(Add), Constant((double)L));
        }
    }

    private Expression LearningTensorOf(Tensor tensor, Scope scope)
    {
        switch (tensor)
        {
            case LeakyRelu l:
                var a = TensorOf(l.A, scope);
                return Call(OpsMethod(nameof(Ops.LeakyRelu), a.Type, typeof(double)), a, Scalar(l.Slope, scope));
            case Power p:
                var b = TensorOf(p.A, scope);
                return Call(OpsMethod(nameof(Ops.Pow), b.Type, typeof(double)), b, Constant((double)p.Exponent));
            case StopTensor s:
                var stopped = TensorOf(s.A, scope);
                return Call(OpsMethod(nameof(Ops.StopGradient), stopped.Type), stopped);
            case AddScalar s:
                var shifted = TensorOf(s.A, scope);
                return Call(OpsMethod(nameof(Ops.Add), shifted.Type, typeof(double)), shifted, Scalar(s.S, scope));
            case SoftmaxTensor s:
                var logits = TensorOf(s.A, scope);
                return Call(OpsMethod(s.Op, logits.Type), logits);
            case PerRow p:
                return Call(OpsMethod(p.Op, typeof(double[,]), typeof(double[])), TensorOf(p.Matrix, scope), TensorOf(p.Column, scope));
            case RowReduce r:
                return Call(OpsMethod(r.Op, typeof(double[,])), TensorOf(r.Matrix, scope));
            case Pick p:
                return Call(OpsMethod(p.Column ? nameof(Ops.Column) : nameof(Ops.Row), typeof(double[,]), typeof(int)),
                    TensorOf(p.Matrix, scope), Constant(p.Index % L));
            default:
                return StatisticsTensorOf(tensor, scope);
        }
    }

    private Expression[] LearningElements(Tensor tensor, Scope scope)
    {
        int n = L;
        switch (tensor)
        {
            case LeakyRelu l:
                var slope = Scalar(l.Slope, scope);
                return [.. Elements(l.A, scope).Select(x => (Expression)Condition(GreaterThan(x, Constant(0.0)), x, Multiply(slope, x)))];
            case Power p:
                return [.. Elements(p.A, scope).Select(x => (Expression)Call(MathPow, x, Constant((double)p.Exponent)))];
            case StopTensor s:
                return Frozen(Elements(s.A, scope));
            case AddScalar s:
                var shift = Scalar(s.S, scope);
                return [.. Elements(s.A, scope).Select(x => (Expression)Add(x, shift))];
            case SoftmaxTensor s:
                var rows = Elements(s.A, scope);
                int rowCount = s.A.Rank == 1 ? 1 : n;
                return [.. Enumerable.Range(0, rowCount).SelectMany(i => s.Op == nameof(Ops.Softmax) ? SoftmaxOf(RowOf(rows, i)) : LogSoftmaxOf(RowOf(rows, i)))];
            case PerRow p:
                var m = Elements(p.Matrix, scope);
                var column = Elements(p.Column, scope);
                return [.. Enumerable.Range(0, n * n).Select(k => p.Op == nameof(Ops.AddColumn)
                    ? (Expression)Add(m[k], column[k / n]) : Multiply(m[k], column[k / n]))];
            case RowReduce r:
                var e = Elements(r.Matrix, scope);
                return r.Op switch
                {
                    nameof(Ops.SumColumns) => [.. Enumerable.Range(0, n).Select(j => Enumerable.Range(0, n).Select(i => e[i * n + j]).Aggregate(Add))],
                    nameof(Ops.SumRows) => [.. Enumerable.Range(0, n).Select(i => RowOf(e, i).Aggregate(Add))],
                    nameof(Ops.MeanRows) => [.. Enumerable.Range(0, n).Select(i => (Expression)Divide(RowOf(e, i).Aggregate(Add), Constant((double)n)))],
                    nameof(Ops.MaxRows) => [.. Enumerable.Range(0, n).Select(i => RowOf(e, i).Aggregate((x, y) => Call(MathMax, x, y)))],
                    nameof(Ops.Diagonal) => [.. Enumerable.Range(0, n).Select(i => e[i * n + i])],
                    _ => [.. Enumerable.Range(0, n).Select(i => LogSumExpOf(RowOf(e, i)))],
                };
            case Pick p:
                var source = Elements(p.Matrix, scope);
                int index = p.Index % n;
                return [.. Enumerable.Range(0, n).Select(k => p.Column ? source[k * n + index] : source[index * n + k])];
            default:
                return StatisticsElements(tensor, scope);
        }
    }

    /// <summary>Row <paramref name="i"/> of a matrix's elements (row-major), or the whole vector.</summary>
    private Expression[] RowOf(Expression[] elements, int i) => elements.Length == L ? elements : elements[(i * L)..((i + 1) * L)];

    /// <summary>m + log Σ exp(xᵢ − m) with m the maximum, as a Math.Max chain.</summary>
    private static Expression LogSumExpOf(Expression[] row)
    {
        var max = row.Aggregate((x, y) => Call(MathMax, x, y));
        return Add(max, Call(MathLog, row.Select(x => (Expression)Call(MathExp, Subtract(x, max))).Aggregate(Add)));
    }

    private static IEnumerable<Expression> SoftmaxOf(Expression[] row)
    {
        var max = row.Aggregate((x, y) => Call(MathMax, x, y));
        var total = row.Select(x => (Expression)Call(MathExp, Subtract(x, max))).Aggregate(Add);
        return row.Select(x => (Expression)Divide(Call(MathExp, Subtract(x, max)), total));
    }

    private static IEnumerable<Expression> LogSoftmaxOf(Expression[] row)
    {
        var logSumExp = LogSumExpOf(row);
        return row.Select(x => (Expression)Subtract(x, logSumExp));
    }

    /// <summary>The values of unrolled expressions at the program's point, as constants.</summary>
    private Expression[] Frozen(Expression[] elements)
    {
        var values = Lambda<Func<double[], double[]>>(NewArrayInit(typeof(double), elements), _x).Compile()(RenderedProgram.Flatten(_arguments));
        return [.. values.Select(v => (Expression)Constant(v))];
    }
}
