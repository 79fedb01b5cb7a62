using System.Linq.Expressions;
using static System.Linq.Expressions.Expression;

namespace ExprGrad.Tests.Differential;

/// <summary>
/// The special functions and the linear algebra: as Ops calls on arguments mapped into their domains, or unrolled into
/// scalar expressions. The unrolled forms are the textbook ones (the Cholesky recurrences, substitution, the adjugate for
/// the inverse and a general solve), sharing nothing with the engine's kernels; the scalar special functions stay calls,
/// which the dual numbers interpret by their derivatives (<c>SpecialDuals</c>).
/// </summary>
public sealed partial class ProgramRenderer
{
    private static readonly System.Reflection.MethodInfo MathSqrt = typeof(Math).GetMethod(nameof(Math.Sqrt))!;
    private static readonly System.Reflection.MethodInfo MathTanh = typeof(Math).GetMethod(nameof(Math.Tanh))!;

    private Expression StatisticsTensorOf(Tensor tensor, Scope scope)
    {
        switch (tensor)
        {
            case SpecialTensor s:
                var a = TensorOf(s.A, scope);
                return Call(OpsMethod(s.Op, a.Type), InDomain(s.Op, a));
            case SpecialPair p:
                var (l, r) = (TensorOf(p.A, scope), TensorOf(p.B, scope));
                return p.Op == nameof(Ops.LogBeta)
                    ? Call(OpsMethod(p.Op, l.Type, r.Type), Bounded(l), Bounded(r))
                    : Call(OpsMethod(p.Op, l.Type, r.Type), l, r);
            case Factor f:
                var m = TensorOf(f.A, scope);
                return f.Op == nameof(Ops.Cholesky)
                    ? Call(OpsMethod(f.Op, typeof(double[,])), PositiveDefinite(m))
                    : Call(OpsMethod(f.Op, typeof(double[,])), Dominant(m));
            case Solved s:
                var (matrix, rhs) = (TensorOf(s.A, scope), TensorOf(s.B, scope));
                return Call(OpsMethod(s.Op, typeof(double[,]), rhs.Type), Dominant(matrix), rhs);
            default:
                throw new ArgumentException($"Unknown tensor {tensor}");
        }
    }

    private Expression[] StatisticsElements(Tensor tensor, Scope scope)
    {
        switch (tensor)
        {
            case SpecialTensor s:
                var f = typeof(Ops).GetMethod(s.Op, [typeof(double)])!;
                return [.. Elements(s.A, scope).Select(x => (Expression)Call(f, InDomain(s.Op, x)))];
            case SpecialPair p:
                var g = typeof(Ops).GetMethod(p.Op, [typeof(double), typeof(double)])!;
                bool positive = p.Op == nameof(Ops.LogBeta);
                return [.. Elements(p.A, scope).Zip(Elements(p.B, scope), (x, y) => (Expression)(positive ? Call(g, Bounded(x), Bounded(y)) : Call(g, x, y)))];
            case Factor fa:
                var m = Elements(fa.A, scope);
                return fa.Op == nameof(Ops.Cholesky) ? CholeskyOf(PositiveDefinite(m)) : InverseOf(Dominant(m));
            case Solved so:
                var (a, b) = (Dominant(Elements(so.A, scope)), Elements(so.B, scope));
                return so.Op switch
                {
                    nameof(Ops.SolveLower) => Substitute(a, b, lower: true),
                    nameof(Ops.SolveUpper) => Substitute(a, b, lower: false),
                    _ => Product(InverseOf(a), b),
                };
            default:
                throw new ArgumentException($"Unknown tensor {tensor}");
        }
    }

