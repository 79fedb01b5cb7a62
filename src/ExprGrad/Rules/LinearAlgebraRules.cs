using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Linear algebra at matrix level (Giles, "An extended collection of matrix derivative results", 2008; Murray,
/// "Differentiation of the Cholesky decomposition", 2016). Every contribution and tangent is written in
/// primitives that have rules themselves (solves, products, transposes, the masks), so second order goes
/// through. With X = A⁻¹B: B̄ = A⁻ᵀX̄, Ā = −B̄Xᵀ, Ẋ = A⁻¹(Ḃ − ȦX). Triangular solves read one triangle, so their
/// matrix's adjoint and tangent are masked to it. Cholesky and LogDeterminant read the symmetric part S of A:
/// L̇ = LΦ(L⁻¹ṠL⁻ᵀ), Ā = sym(L⁻ᵀΦ(LᵀL̄)L⁻¹), with Φ the strict lower triangle plus half the diagonal.
/// </summary>
internal static class LinearAlgebraRules
{
    public static void RegisterAll()
    {
        RuleTable.Add((Expression<Func<double[,], double>>)(a => Ops.Trace(a)), Tangents.Linear(0),
            (Expression<Func<double, double, double[,], double[,]>>)((g, y, a) => Kernels.ScaledIdentity(g, a)));
        RuleTable.Add((Expression<Func<double[,], double[]>>)(a => Ops.Diagonal(a)), Tangents.Linear(0),
            (Expression<Func<double[], double[], double[,], double[,]>>)((g, y, a) => Kernels.DiagonalMatrix(g, a)));

        RuleTable.Add((Expression<Func<double[,], double[,]>>)(a => Ops.Inverse(a)), InverseTangent,
            (Expression<Func<double[,], double[,], double[,], double[,]>>)((g, y, a) =>
                Kernels.Negate(Kernels.MatMulTransposeA(y, Kernels.MatMulTransposeB(g, y)))));

        RuleTable.Add((Expression<Func<double[,], double[,], double[,]>>)((a, b) => Ops.Solve(a, b)), SolveTangent,
            (Expression<Func<double[,], double[,], double[,], double[,], double[,]>>)((g, y, a, b) =>
                Kernels.Negate(Kernels.MatMulTransposeB(Ops.Solve(Ops.Transpose(a), g), y))),
            (Expression<Func<double[,], double[,], double[,], double[,], double[,]>>)((g, y, a, b) => Ops.Solve(Ops.Transpose(a), g)));
        RuleTable.Add((Expression<Func<double[,], double[], double[]>>)((a, b) => Ops.Solve(a, b)), SolveTangent,
            (Expression<Func<double[], double[], double[,], double[], double[,]>>)((g, y, a, b) =>
                Kernels.Negate(Kernels.Outer(Ops.Solve(Ops.Transpose(a), g), y))),
            (Expression<Func<double[], double[], double[,], double[], double[]>>)((g, y, a, b) => Ops.Solve(Ops.Transpose(a), g)));

        RuleTable.Add((Expression<Func<double[,], double[,], double[,]>>)((l, b) => Ops.SolveLower(l, b)), SolveLowerTangent,
            (Expression<Func<double[,], double[,], double[,], double[,], double[,]>>)((g, y, l, b) =>
                Kernels.Negate(Kernels.LowerTriangle(Kernels.MatMulTransposeB(Ops.SolveUpper(Ops.Transpose(l), g), y)))),
            (Expression<Func<double[,], double[,], double[,], double[,], double[,]>>)((g, y, l, b) => Ops.SolveUpper(Ops.Transpose(l), g)));
        RuleTable.Add((Expression<Func<double[,], double[], double[]>>)((l, b) => Ops.SolveLower(l, b)), SolveLowerTangent,
            (Expression<Func<double[], double[], double[,], double[], double[,]>>)((g, y, l, b) =>
                Kernels.Negate(Kernels.LowerTriangle(Kernels.Outer(Ops.SolveUpper(Ops.Transpose(l), g), y)))),
            (Expression<Func<double[], double[], double[,], double[], double[]>>)((g, y, l, b) => Ops.SolveUpper(Ops.Transpose(l), g)));
        RuleTable.Add((Expression<Func<double[,], double[,], double[,]>>)((u, b) => Ops.SolveUpper(u, b)), SolveUpperTangent,
            (Expression<Func<double[,], double[,], double[,], double[,], double[,]>>)((g, y, u, b) =>
                Kernels.Negate(Kernels.UpperTriangle(Kernels.MatMulTransposeB(Ops.SolveLower(Ops.Transpose(u), g), y)))),
            (Expression<Func<double[,], double[,], double[,], double[,], double[,]>>)((g, y, u, b) => Ops.SolveLower(Ops.Transpose(u), g)));
        RuleTable.Add((Expression<Func<double[,], double[], double[]>>)((u, b) => Ops.SolveUpper(u, b)), SolveUpperTangent,
            (Expression<Func<double[], double[], double[,], double[], double[,]>>)((g, y, u, b) =>
                Kernels.Negate(Kernels.UpperTriangle(Kernels.Outer(Ops.SolveLower(Ops.Transpose(u), g), y)))),
            (Expression<Func<double[], double[], double[,], double[], double[]>>)((g, y, u, b) => Ops.SolveLower(Ops.Transpose(u), g)));

        // Ā = sym(L⁻ᵀ P L⁻¹) with P = Φ(LᵀL̄): W = L⁻ᵀP, then WL⁻¹ = (L⁻ᵀWᵀ)ᵀ.
        RuleTable.Add((Expression<Func<double[,], double[,]>>)(a => Ops.Cholesky(a)), CholeskyTangent,
            (Expression<Func<double[,], double[,], double[,], double[,]>>)((g, y, a) => Kernels.Symmetric(Ops.Transpose(
                Ops.SolveUpper(Ops.Transpose(y), Ops.Transpose(Ops.SolveUpper(Ops.Transpose(y),
                    Kernels.LowerHalfDiagonal(Kernels.MatMulTransposeA(y, g)))))))));
        RuleTable.Add((Expression<Func<double[,], double>>)(a => Ops.LogDeterminant(a)), Tangents.FromGradient,
            (Expression<Func<double, double, double[,], double[,]>>)((g, y, a) => Ops.Scale(g, Ops.Inverse(Kernels.Symmetric(a)))));

        // The linear maps the rules above are written in: each is its own adjoint, or the adjoint of the other.
        RuleTable.Add((Expression<Func<double, double[,], double[,]>>)((s, like) => Kernels.ScaledIdentity(s, like)), Tangents.Linear(0),
            (Expression<Func<double[,], double[,], double, double[,], double>>)((g, y, s, like) => Ops.Trace(g)), null);
        RuleTable.Add((Expression<Func<double[], double[,], double[,]>>)((d, like) => Kernels.DiagonalMatrix(d, like)), Tangents.Linear(0),
            (Expression<Func<double[,], double[,], double[], double[,], double[]>>)((g, y, d, like) => Ops.Diagonal(g)), null);
        SelfAdjoint(a => Kernels.LowerTriangle(a), (g, y, a) => Kernels.LowerTriangle(g));
        SelfAdjoint(a => Kernels.UpperTriangle(a), (g, y, a) => Kernels.UpperTriangle(g));
        SelfAdjoint(a => Kernels.LowerHalfDiagonal(a), (g, y, a) => Kernels.LowerHalfDiagonal(g));
        SelfAdjoint(a => Kernels.Symmetric(a), (g, y, a) => Kernels.Symmetric(g));
    }

    private static void SelfAdjoint(Expression<Func<double[,], double[,]>> primitive, Expression<Func<double[,], double[,], double[,], double[,]>> adjoint) =>
        RuleTable.Add(primitive, Tangents.Linear(0), adjoint);

    /// <summary>(A⁻¹)˙ = −A⁻¹ȦA⁻¹.</summary>
    private static readonly TangentRule InverseTangent = (y, x, dx, rule) =>
        Call(typeof(Kernels), nameof(Kernels.Negate), Call(typeof(Ops), nameof(Ops.MatMul), y, Call(typeof(Ops), nameof(Ops.MatMul), dx[0]!, y)));

    /// <summary>Ẋ = A⁻¹(Ḃ − ȦX), for any solve; <paramref name="mask"/> restricts Ȧ to the triangle the solve reads.</summary>
    private static TangentRule SolveWith(string solve, string? mask) => (y, x, dx, rule) =>
    {
        Expression? rhs = dx[1];
        if (dx[0] is { } da)
        {
            var product = Call(typeof(Ops), nameof(Ops.MatMul), mask is null ? da : Call(typeof(Kernels), mask, da), y);
            rhs = rhs is null ? Call(typeof(Kernels), nameof(Kernels.Negate), product) : Call(typeof(Ops), nameof(Ops.Subtract), rhs, product);
        }
        return Call(typeof(Ops), solve, x[0], rhs!);
    };

    private static readonly TangentRule SolveTangent = SolveWith(nameof(Ops.Solve), null);
    private static readonly TangentRule SolveLowerTangent = SolveWith(nameof(Ops.SolveLower), nameof(Kernels.LowerTriangle));
    private static readonly TangentRule SolveUpperTangent = SolveWith(nameof(Ops.SolveUpper), nameof(Kernels.UpperTriangle));

    /// <summary>L̇ = LΦ(L⁻¹ṠL⁻ᵀ), Ṡ = sym(Ȧ); V = L⁻¹Ṡ, then VL⁻ᵀ = (L⁻¹Vᵀ)ᵀ.</summary>
    private static readonly TangentRule CholeskyTangent = (y, x, dx, rule) =>
    {
        var v = Call(typeof(Ops), nameof(Ops.SolveLower), y, Call(typeof(Kernels), nameof(Kernels.Symmetric), dx[0]!));
        var inner = Call(typeof(Ops), nameof(Ops.Transpose), Call(typeof(Ops), nameof(Ops.SolveLower), y, Call(typeof(Ops), nameof(Ops.Transpose), v)));
        return Call(typeof(Ops), nameof(Ops.MatMul), y, Call(typeof(Kernels), nameof(Kernels.LowerHalfDiagonal), inner));
    };

    private static Expression Call(Type type, string name, params Expression[] args) => Tangents.Call(type, name, args);
}
