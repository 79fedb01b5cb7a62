using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace ExprGrad;

/// <summary>
/// Which user function each emitted program was built from. A later stage that transforms an emitted program
/// (forward mode over a gradient program, for Hessians and Jacobians) reports its errors against the function
/// the user wrote, not against the program's internal variables.
/// </summary>
internal static class ProgramSources
{
    private static readonly ConditionalWeakTable<LambdaExpression, LambdaExpression> Sources = new();

    public static void Remember(LambdaExpression program, LambdaExpression source) => Sources.AddOrUpdate(program, source);

    public static LambdaExpression? Of(LambdaExpression program) => Sources.TryGetValue(program, out var source) ? source : null;
}
