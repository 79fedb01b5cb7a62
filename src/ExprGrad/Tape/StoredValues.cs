using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// The values of a loop body that its forward loop keeps, one array element per iteration, for the backward
/// loop to read instead of recomputing them (<see cref="GradientOptions.StoreCostlyValues"/>, chosen by
/// <see cref="StorePlanner"/>). Each stage in <see cref="Arrays"/> writes its output to
/// <c>array[Index]</c> right after computing it; the backward loop, running over the same indices, reads it back.
/// </summary>
/// <param name="Arrays">The array of each stored stage, by the stage's output.</param>
/// <param name="Index">The loop's index: a sum's index, a scan's time.</param>
/// <param name="Count">How many iterations the loop runs (negative: none).</param>
internal sealed record StoredValues(IReadOnlyDictionary<Expression, ParameterExpression> Arrays, ParameterExpression Index, Expression Count);
