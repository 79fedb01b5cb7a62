using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Softmax, LogSoftmax, LogSumExp and the two losses, one line per primitive like <see cref="TensorRules"/>.
/// LogSumExp's adjoint is g·Softmax, so its forward and second-order rules come from Softmax's; the losses and
/// LogSumExp take their tangents from their gradients (<see cref="Tangents.FromGradient"/>, <see cref="Tangents.RowWise"/>);
/// Softmax's Jacobian is symmetric, so its adjoint read with g = ẋ is its tangent. LogSoftmax's tangent and the
/// backward kernels' tangents are written out below.
/// </summary>
internal static class SoftmaxRules
{
    public static void RegisterAll()
    {
        Rule<double[], double>(a => Ops.LogSumExp(a), Tangents.FromGradient,   (g, y, a) => Ops.Scale(g, Ops.Softmax(a)));
        Rule<double[,], double[]>(m => Ops.LogSumExp(m), Tangents.RowWise,     (g, y, m) => Ops.ScaleRows(Ops.Softmax(m), g));
        Rule<double[], double[]>(a => Ops.Softmax(a), Tangents.FromAdjoints,   (g, y, a) => Kernels.SoftmaxBackward(g, y));
        Rule<double[,], double[,]>(m => Ops.Softmax(m), Tangents.FromAdjoints, (g, y, m) => Kernels.SoftmaxBackward(g, y));
        Rule<double[], double[]>(a => Ops.LogSoftmax(a), LogSoftmax,           (g, y, a) => Kernels.LogSoftmaxBackward(g, y));
        Rule<double[,], double[,]>(m => Ops.LogSoftmax(m), LogSoftmax,         (g, y, m) => Kernels.LogSoftmaxBackward(g, y));
        RuleTable.Add((Expression<Func<double[,], int[], double>>)((logits, labels) => Ops.CrossEntropy(logits, labels)), Tangents.FromGradient,
            (Expression<Func<double, double, double[,], int[], double[,]>>)((g, y, logits, labels) => Kernels.CrossEntropyBackward(logits, labels, g)),
            null);
        RuleTable.Add((Expression<Func<double[], double[], double>>)((x, t) => Ops.BinaryCrossEntropyWithLogits(x, t)), Tangents.FromGradient,
            (Expression<Func<double, double, double[], double[], double[]>>)((g, y, x, t) => Ops.Scale(g / x.Length, Ops.Subtract(Ops.Sigmoid(x), t))),
            (Expression<Func<double, double, double[], double[], double[]>>)((g, y, x, t) => Ops.Scale(-g / x.Length, x)));

        // The backward kernels, with reverse rules too, for reverse over forward (a gradient of Ops.Derivative): ȳ is
        // the adjoint of the kernel's result, per row. SoftmaxBackward r = s∘(h − ⟨h, s⟩) is symmetric in h, and
        // ∂rᵢ/∂sₖ = δᵢₖ(hᵢ − ⟨h, s⟩) − sᵢhₖ gives s̄ = ȳ∘(h − ⟨h, s⟩) − h·⟨ȳ, s⟩.
        Kernel<double[]>((h, s) => Kernels.SoftmaxBackward(h, s), SoftmaxBackward,
            (g, y, h, s) => Kernels.SoftmaxBackward(g, s), (g, y, h, s) => Ops.Subtract(Ops.Multiply(g, Ops.Add(h, -Ops.Dot(h, s))), Ops.Scale(Ops.Dot(g, s), h)));
        Kernel<double[,]>((h, s) => Kernels.SoftmaxBackward(h, s), SoftmaxBackward,
            (g, y, h, s) => Kernels.SoftmaxBackward(g, s), (g, y, h, s) => Ops.Subtract(Ops.Multiply(g, Ops.AddColumn(h, Ops.Scale(-1.0, Ops.SumRows(Ops.Multiply(h, s))))), Ops.ScaleRows(h, Ops.SumRows(Ops.Multiply(g, s)))));
        // r = h − e^ℓ·Σh per row: h̄ = ȳ − ⟨ȳ, e^ℓ⟩, ℓ̄ = −ȳ∘e^ℓ·Σh.
        Kernel<double[]>((h, l) => Kernels.LogSoftmaxBackward(h, l), LogSoftmaxBackward,
            (g, y, h, l) => Ops.Add(g, -Ops.Dot(g, Ops.Exp(l))), (g, y, h, l) => Ops.Scale(-Ops.Sum(h), Ops.Multiply(g, Ops.Exp(l))));
        Kernel<double[,]>((h, l) => Kernels.LogSoftmaxBackward(h, l), LogSoftmaxBackward,
            (g, y, h, l) => Ops.AddColumn(g, Ops.Scale(-1.0, Ops.SumRows(Ops.Multiply(g, Ops.Exp(l))))), (g, y, h, l) => Ops.ScaleRows(Ops.Multiply(g, Ops.Exp(l)), Ops.Scale(-1.0, Ops.SumRows(h))));
        // r = (h/rows)·(softmax(x) − onehot): x̄ = (h/rows)·SoftmaxBackward(ȳ, softmax(x)) (softmax's Jacobian is
        // symmetric), h̄ = ⟨ȳ, r⟩/h = ⟨ȳ, CrossEntropyBackward(x, labels, 1)⟩.
        RuleTable.Add((Expression<Func<double[,], int[], double, double[,]>>)((logits, labels, h) => Kernels.CrossEntropyBackward(logits, labels, h)),
            CrossEntropyBackward,
            (Expression<Func<double[,], double[,], double[,], int[], double, double[,]>>)((g, y, logits, labels, h) =>
                Ops.Scale(h / logits.GetLength(0), Kernels.SoftmaxBackward(g, Ops.Softmax(logits)))),
            null,
            (Expression<Func<double[,], double[,], double[,], int[], double, double>>)((g, y, logits, labels, h) =>
                Ops.Dot(g, Kernels.CrossEntropyBackward(logits, labels, 1.0))));
    }