    /// <summary>The argument mapped into the function's domain: A∘A + ½ for the Γ family, its negative for Log1mExp,
    /// 0.8σ(A) + 0.1 for Logit; the others take any argument.</summary>
    private static Expression InDomain(string op, Expression a) => op switch
    {
        nameof(Ops.LogGamma) or nameof(Ops.Digamma) or nameof(Ops.Trigamma) => Positive(a),
        nameof(Ops.Log1mExp) => a.Type == typeof(double)
            ? Multiply(Constant(-1.0), Positive(a))
            : Call(OpsMethod(nameof(Ops.Scale), typeof(double), a.Type), Constant(-1.0), Positive(a)),
        nameof(Ops.Logit) => a.Type == typeof(double)
            ? Add(Multiply(Constant(0.8), Call(OpsMethod(nameof(Ops.Sigmoid), typeof(double)), a)), Constant(0.1))
            : Call(OpsMethod(nameof(Ops.Add), a.Type, typeof(double)),
                Call(OpsMethod(nameof(Ops.Scale), typeof(double), a.Type), Constant(0.8), Call(OpsMethod(nameof(Ops.Sigmoid), a.Type), a)), Constant(0.1)),
        _ => a,
    };

    /// <summary>a·a + ½, of a number or of every element.</summary>
    private static Expression Positive(Expression a) => a.Type == typeof(double)
        ? Add(Multiply(a, a), Constant(0.5))
        : Call(OpsMethod(nameof(Ops.Add), a.Type, typeof(double)), Call(OpsMethod(nameof(Ops.Square), a.Type), a), Constant(0.5));

    /// <summary>10σ(a) + ½ in [0.5, 10.5], of a number or of every element: LogBeta's arguments, so that the dual numbers'
    /// plain ψ(a) − ψ(a + b) keeps its digits (the engine's stable form is checked at extremes in ElementwisePairTests).</summary>
    private static Expression Bounded(Expression a) => a.Type == typeof(double)
        ? Add(Multiply(Constant(10.0), Call(OpsMethod(nameof(Ops.Sigmoid), typeof(double)), a)), Constant(0.5))
        : Call(OpsMethod(nameof(Ops.Add), a.Type, typeof(double)),
            Call(OpsMethod(nameof(Ops.Scale), typeof(double), a.Type), Constant(10.0), Call(OpsMethod(nameof(Ops.Sigmoid), a.Type), a)), Constant(0.5));

    /// <summary>s·I as users write a constant matrix in a method too: <c>Ops.Reshape(new double[] { s, 0, … }, L, L)</c>
    /// (a double[,] constant has no C# literal, so a [Differentiable] method could not hold one).</summary>
    private Expression ScaledIdentity(double s) => Call(OpsMethod(nameof(Ops.Reshape), typeof(double[]), typeof(int), typeof(int)),
        NewArrayInit(typeof(double), Enumerable.Range(0, L * L).Select(k => (Expression)Constant(k / L == k % L ? s : 0.0))), Constant(L), Constant(L));

    /// <summary>tanh(A)·tanh(A)ᵀ + L·I: eigenvalues in [L, L + L²].</summary>
    private Expression PositiveDefinite(Expression a)
    {
        var h = Call(OpsMethod(nameof(Ops.Tanh), typeof(double[,])), a);
        var product = Call(OpsMethod(nameof(Ops.MatMul), typeof(double[,]), typeof(double[,])), h,
            Call(OpsMethod(nameof(Ops.Transpose), typeof(double[,])), h));
        return Call(OpsMethod(nameof(Ops.Add), typeof(double[,]), typeof(double[,])), product, ScaledIdentity(L));
    }

    private Expression[] PositiveDefinite(Expression[] a)
    {
        int n = L;
        var h = a.Select(x => (Expression)Call(MathTanh, x)).ToArray();
        return [.. Enumerable.Range(0, n * n).Select(k =>
        {
            var dot = Enumerable.Range(0, n).Select(j => (Expression)Multiply(h[(k / n) * n + j], h[(k % n) * n + j])).Aggregate(Add);
            return k / n == k % n ? Add(dot, Constant((double)n)) : dot;
        })];
    }

    /// <summary>tanh(A) + (L + 1)·I: each row's off-diagonal sum is below L − 1, its diagonal above L.</summary>
    private Expression Dominant(Expression a) => Call(OpsMethod(nameof(Ops.Add), typeof(double[,]), typeof(double[,])),
        Call(OpsMethod(nameof(Ops.Tanh), typeof(double[,])), a), ScaledIdentity(L + 1));

