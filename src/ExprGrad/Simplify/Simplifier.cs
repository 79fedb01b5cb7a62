using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>Stage 4: the optional clean-up passes over an emitted program, each behind its switch.</summary>
internal static class Simplifier
{
    public static LambdaExpression Run(LambdaExpression program, GradientOptions options)
    {
        var body = program.Body;
        if (options.FoldAlgebra) body = NegationInlining.Run(AlgebraicFolding.Run(body));
        if (options.EliminateDeadStores)
        {
            body = DeadArrayWrites.Run(body, program.Parameters);
            body = DeadStoreElimination.Run(body, options.LegacyAccumulationPurity);
        }
        if (options.EliminateOverwrittenStores) body = OverwrittenStores.Run(body);
        return body == program.Body ? program : Expression.Lambda(program.Type, body, program.Name, program.Parameters);
    }
}
