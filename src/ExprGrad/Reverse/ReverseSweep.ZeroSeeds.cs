using System.Linq.Expressions;

namespace ExprGrad;

internal sealed partial class ReverseSweep
{
    /// <summary>
    /// <paramref name="loop"/>, run only when <paramref name="seed"/> — the one adjoint it receives — is not exactly
    /// zero (<see cref="GradientOptions.SkipZeroAdjointLoops"/>). Every contribution of the loop is linear in the
    /// seed, so a zero seed sends only zeros; NaN compares unequal to zero, so a NaN seed still runs. A constant
    /// seed (1/N of a mean) needs no test.
    /// </summary>
    private Expression UnlessZero(Expression seed, Expression loop) =>
        !options.SkipZeroAdjointLoops || seed.Type != typeof(double) || seed is ConstantExpression
            ? loop
            : Expression.IfThen(Expression.NotEqual(seed, Expression.Constant(0.0)), loop);
}