    private static void Kernel<T>(Expression<Func<T, T, T>> kernel, TangentRule tangent,
        Expression<Func<T, T, T, T, T>> byAdjoint, Expression<Func<T, T, T, T, T>> byOutput) =>
        RuleTable.Add(kernel, tangent, byAdjoint, byOutput);

    /// <summary>ẏ = ẋ − ⟨softmax(x), ẋ⟩ per row (the Jacobian I − 1·softmaxᵀ is not symmetric).</summary>
    private static readonly TangentRule LogSoftmax = (y, x, dx, rule) => Centered(dx[0]!, Call(nameof(Ops.Softmax), x[0]));

    /// <summary>(y∘(g − ⟨g, y⟩))˙ = SoftmaxBackward(ġ, y) + ẏ∘(g − ⟨g, y⟩) − y·⟨g, ẏ⟩, per row.</summary>
    private static readonly TangentRule SoftmaxBackward = (y, x, dx, rule) =>
    {
        var (g, s) = (x[0], x[1]);
        var fromG = dx[0] is null ? null : Expression.Call(((MethodCallExpression)y).Method, dx[0]!, s);
        if (dx[1] is not { } ds) return fromG;
        var fromS = Call(nameof(Ops.Subtract), Call(nameof(Ops.Multiply), ds, Centered(g, s)), ScaleRows(s, RowDots(g, ds)));
        return Tangents.Plus(fromG, fromS);
    };

    /// <summary>(g − exp(y)·Σg)˙ = LogSoftmaxBackward(ġ, y) − (exp(y)∘ẏ)·Σg, per row.</summary>
    private static readonly TangentRule LogSoftmaxBackward = (y, x, dx, rule) =>
    {
        var (g, logs) = (x[0], x[1]);
        var fromG = dx[0] is null ? null : Expression.Call(((MethodCallExpression)y).Method, dx[0]!, logs);
        if (dx[1] is not { } dlogs) return fromG;
        var fromY = Negate(ScaleRows(Call(nameof(Ops.Multiply), Call(nameof(Ops.Exp), logs), dlogs), RowSums(g)));
        return Tangents.Plus(fromG, fromY);
    };

    /// <summary>((g/r)(S − onehot))˙ = (ġ/r)(S − onehot) + (g/r)·S∘(ṁ − ⟨S, ṁ⟩) row by row, with S = softmax(logits).</summary>
    private static readonly TangentRule CrossEntropyBackward = (y, x, dx, rule) =>
    {
        var (logits, labels, g) = (x[0], x[1], x[2]);
        var fromG = dx[2] is null ? null : Expression.Call(((MethodCallExpression)y).Method, logits, labels, dx[2]!);
        if (dx[0] is not { } dlogits) return fromG;
        var softmax = Call(nameof(Ops.Softmax), logits);
        var rows = Expression.Convert(Expression.Call(logits, nameof(Array.GetLength), null, Expression.Constant(0)), typeof(double));
        var fromLogits = Call(nameof(Ops.Scale), Expression.Divide(g, rows), Call(nameof(Ops.Multiply), softmax, Centered(dlogits, softmax)));
        return Tangents.Plus(fromG, fromLogits);
    };

    /// <summary>v − ⟨v, w⟩ per row: v minus its w-weighted mean (w a softmax).</summary>
    private static Expression Centered(Expression v, Expression w) => v.Type == typeof(double[])
        ? Call(nameof(Ops.Add), v, Expression.Negate(Call(nameof(Ops.Dot), v, w)))
        : Call(nameof(Ops.AddColumn), v, Negate(RowDots(v, w)));

    /// <summary>⟨a, b⟩ of a vector, or of each row of a matrix.</summary>
    private static Expression RowDots(Expression a, Expression b) => a.Type == typeof(double[])
        ? Call(nameof(Ops.Dot), a, b)
        : Call(nameof(Ops.SumRows), Call(nameof(Ops.Multiply), a, b));

    private static Expression RowSums(Expression a) => a.Type == typeof(double[]) ? Call(nameof(Ops.Sum), a) : Call(nameof(Ops.SumRows), a);

    /// <summary>Scales a vector by a scalar, or row i of a matrix by s[i].</summary>
    private static Expression ScaleRows(Expression m, Expression s) => m.Type == typeof(double[])
        ? Call(nameof(Ops.Scale), s, m)
        : Call(nameof(Ops.ScaleRows), m, s);

    private static Expression Negate(Expression e) => e.Type == typeof(double)
        ? Expression.Negate(e)
        : Tangents.Call(typeof(Kernels), nameof(Kernels.Negate), e);

    private static Expression Call(string name, params Expression[] args) => Tangents.Call(typeof(Ops), name, args);

    private static void Rule<T1, TResult>(Expression<Func<T1, TResult>> primitive, TangentRule tangent,
        Expression<Func<TResult, TResult, T1, T1>> adjoint) =>
        RuleTable.Add(primitive, tangent, adjoint);
}