    private Expression[] Dominant(Expression[] a) =>
        [.. a.Select((x, k) => k / L == k % L ? (Expression)Add(Call(MathTanh, x), Constant(L + 1.0)) : Call(MathTanh, x))];

    /// <summary>The Cholesky recurrences on the lower triangle: lⱼⱼ = √(sⱼⱼ − Σₖ lⱼₖ²), lᵢⱼ = (sᵢⱼ − Σₖ lᵢₖlⱼₖ)/lⱼⱼ.</summary>
    private Expression[] CholeskyOf(Expression[] s)
    {
        int n = L;
        var l = Enumerable.Repeat((Expression)Constant(0.0), n * n).ToArray();
        for (int j = 0; j < n; j++)
        {
            Expression diagonal = s[j * n + j];
            for (int k = 0; k < j; k++) diagonal = Subtract(diagonal, Multiply(l[j * n + k], l[j * n + k]));
            l[j * n + j] = Call(MathSqrt, diagonal);
            for (int i = j + 1; i < n; i++)
            {
                Expression e = s[i * n + j];
                for (int k = 0; k < j; k++) e = Subtract(e, Multiply(l[i * n + k], l[j * n + k]));
                l[i * n + j] = Divide(e, l[j * n + j]);
            }
        }
        return l;
    }

    /// <summary>log det S = 2 Σ log lᵢᵢ.</summary>
    private Expression LogDeterminantOf(Expression[] s)
    {
        var l = CholeskyOf(s);
        return Enumerable.Range(0, L).Select(i => (Expression)Multiply(Constant(2.0), Call(MathLog, l[i * L + i]))).Aggregate(Add);
    }

    /// <summary>A⁻¹ = adj(A)/det A, with cofactors by Laplace expansion (L ≤ 3).</summary>
    private Expression[] InverseOf(Expression[] a)
    {
        int n = L;
        var determinant = Determinant(a, n);
        return [.. Enumerable.Range(0, n * n).Select(k =>
        {
            var (i, j) = (k / n, k % n);
            var cofactor = Determinant(Minor(a, n, j, i), n - 1);
            return (Expression)Divide((i + j) % 2 == 0 ? cofactor : Negate(cofactor), determinant);
        })];
    }

    private static Expression Determinant(Expression[] a, int n) => n == 0 ? Constant(1.0)
        : Enumerable.Range(0, n).Select(j =>
        {
            var term = (Expression)Multiply(a[j], Determinant(Minor(a, n, 0, j), n - 1));
            return j % 2 == 0 ? term : Negate(term);
        }).Aggregate(Add);

    private static Expression[] Minor(Expression[] a, int n, int row, int column) =>
        [.. Enumerable.Range(0, n * n).Where(k => k / n != row && k % n != column).Select(k => a[k])];

    /// <summary>M·B for B a vector (length L) or a matrix (L×L).</summary>
    private Expression[] Product(Expression[] m, Expression[] b)
    {
        int n = L, columns = b.Length / n;
        return [.. Enumerable.Range(0, n * columns).Select(k =>
            Enumerable.Range(0, n).Select(j => (Expression)Multiply(m[(k / columns) * n + j], b[j * columns + k % columns])).Aggregate(Add))];
    }

    /// <summary>Forward (lower) or back (upper) substitution, column by column, reading one triangle of A.</summary>
    private Expression[] Substitute(Expression[] a, Expression[] b, bool lower)
    {
        int n = L, columns = b.Length / n;
        var x = new Expression[b.Length];
        for (int c = 0; c < columns; c++)
            for (int step = 0; step < n; step++)
            {
                int i = lower ? step : n - 1 - step;
                Expression e = b[i * columns + c];
                for (int j = lower ? 0 : i + 1; lower ? j < i : j < n; j++) e = Subtract(e, Multiply(a[i * n + j], x[j * columns + c]));
                x[i * columns + c] = Divide(e, a[i * n + i]);
            }
        return x;
    }
}
