using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad;

/// <summary>
/// <see cref="GradientOptions.FuseProductEpilogues"/>: in a compiled gradient, the adjoint a product sends back to its
/// left operand, <c>d = Kernels.MatMulTransposeB(g, b)</c>, that is read only by the sigmoid's backward kernel,
/// <c>e = Kernels.SigmoidBackward(d, y)</c>, becomes one kernel, <c>e = Kernels.MatMulTransposeBSigmoidBackward(g, b, y)</c>,
/// which finishes each row of the product while it is in cache instead of writing the product out and making three
/// more passes over it. The same operations per element, so the same values bit for bit.
/// </summary>
/// <remarks>
/// Both statements are top-level statements of the program (once per call), the product's variable occurs nowhere
/// else, and no statement between them assigns g or b or writes into any array, so g·bᵀ computed at the later
/// statement is what the earlier one computed. Runs on the simplified program, before
/// <see cref="IntermediateArrays"/>, which may then keep the fused kernel's result.
/// </remarks>
internal static class ProductEpilogues
{
    private static readonly MethodInfo Product =
        typeof(Kernels).GetMethod(nameof(Kernels.MatMulTransposeB), [typeof(double[,]), typeof(double[,])])!;
    private static readonly MethodInfo Sigmoid =
        typeof(Kernels).GetMethod(nameof(Kernels.SigmoidBackward), [typeof(double[,]), typeof(double[,])])!;
    internal static readonly MethodInfo Fused = typeof(Kernels).GetMethod(nameof(Kernels.MatMulTransposeBSigmoidBackward),
        BindingFlags.NonPublic | BindingFlags.Static, [typeof(double[,]), typeof(double[,]), typeof(double[,])])!;

    public static LambdaExpression Run(LambdaExpression program)
    {
        if (program.Body is not BlockExpression body) return program;
        var code = body.Expressions.ToList();
        if (code.Any(s => s is LabelExpression)) return program; // a jump back could run a statement twice
        // Most programs have no such product: skip collecting every statement's references (a set per statement).
        if (!code.Any(IsProductStatement)) return program;
        var owned = body.Variables.ToHashSet();
        var reads = code.Select(s =>
        {
            var nodes = new HashSet<Expression>();
            References.Collect(s, nodes);
            return nodes;
        }).ToList();
        bool changed = false;
        for (int i = 0; i < code.Count; i++)
        {
            if (!IsProductStatement(code[i])
                || code[i] is not BinaryExpression { Left: ParameterExpression d, Right: MethodCallExpression { Arguments: [ParameterExpression g, ParameterExpression b] } }
                || !owned.Contains(d)) continue;
            int j = i + 1;
            while (j < code.Count && !reads[j].Contains(d)) j++;
            if (j == code.Count
                || code[j] is not BinaryExpression { NodeType: ExpressionType.Assign, Left: ParameterExpression e, Right: MethodCallExpression backward }
                || backward.Method != Sigmoid || backward.Arguments[0] != d || e == d
                || reads.Skip(j + 1).Any(r => r.Contains(d)) || backward.Arguments[1] == d
                || code.Skip(i + 1).Take(j - i - 1).Any(s => !Harmless(s, g, b))) continue;
            code[j] = Expression.Assign(e, Expression.Call(Fused, g, b, backward.Arguments[1]));
            code[i] = Expression.Empty();
            reads[i] = [];
            changed = true;
        }
        return changed
            ? Expression.Lambda(program.Type, Expression.Block(body.Type, body.Variables, code), program.Name, program.Parameters)
            : program;
    }

    /// <summary><c>d = Kernels.MatMulTransposeB(g, b)</c> with d, g and b variables: a candidate for fusing.</summary>
    private static bool IsProductStatement(Expression statement) =>
        statement is BinaryExpression { NodeType: ExpressionType.Assign, Left: ParameterExpression, Right: MethodCallExpression product }
        && product.Method == Product && product.Arguments is [ParameterExpression, ParameterExpression];

    /// <summary>A statement that assigns a variable other than g and b from a call that returns a value, writing into no array.</summary>
    private static bool Harmless(Expression statement, ParameterExpression g, ParameterExpression b) =>
        statement is BinaryExpression { NodeType: ExpressionType.Assign, Left: ParameterExpression v, Right: var value }
        && v != g && v != b
        && (value is MethodCallExpression { Object: null } call && call.Method.ReturnType != typeof(void)
            && (call.Method.DeclaringType == typeof(Kernels) || call.Method.DeclaringType == typeof(Ops))
            && call.Arguments.All(a => a is ParameterExpression or ConstantExpression || a.Type == typeof(double) && Purity.IsPure(a))
            || value is ParameterExpression or ConstantExpression || value.Type == typeof(double) && Purity.IsPure(value));
}
