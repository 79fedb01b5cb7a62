using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// Builds the gradient of a parameter set: a new instance of its type (created as <see cref="SetConstruction"/>
/// says) holding each parameter's gradient, new nested sets and new arrays of new sets of the same lengths, and
/// the differentiated instance's data members, so the gradient reads like the parameters it belongs to.
/// </summary>
internal static class SetGradients
{
    /// <param name="node">The set.</param>
    /// <param name="inputs">The variable holding each set of the differentiated instance.</param>
    /// <param name="gradientOf">The gradient of a leaf.</param>
    public static Expression New(SetInstanceNode node, IReadOnlyDictionary<SetInstanceNode, ParameterExpression> inputs,
        Func<LeafNode, Expression> gradientOf) =>
        node.Layout.Construction.New(m => node.Child(m) switch
        {
            LeafNode leaf => gradientOf(leaf),
            SetInstanceNode set => New(set, inputs, gradientOf),
            SetArrayNode array => Expression.NewArrayInit(m.Layout!.Type, array.Elements.Select(e => New(e, inputs, gradientOf))),
            _ => m.Read(inputs[node]),
        });
}
